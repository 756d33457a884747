/** The console's pages and the permission each needs: the navigation shows only what the person may open. */
export interface ConsolePage {
  path: string;
  label: string;
  permission: string;
  /** Other permissions that open the page too (its API admits any of them). */
  orPermissions?: readonly string[];
  group: 'Registry' | 'Access' | 'People' | 'Gateway';
}

export const CONSOLE_PAGES: ConsolePage[] = [
  { path: 'sources', label: 'Federation sources', permission: 'federation.manage', group: 'Registry' },
  { path: 'audit', label: 'Audit log', permission: 'audit.read', group: 'Registry' },
  { path: 'inventory/drift', label: 'Drift alerts', permission: 'audit.read', group: 'Registry' },
  { path: 'governance/reviews', label: 'Review queue', permission: 'catalog.approve', group: 'Registry' },
  { path: 'governance/reports', label: 'Reports', permission: 'catalog.moderate', group: 'Registry' },
  { path: 'governance/attention', label: 'Needs attention', permission: 'audit.read', orPermissions: ['catalog.approve'], group: 'Registry' },
  { path: 'governance/webhooks', label: 'Webhook deliveries', permission: 'audit.read', group: 'Registry' },
  { path: 'access/rules', label: 'Access rules', permission: 'access.explain', group: 'Access' },
  { path: 'access/explain', label: 'Explain', permission: 'access.explain', group: 'Access' },
  { path: 'access/changes', label: 'Access changes', permission: 'audit.read', group: 'Access' },
  { path: 'people/users', label: 'Users', permission: 'access.manage', group: 'People' },
  { path: 'people/groups', label: 'Groups', permission: 'access.manage', group: 'People' },
  { path: 'people/tokens', label: 'Tokens', permission: 'access.manage', group: 'People' },
  { path: 'gateway/calls', label: 'Gateway calls', permission: 'audit.read', group: 'Gateway' },
  { path: 'usage', label: 'Usage', permission: 'audit.read', group: 'Gateway' },
  { path: 'hosting/instances', label: 'Hosted instances', permission: 'audit.read', group: 'Gateway' },
];

/** The page a console path belongs to (`/console/access/rules?x` → Access rules). */
export function pageOf(pathname: string): ConsolePage | undefined {
  const rest = pathname.replace(/^\/console\/?/, '');
  return CONSOLE_PAGES.find((p) => rest === p.path || rest.startsWith(`${p.path}/`));
}

/** Whether a person with these permissions may open the page. */
export function mayOpen(page: ConsolePage, can: (permission: string) => boolean): boolean {
  return can(page.permission) || (page.orPermissions ?? []).some(can);
}
