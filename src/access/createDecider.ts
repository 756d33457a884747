/**
 * The access plane's single decision point. Deny wins over allow whatever the
 * specificity; a deny names a tool loosely (foldName: case and NFKC), an allow
 * exactly; among several matching rules of the winning effect the first one
 * in the rule list is reported; no matching rule falls back to the default
 * (deny unless configured). Rules are indexed at construction by action, subject
 * and exact server / pattern / source, so a decision only looks at candidate rules
 * and allocates nothing: every possible Decision is built up front.
 */
import { parseAccessRules, type AccessAction, type AccessRule } from './accessRules.js';
import type { TrustLevel } from '../schemas/governance.js';
import { foldName } from './foldName.js';

export interface Principal {
  id: string;
  groups: string[];
  /** A caller without credentials: only `anonymous` rules concern them, and no rule means deny whatever the default. */
  anonymous?: boolean;
}

/** The principal of a caller without credentials (the read API of a private catalog). */
export const ANONYMOUS_PRINCIPAL: Readonly<Principal> = Object.freeze({ id: '', groups: [], anonymous: true });

export interface DecisionResource {
  server: string;
  tool?: string;
  /** The federation source the server is mirrored from; '' for a local server. */
  source?: string;
  /** The server's trust in force (null: none); when absent, the decider's `trustOf` is asked. */
  trust?: TrustLevel | null;
}

export interface Decision {
  allowed: boolean;
  rule: AccessRule | null;
  reason: string;
}

export interface Decider {
  decide(principal: Principal, action: AccessAction, resource: DecisionResource): Decision;
}

export interface DeciderOptions {
  /** What happens when no rule matches; `deny` unless set. */
  defaultEffect?: 'allow' | 'deny';
  /**
   * The trust in force of a server (held in memory by the access policy), asked only
   * when a candidate rule has a trust condition and the resource does not say.
   */
  trustOf?: (server: string, source: string | undefined) => TrustLevel | null;
}

/** Where a principal's groups come from (a directory, say); its own `groups` by default. */
export type GroupsOf = (principal: Principal) => readonly string[];

interface Compiled {
  index: number;
  deny: boolean;
  /** For a pattern: its prefix ('' for `*`). */
  prefix: string;
  /** For a tool rule: the tool name, or null for `*`. */
  tool: string | null;
  /** For a deny naming a tool: the name folded (foldName); null otherwise. */
  folded: string | null;
  /** The trust levels the rule is limited to (`none` included); null when it has no trust condition. */
  trust: ReadonlySet<string> | null;
  decision: Decision;
}

interface Bucket {
  servers: Map<string, Compiled[]>;
  serverPatterns: Compiled[];
  tools: Map<string, Compiled[]>;
  toolPatterns: Compiled[];
  sources: Map<string, Compiled[]>;
}

interface ActionIndex {
  users: Map<string, Bucket>;
  groups: Map<string, Bucket>;
  everyone: Bucket | null;
  anonymous: Bucket | null;
}

const newBucket = (): Bucket => ({ servers: new Map(), serverPatterns: [], tools: new Map(), toolPatterns: [], sources: new Map() });

function push<K>(map: Map<K, Compiled[]>, key: K, rule: Compiled): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

export function reasonFor(rule: AccessRule): string {
  const verb = rule.effect === 'deny' ? 'Denied' : 'Allowed';
  return rule.description ? `${verb} by rule "${rule.id}": ${rule.description}` : `${verb} by rule "${rule.id}"`;
}

export function createDecider(rules: readonly AccessRule[], groupsOf?: GroupsOf, options: DeciderOptions = {}): Decider {
  const valid = parseAccessRules(rules);
  const defaultAllowed = options.defaultEffect === 'allow';
  const noMatch: Decision = Object.freeze({
    allowed: defaultAllowed,
    rule: null,
    reason: `${defaultAllowed ? 'Allowed' : 'Denied'}: no rule matched (the default is ${defaultAllowed ? 'allow' : 'deny'})`,
  });
  // Anonymous callers see only what a rule for them allows: the default never opens anything to them.
  const anonymousNoMatch: Decision = Object.freeze({ allowed: false, rule: null, reason: 'Denied: no rule for anonymous callers matched (anonymous callers see only what such a rule allows)' });

  const byAction = new Map<AccessAction, ActionIndex>();
  valid.forEach((rule, index) => {
    const { resource, subject } = rule;
    const isPattern = 'server' in resource && resource.server.endsWith('*');
    const tool = 'tool' in resource && resource.tool !== '*' ? resource.tool : null;
    const compiled: Compiled = {
      index,
      deny: rule.effect === 'deny',
      prefix: isPattern ? resource.server.slice(0, -1) : '',
      tool,
      folded: rule.effect === 'deny' && tool !== null ? foldName(tool) : null,
      trust: resource.trust ? new Set(resource.trust) : null,
      decision: Object.freeze({ allowed: rule.effect === 'allow', rule, reason: reasonFor(rule) }),
    };
    for (const action of new Set(rule.actions)) {
      let idx = byAction.get(action);
      if (!idx) byAction.set(action, (idx = { users: new Map(), groups: new Map(), everyone: null, anonymous: null }));
      let bucket: Bucket;
      if ('everyone' in subject) bucket = idx.everyone ??= newBucket();
      else if ('anonymous' in subject) bucket = idx.anonymous ??= newBucket();
      else {
        const [map, key] = 'user' in subject ? [idx.users, subject.user] : [idx.groups, subject.group];
        bucket = map.get(key) ?? newBucket();
        map.set(key, bucket);
      }
      if ('source' in resource) push(bucket.sources, resource.source, compiled);
      else if ('tool' in resource) {
        if (isPattern) bucket.toolPatterns.push(compiled);
        else push(bucket.tools, resource.server, compiled);
      } else if (isPattern) bucket.serverPatterns.push(compiled);
      else push(bucket.servers, resource.server, compiled);
    }
  });

  // Scratch state of the decision in progress: decide() is synchronous, so one pair suffices.
  let deny: Compiled | null = null;
  let allow: Compiled | null = null;
  // The asked tool folded, computed once per decision and only when a deny needs it.
  let foldedTool: string | null = null;
  // The resource asked about, and its trust, looked up once per decision and only when a rule has a trust condition.
  let asked: DecisionResource | null = null;
  let askedTrust: string | null = null;
  const trustOf = options.trustOf;

  const trustAllows = (r: Compiled): boolean => {
    if (r.trust === null) return true;
    if (askedTrust === null) {
      const known = asked!.trust !== undefined ? asked!.trust : trustOf ? trustOf(asked!.server, asked!.source) : null;
      askedTrust = known ?? 'none';
    }
    return r.trust.has(askedTrust);
  };

  const toolMatches = (r: Compiled, tool: string): boolean => {
    if (r.tool === null || r.tool === tool) return true;
    if (r.folded === null) return false;
    foldedTool ??= foldName(tool);
    return r.folded === foldedTool;
  };

  const take = (r: Compiled): void => {
    if (!trustAllows(r)) return;
    if (r.deny) {
      if (deny === null || r.index < deny.index) deny = r;
    } else if (allow === null || r.index < allow.index) allow = r;
  };

  const scanExact = (list: Compiled[] | undefined): void => {
    if (list) for (let i = 0; i < list.length; i++) take(list[i]!);
  };

  const scanPatterns = (list: Compiled[], server: string): void => {
    for (let i = 0; i < list.length; i++) if (server.startsWith(list[i]!.prefix)) take(list[i]!);
  };

  const scanTools = (list: Compiled[] | undefined, tool: string): void => {
    if (list) for (let i = 0; i < list.length; i++) if (toolMatches(list[i]!, tool)) take(list[i]!);
  };

  const scanToolPatterns = (list: Compiled[], server: string, tool: string): void => {
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (server.startsWith(r.prefix) && toolMatches(r, tool)) take(r);
    }
  };

  const scan = (bucket: Bucket | null | undefined, resource: DecisionResource, withTools: boolean): void => {
    if (!bucket) return;
    const { server, tool, source } = resource;
    scanExact(bucket.servers.get(server));
    scanPatterns(bucket.serverPatterns, server);
    if (source) scanExact(bucket.sources.get(source));
    if (withTools && tool !== undefined) {
      scanTools(bucket.tools.get(server), tool);
      scanToolPatterns(bucket.toolPatterns, server, tool);
    }
  };

  return {
    decide(principal, action, resource) {
      const idx = byAction.get(action);
      if (!idx) return principal.anonymous ? anonymousNoMatch : noMatch;
      deny = null;
      allow = null;
      foldedTool = null;
      asked = resource;
      askedTrust = null;
      const withTools = action !== 'connect';
      if (principal.anonymous) {
        scan(idx.anonymous, resource, withTools);
        const found = (deny ?? allow) as Compiled | null;
        return found ? found.decision : anonymousNoMatch;
      }
      if (idx.users.size) scan(idx.users.get(principal.id), resource, withTools);
      if (idx.groups.size) {
        const groups = groupsOf ? groupsOf(principal) : principal.groups;
        for (let i = 0; i < groups.length; i++) scan(idx.groups.get(groups[i]!), resource, withTools);
      }
      scan(idx.everyone, resource, withTools);
      // take() assigns these behind the compiler's back, so it still believes them null here.
      const winner = (deny ?? allow) as Compiled | null;
      return winner ? winner.decision : noMatch;
    },
  };
}
