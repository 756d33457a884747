// Generated from the server's /openapi.json by `npm run gen:web-types` (scripts/renderWebApiTypes.ts); do not edit by hand.
export interface paths {
  '/v0/servers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List MCP servers
     * @description One item per server version, ordered by name then version, with cursor pagination.
     */
    get: operations['list-servers-v0'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/servers/{serverName}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List all versions of an MCP server */
    get: operations['list-server-versions-v0'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/servers/{serverName}/versions/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a specific MCP server version
     * @description Use the version `latest` for the latest version.
     */
    get: operations['get-server-version-v0'];
    /** Replace a published version (admin edit) */
    put: operations['edit-server-version-v0'];
    post?: never;
    /**
     * Mark a version deleted (the generic spec’s optional DELETE; data is kept)
     * @description Equivalent to PATCH …/status with `{"status":"deleted"}`. Restore with PATCH …/status.
     */
    delete: operations['delete-server-version-v0'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/publish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Publish an MCP server version */
    post: operations['publish-server-v0'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/validate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Validate a server.json without publishing it */
    post: operations['validate-server-v0'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/servers/{serverName}/versions/{version}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change the status of one version */
    patch: operations['update-server-version-status-v0'];
    trace?: never;
  };
  '/v0/servers/{serverName}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change the status of every version of a server */
    patch: operations['update-server-status-v0'];
    trace?: never;
  };
  '/v0/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Health check (includes a database round trip) */
    get: operations['health-v0'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/ping': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness ping */
    get: operations['ping-v0'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/version': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Build information */
    get: operations['version-v0'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/auth/github-at': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a github-at proof for a registry token */
    post: operations['exchange-github-at-token-v0'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/auth/github-oidc': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a github-oidc proof for a registry token */
    post: operations['exchange-github-oidc-token-v0'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/auth/dns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a dns proof for a registry token */
    post: operations['exchange-dns-token-v0'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0/auth/http': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a http proof for a registry token */
    post: operations['exchange-http-token-v0'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/servers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List MCP servers
     * @description One item per server version, ordered by name then version, with cursor pagination.
     */
    get: operations['list-servers-v0.1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/servers/{serverName}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List all versions of an MCP server */
    get: operations['list-server-versions-v0.1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/servers/{serverName}/versions/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a specific MCP server version
     * @description Use the version `latest` for the latest version.
     */
    get: operations['get-server-version-v0.1'];
    /** Replace a published version (admin edit) */
    put: operations['edit-server-version-v0.1'];
    post?: never;
    /**
     * Mark a version deleted (the generic spec’s optional DELETE; data is kept)
     * @description Equivalent to PATCH …/status with `{"status":"deleted"}`. Restore with PATCH …/status.
     */
    delete: operations['delete-server-version-v0.1'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/publish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Publish an MCP server version */
    post: operations['publish-server-v0.1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/validate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Validate a server.json without publishing it */
    post: operations['validate-server-v0.1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/servers/{serverName}/versions/{version}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change the status of one version */
    patch: operations['update-server-version-status-v0.1'];
    trace?: never;
  };
  '/v0.1/servers/{serverName}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change the status of every version of a server */
    patch: operations['update-server-status-v0.1'];
    trace?: never;
  };
  '/v0.1/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Health check (includes a database round trip) */
    get: operations['health-v0.1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/ping': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness ping */
    get: operations['ping-v0.1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/version': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Build information */
    get: operations['version-v0.1'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/auth/github-at': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a github-at proof for a registry token */
    post: operations['exchange-github-at-token-v0.1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/auth/github-oidc': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a github-oidc proof for a registry token */
    post: operations['exchange-github-oidc-token-v0.1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/auth/dns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a dns proof for a registry token */
    post: operations['exchange-dns-token-v0.1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v0.1/auth/http': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange a http proof for a registry token */
    post: operations['exchange-http-token-v0.1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/registry-events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The registry audit trail: every publish, edit and status change and every governance decision, newest first */
    get: operations['list-registry-events'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in person of this browser session, and the CSRF token state-changing requests must send */
    get: operations['get-session'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/sources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Upstream sources with their sync status, in precedence order */
    get: operations['list-federation-sources'];
    put?: never;
    /** Add an upstream source */
    post: operations['create-federation-source'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/sources/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One source and its sync status */
    get: operations['get-federation-source'];
    put?: never;
    post?: never;
    /** Remove a source with everything mirrored from it */
    delete: operations['delete-federation-source'];
    options?: never;
    head?: never;
    /** Change a source (only the fields sent) */
    patch: operations['update-federation-source'];
    trace?: never;
  };
  '/api/admin/sources/{name}/sync': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sync a source now and report the run (resumes an interrupted one) */
    post: operations['sync-federation-source'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/sources/{name}/rejections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Upstream documents this source sent that were refused, with the reason, newest first */
    get: operations['list-federation-rejections'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/curations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Curation records, of every source or of one */
    get: operations['list-curations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/curations/{source}/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One curation record */
    get: operations['get-curation'];
    /** Set the curation of a server (or of a whole source with `*`); kept across re-syncs */
    put: operations['put-curation'];
    post?: never;
    /** Remove a curation record (the server is shown as upstream has it) */
    delete: operations['delete-curation'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics: federation status per source and catalog counts */
    get: operations['metrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/access/rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The access rules in order, with who last changed each; the ETag names this version of the set */
    get: operations['list-access-rules'];
    /** Replace the whole rule set (an import): JSON, or a YAML rules file sent as application/yaml */
    put: operations['replace-access-rules'];
    /** Add a rule (at the end, or at `position`) */
    post: operations['create-access-rule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/access/starter-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The starter rule set a fresh install can apply in one step (everyone may find, connect to and call every server) */
    get: operations['get-starter-access-rules'];
    put?: never;
    /** Apply the starter rule set to an empty rule set (409 when rules exist) */
    post: operations['apply-starter-access-rules'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/access/rules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One rule, its position and who last changed it */
    get: operations['get-access-rule'];
    /** Replace one rule (its id stays), optionally moving it to `position` */
    put: operations['update-access-rule'];
    post?: never;
    /** Remove one rule */
    delete: operations['delete-access-rule'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/access/changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The access change log: who changed which rule (or other access data) when, with old and new values, newest first */
    get: operations['list-access-changes'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/access/explain': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Why may (or may not) this person, or someone in these groups, do this on this server or tool: the decision, the deciding rule, every matching rule */
    get: operations['explain-access'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/access/simulate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** What a proposed rule change would flip, for whom, on which servers and tools; nothing is saved */
    post: operations['simulate-access-rules'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who the caller is: id, roles, groups and permissions */
    get: operations['get-me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** My personal access tokens (never their secrets) */
    get: operations['list-my-tokens'];
    put?: never;
    /** Create a personal access token; its secret is in this response only */
    post: operations['create-my-token'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke one of my personal access tokens (it stops working at once) */
    delete: operations['revoke-my-token'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** People who have signed in, with their effective roles and groups */
    get: operations['list-users'];
    put?: never;
    /** Add a local person (no identity provider: for trials and break-glass); 403 when local people are off */
    post: operations['add-local-person'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/users/{id}/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create a personal token for a local person (by id or email); its secret is in this response only */
    post: operations['create-local-person-token'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One person */
    get: operations['get-user'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Assign a person’s roles, or disable or enable them */
    patch: operations['update-user'];
    trace?: never;
  };
  '/api/admin/groups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Defined groups, and the groups seen in ID tokens */
    get: operations['list-groups'];
    put?: never;
    /** Define a group */
    post: operations['create-group'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/groups/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a group and the memberships added to it */
    delete: operations['delete-group'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/groups/{name}/members/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Add a person to a group */
    put: operations['add-group-member'];
    post?: never;
    /** Remove a person an administrator added to a group */
    delete: operations['remove-group-member'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every token, personal and service, with when and where each was last used (never secrets) */
    get: operations['list-tokens'];
    put?: never;
    /** Create a service token with roles and groups; its secret is in this response only */
    post: operations['create-service-token'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke any token (it stops working at once) */
    delete: operations['revoke-token'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/connections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** My active gateway connections */
    get: operations['list-my-connections'];
    put?: never;
    /** Connect to a server through the gateway: a URL for one MCP client */
    post: operations['create-my-connection'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/connections/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke one of my connections (its next message fails) */
    delete: operations['revoke-my-connection'];
    options?: never;
    head?: never;
    /** Change the label of one of my connections */
    patch: operations['rename-my-connection'];
    trace?: never;
  };
  '/api/me/servers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The servers I am connected to, as official ServerResponse items whose remotes are my connection URLs
     * @description One item per active connection to a server the caller may still discover. `remotes` lists the connection's gateway URLs (streamable-http, and sse when the server has an sse remote), without the upstream's headers or variables, which the gateway fills in; `_meta["io.toolshed/connection"]` names the connection.
     */
    get: operations['list-my-servers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/servers/{name}/hosting': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Whether Toolshed hosts the server's package, so that a connection reaches it through the gateway without any remote
     * @description A server with a streamable-http or sse remote is relayed to it (`hosted` false); one with no remote but a hostable stdio package is hosted while hosting is on. A server the caller may not discover answers 404, like one that does not exist.
     */
    get: operations['get-my-server-hosting'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/servers/{name}/tools': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The tools of a server's latest version, each marked callable or denied for me, and by which rule
     * @description Decided with the access rules exactly as the gateway decides a `tools/call` (the connection first, then the call). A server the caller may not discover answers 404, like one that does not exist.
     */
    get: operations['list-my-server-tools'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/connections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Gateway connections of everyone, newest first */
    get: operations['list-connections'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/connections/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke anyone’s connection (its next message fails) */
    delete: operations['revoke-connection'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/servers/{name}/secrets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The shared upstream secrets of a server: names and kinds, never values */
    get: operations['list-shared-upstream-secrets'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/servers/{name}/secrets/{secretName}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set a secret the gateway sends this server for everyone */
    put: operations['put-shared-upstream-secret'];
    post?: never;
    /** Remove a shared upstream secret */
    delete: operations['delete-shared-upstream-secret'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/servers/{name}/secrets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The my upstream secrets of a server: names and kinds, never values */
    get: operations['list-my-upstream-secrets'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/servers/{name}/secrets/{secretName}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set my own secret for this server (it wins over a shared one of the same name) */
    put: operations['put-my-upstream-secret'];
    post?: never;
    /** Remove a my upstream secret */
    delete: operations['delete-my-upstream-secret'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/servers/{name}/secrets/{secretName}/allowed-origins': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Approve a shared secret for origins: the ones given, or those the server’s remotes have now */
    put: operations['approve-shared-upstream-secret-origins'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/gateway/calls': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The gateway audit: every relayed, refused or failed MCP request, newest first */
    get: operations['list-gateway-calls'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/gateway/calls.jsonl': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The gateway audit as JSON Lines (one call per line, newest first), with the same filters, streamed */
    get: operations['export-gateway-calls'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/gateway/usage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Gateway usage over a window (30 days by default, 366 at most): calls per UTC day by server, top tools, calls by outcome */
    get: operations['gateway-usage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/drift': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Drift from pinned snapshots, newest first, with each event’s changes */
    get: operations['list-drift-events'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/servers/{name}/pin': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The server’s pinned snapshot, drift action and open drift */
    get: operations['get-server-pin'];
    put?: never;
    /** Pin a snapshot (by default the current one of the latest version); resolves open drift, recording who and when */
    post: operations['pin-server-snapshot'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/servers/{name}/drift-action': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set what the gateway does when the server drifts from its pin (null: the default, TOOLSHED_DRIFT_ACTION) */
    put: operations['set-server-drift-action'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/servers/{name}/hosting': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How the server’s package is hosted: shared or per person, network on or off */
    get: operations['get-server-hosting'];
    /** Set how the server’s package is hosted (shared is refused when its package takes per-person secrets); running instances keep their settings until they stop */
    put: operations['set-server-hosting'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/hosting/instances': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The hosted instances this Toolshed process runs */
    get: operations['list-hosted-instances'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/hosting/instances/{id}/stderr': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The instance’s recent stderr lines, with every secret value redacted */
    get: operations['get-hosted-instance-stderr'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/webhooks/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The webhook delivery log (drift and governance), newest first: status, attempts, last error */
    get: operations['list-webhook-deliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/webhooks/deliveries/{id}/redeliver': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Deliver a webhook again: a new delivery of the same payload to the same receiver, due at once */
    post: operations['redeliver-webhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/attention': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Needs attention: servers due for re-certification, unused, unhealthy, or behind their upstream (catalog.approve or audit.read) */
    get: operations['list-attention'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What I was told as an owner: events about servers I own or a group I am in owns, newest first */
    get: operations['list-my-notifications'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reviews': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The review queue: versions awaiting a decision (oldest first), or those in the given states */
    get: operations['list-reviews'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reviews/{name}/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One review: check results, document diff and tool diff against the approved version, scan findings, comments */
    get: operations['get-review'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reviews/{name}/{version}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a version: readers and the gateway see it, and its tool snapshot is pinned */
    post: operations['approve-review'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reviews/{name}/{version}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a version, with a reason */
    post: operations['reject-review'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reviews/{name}/{version}/comments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Comment on a review (reviewers, and the version’s submitter) */
    post: operations['comment-review'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/review-policy/{source}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The approval policy of a source (the TOOLSHED_REVIEW_DEFAULT one when none is stored) */
    get: operations['get-review-policy'];
    /** Replace the approval policy of a source (If-Match with its ETag; "0" before one is stored) */
    put: operations['replace-review-policy'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/servers/{name}/capabilities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What a server version offers: probe status, current snapshot (tools, prompts, resources), scan findings, last probe */
    get: operations['get-server-capabilities'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/servers/{name}/capabilities/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The distinct snapshots of a server (of one version, or all), newest first */
    get: operations['list-server-capability-snapshots'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/servers/{name}/capabilities/snapshots/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One snapshot in full: every definition as the server sent it, and its scan findings */
    get: operations['get-server-capability-snapshot'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/servers/{name}/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Recent probe readings of a server version (newest first) and the share of them that were up */
    get: operations['get-server-health'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/servers/{name}/probe': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Queue a probe of a server version (the latest by default); answers at once */
    post: operations['probe-server'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/servers/{name}/probe-credential': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set the header probes of this server send (stored encrypted; never returned) */
    put: operations['set-probe-credential'];
    post?: never;
    /** Remove the header probes of this server send */
    delete: operations['delete-probe-credential'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Reports, newest first (the moderation queue: state=open) */
    get: operations['list-reports'];
    put?: never;
    /** Report a server or one version to the moderators (malicious, broken, leaks data, other) */
    post: operations['file-report'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One report; its ETag is what resolving it takes as If-Match */
    get: operations['get-report'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/reports/{id}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resolve an open report: dismiss it, or deprecate, delete or block what it names (If-Match required) */
    post: operations['resolve-report'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/servers/{name}/block': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether a moderator blocked the server (or its trust is blocked); the ETag block and unblock take */
    get: operations['get-server-block'];
    put?: never;
    /** Block a server: the gateway refuses it on every replica at its next message (If-Match required) */
    post: operations['block-server'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/servers/{name}/unblock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Lift a moderator’s block (If-Match required) */
    post: operations['unblock-server'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/servers/{name}/governance': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A server’s trust level, owners, support contact, docs URL and re-certification */
    get: operations['get-server-governance'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Set trust (catalog.approve), owners, support contact or docs URL (catalog.approve or an owner); If-Match required */
    patch: operations['change-server-governance'];
    trace?: never;
  };
  '/api/servers/{name}/recertify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Re-certify a server (an owner or catalog.approve): records who and when, and sets the next due date from its trust level; If-Match required */
    post: operations['recertify-server'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description Repository metadata for the MCP server source code. Enables users and security experts to inspect the code, improving transparency. */
    Repository: {
      /**
       * Format: uri
       * @description Repository URL for browsing source code. Should support both web browsing and git clone operations.
       * @example https://github.com/modelcontextprotocol/servers
       */
      url: string;
      /**
       * @description Repository hosting service identifier. Used by registries to determine validation and API access methods.
       * @example github
       */
      source: string;
      /**
       * @description Repository identifier from the hosting service (e.g., GitHub repo ID). Owned and determined by the source forge. Should remain stable across repository renames and may be used to detect repository resurrection attacks - if a repository is deleted and recreated, the ID should change. For GitHub, use: gh api repos/<owner>/<repo> --jq '.id'
       * @example b94b5f7e-c7c6-d760-2c78-a5e9b8a5b8c9
       */
      id?: string;
      /**
       * @description Optional relative path from repository root to the server location within a monorepo or nested package structure. Must be a clean relative path.
       * @example src/everything
       */
      subfolder?: string;
    };
    ServerList: {
      servers: components['schemas']['ServerResponse'][];
      metadata?: {
        /**
         * @description Pagination cursor for retrieving the next page of results.
         *     Use this exact value in the `cursor` query parameter of your next request. If null or empty, there are no more results.
         */
        nextCursor?: string;
        /**
         * @description Number of items in current page
         * @example 30
         */
        count?: number;
      };
    };
    Package: {
      /**
       * @description Registry type indicating how to download packages (e.g., 'npm', 'pypi', 'cargo', 'oci', 'nuget', 'mcpb')
       * @example npm
       * @example pypi
       * @example cargo
       * @example oci
       * @example nuget
       * @example mcpb
       */
      registryType: string;
      /**
       * Format: uri
       * @description Base URL of the package registry
       * @example https://npm-registry.example
       * @example https://pypi-registry.example
       * @example https://crates.io
       * @example https://docker.io
       * @example https://api.nuget.org/v3/index.json
       * @example https://github.com
       * @example https://gitlab.com
       */
      registryBaseUrl?: string;
      /**
       * @description Package identifier - either a package name (for registries) or URL (for direct downloads)
       * @example @modelcontextprotocol/server-brave-search
       * @example https://github.com/example/releases/download/v1.0.0/package.mcpb
       */
      identifier: string;
      /**
       * @description Package version. Must be a specific version. Version ranges are rejected (e.g., '^1.2.3', '~1.2.3', '>=1.2.3', '1.x', '1.*').
       * @example 1.0.2
       */
      version?: string;
      /**
       * @description SHA-256 hash of the package file for integrity verification. Required for MCPB packages and optional for other package types. Authors are responsible for generating correct SHA-256 hashes when creating server.json. If present, MCP clients must validate the downloaded file matches the hash before running packages to ensure file integrity.
       * @example fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce
       */
      fileSha256?: string;
      /**
       * @description A hint to help clients determine the appropriate runtime for the package. This field should be provided when `runtimeArguments` are present.
       * @example npx
       * @example uvx
       * @example docker
       * @example dnx
       */
      runtimeHint?: string;
      /** @description Transport protocol configuration for the package */
      transport: components['schemas']['LocalTransport'];
      /** @description A list of arguments to be passed to the package's runtime command (such as docker or npx). The `runtimeHint` field should be provided when `runtimeArguments` are present. */
      runtimeArguments?: components['schemas']['Argument'][];
      /** @description A list of arguments to be passed to the package's binary. */
      packageArguments?: components['schemas']['Argument'][];
      /** @description A mapping of environment variables to be set when running the package. */
      environmentVariables?: components['schemas']['KeyValueInput'][];
    };
    Input: {
      /** @description A description of the input, which clients can use to provide context to the user. */
      description?: string;
      /** @default false */
      isRequired: boolean;
      /**
       * @description Specifies the input format. Supported values include `filepath`, which should be interpreted as a file on the user's filesystem.
       *
       *     When the input is converted to a string, booleans should be represented by the strings "true" and "false", and numbers should be represented as decimal values.
       * @default string
       * @enum {string}
       */
      format: 'string' | 'number' | 'boolean' | 'filepath';
      /**
       * @description The value for the input. If this is not set, the user may be prompted to provide a value. If a value is set, it should not be configurable by end users.
       *
       *     Identifiers wrapped in `{curly_braces}` will be replaced with the corresponding properties from the input `variables` map. If an identifier in braces is not found in `variables`, or if `variables` is not provided, the `{curly_braces}` substring should remain unchanged.
       */
      value?: string;
      /**
       * @description Indicates whether the input is a secret value (e.g., password, token). If true, clients should handle the value securely.
       * @default false
       */
      isSecret: boolean;
      /** @description The default value for the input.  This should be a valid value for the input.  If you want to provide input examples or guidance, use the `placeholder` field instead. */
      default?: string;
      /** @description A placeholder for the input to be displaying during configuration. This is used to provide examples or guidance about the expected form or content of the input. */
      placeholder?: string;
      /**
       * @description A list of possible values for the input. If provided, the user must select one of these values.
       * @example []
       */
      choices?: string[];
    };
    InputWithVariables: components['schemas']['Input'] & {
      /** @description A map of variable names to their values. Keys in the input `value` that are wrapped in `{curly_braces}` will be replaced with the corresponding variable values. */
      variables?: {
        [key: string]: components['schemas']['Input'];
      };
    };
    /** @description A positional input is a value inserted verbatim into the command line. */
    PositionalArgument: components['schemas']['InputWithVariables'] &
      (
        | {
            /**
             * @example positional
             * @enum {string}
             */
            type: 'positional';
            /**
             * @description An identifier for the positional argument. It is not part of the command line. It may be used by client configuration as a label identifying the argument. It is also used to identify the value in transport URL variable substitution.
             * @example file_path
             */
            valueHint?: string;
            /**
             * @description Whether the argument can be repeated multiple times in the command line.
             * @default false
             */
            isRepeated: boolean;
          }
        | unknown
        | unknown
      );
    /** @description A command-line `--flag={value}`. */
    NamedArgument: components['schemas']['InputWithVariables'] & {
      /**
       * @example named
       * @enum {string}
       */
      type: 'named';
      /**
       * @description The flag name, including any leading dashes.
       * @example --port
       */
      name: string;
      /**
       * @description Whether the argument can be repeated multiple times.
       * @default false
       */
      isRepeated: boolean;
    };
    KeyValueInput: components['schemas']['InputWithVariables'] & {
      /**
       * @description Name of the header or environment variable.
       * @example SOME_VARIABLE
       */
      name: string;
    };
    /** @description Warning: Arguments construct command-line parameters that may contain user-provided input. This creates potential command injection risks if clients execute commands in a shell environment. For example, a malicious argument value like ';rm -rf ~/Development' could execute dangerous commands. Clients should prefer non-shell execution methods (e.g., posix_spawn) when possible to eliminate injection risks entirely. Where not possible, clients should obtain consent from users or agents to run the resolved command before execution. */
    Argument: components['schemas']['PositionalArgument'] | components['schemas']['NamedArgument'];
    StdioTransport: {
      /**
       * @description Transport type
       * @example stdio
       * @enum {string}
       */
      type: 'stdio';
    };
    StreamableHttpTransport: {
      /**
       * @description Transport type
       * @example streamable-http
       * @enum {string}
       */
      type: 'streamable-http';
      /**
       * @description URL template for the streamable-http transport. Must start with http://, https://, or a template variable (e.g., {baseUrl}). Variables in {curly_braces} are resolved based on context: In Package context, they reference argument valueHints, argument names, or environment variable names from the parent Package. In Remote context, they reference variables from the transport's 'variables' object. After variable substitution, this should produce a valid URI.
       * @example https://api.example.com/mcp
       */
      url: string;
      /** @description HTTP headers to include */
      headers?: components['schemas']['KeyValueInput'][];
    };
    SseTransport: {
      /**
       * @description Transport type
       * @example sse
       * @enum {string}
       */
      type: 'sse';
      /**
       * @description Server-Sent Events endpoint URL template. Must start with http://, https://, or a template variable (e.g., {baseUrl}). Variables in {curly_braces} are resolved based on context: In Package context, they reference argument valueHints, argument names, or environment variable names from the parent Package. In Remote context, they reference variables from the transport's 'variables' object. After variable substitution, this should produce a valid URI.
       * @example https://mcp-fs.example.com/sse
       */
      url: string;
      /** @description HTTP headers to include */
      headers?: components['schemas']['KeyValueInput'][];
    };
    /** @description Transport protocol configuration for local/package context */
    LocalTransport: components['schemas']['StdioTransport'] | components['schemas']['StreamableHttpTransport'] | components['schemas']['SseTransport'];
    /** @description Transport protocol configuration for remote context - extends StreamableHttpTransport or SseTransport with variables */
    RemoteTransport: (components['schemas']['StreamableHttpTransport'] | components['schemas']['SseTransport']) & {
      /** @description Configuration variables that can be referenced in URL template {curly_braces}. The key is the variable name, and the value defines the variable properties. */
      variables?: {
        [key: string]: components['schemas']['Input'];
      };
    };
    /** @description An optionally-sized icon that can be displayed in a user interface. */
    Icon: {
      /**
       * Format: uri
       * @description A standard URI pointing to an icon resource. Must be an HTTPS URL. Consumers SHOULD take steps to ensure URLs serving icons are from the same domain as the server or a trusted domain. Consumers SHOULD take appropriate precautions when consuming SVGs as they can contain executable JavaScript.
       * @example https://example.com/icon.png
       */
      src: string;
      /**
       * @description Optional MIME type override if the source MIME type is missing or generic. Must be one of: image/png, image/jpeg, image/jpg, image/svg+xml, image/webp.
       * @example image/png
       * @enum {string}
       */
      mimeType?: 'image/png' | 'image/jpeg' | 'image/jpg' | 'image/svg+xml' | 'image/webp';
      /**
       * @description Optional array of strings that specify sizes at which the icon can be used. Each string should be in WxH format (e.g., '48x48', '96x96') or 'any' for scalable formats like SVG. If not provided, the client should assume that the icon can be used at any size.
       * @example [
       *       "48x48",
       *       "96x96"
       *     ]
       * @example [
       *       "any"
       *     ]
       */
      sizes?: string[];
      /**
       * @description Optional specifier for the theme this icon is designed for. 'light' indicates the icon is designed to be used with a light background, and 'dark' indicates the icon is designed to be used with a dark background. If not provided, the client should assume the icon can be used with any theme.
       * @enum {string}
       */
      theme?: 'light' | 'dark';
    };
    /** @description Schema for a static representation of an MCP server. Used in various contexts related to discovery, installation, and configuration. */
    ServerDetail: {
      /**
       * @description Server name in reverse-DNS format. Must contain exactly one forward slash separating namespace from server name.
       * @example io.github.user/weather
       */
      name: string;
      /**
       * @description Clear human-readable explanation of server functionality. Should focus on capabilities, not implementation details.
       * @example MCP server providing weather data and forecasts via OpenWeatherMap API
       */
      description: string;
      /**
       * @description Optional human-readable title or display name for the MCP server. MCP subregistries or clients MAY choose to use this for display purposes.
       * @example Weather API
       */
      title?: string;
      /** @description Optional repository metadata for the MCP server source code. Recommended for transparency and security inspection. */
      repository?: components['schemas']['Repository'];
      /**
       * @description Version string for this server. SHOULD follow semantic versioning (e.g., '1.0.2', '2.1.0-alpha'). Equivalent of Implementation.version in MCP specification. Non-semantic versions are allowed but may not sort predictably. Version ranges are rejected (e.g., '^1.2.3', '~1.2.3', '>=1.2.3', '1.x', '1.*').
       * @example 1.0.2
       */
      version: string;
      /**
       * Format: uri
       * @description Optional URL to the server's homepage, documentation, or project website. This provides a central link for users to learn more about the server. Particularly useful when the server has custom installation instructions or setup requirements.
       * @example https://modelcontextprotocol.io/examples
       */
      websiteUrl?: string;
      /** @description Optional set of sized icons that the client can display in a user interface. Clients that support rendering icons MUST support at least the following MIME types: image/png and image/jpeg (safe, universal compatibility). Clients SHOULD also support: image/svg+xml (scalable but requires security precautions) and image/webp (modern, efficient format). */
      icons?: components['schemas']['Icon'][];
      /**
       * Format: uri
       * @description JSON Schema URI for this server.json format
       * @example https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json
       */
      $schema?: string;
      packages?: components['schemas']['Package'][];
      remotes?: components['schemas']['RemoteTransport'][];
      /** @description Extension metadata using reverse DNS namespacing for vendor-specific data */
      _meta?: {
        /**
         * @description Publisher-provided metadata for downstream registries
         * @example {
         *       "tool": "publisher-cli",
         *       "version": "1.2.3",
         *       "buildInfo": {
         *         "commit": "abc123def456",
         *         "timestamp": "2023-12-01T10:30:00Z",
         *         "pipelineId": "build-789"
         *       }
         *     }
         */
        'io.modelcontextprotocol.registry/publisher-provided'?: {
          [key: string]: unknown;
        };
      };
    };
    /** @description API response format with separated server data and registry metadata */
    ServerResponse: {
      server: components['schemas']['ServerDetail'];
      /** @description Registry-managed metadata */
      _meta?: {
        /** @description Official MCP registry metadata */
        'io.modelcontextprotocol.registry/official'?: {
          /**
           * @description Server lifecycle status
           * @example active
           * @enum {string}
           */
          status?: 'active' | 'deprecated' | 'deleted';
          /**
           * @description Optional message explaining the status (e.g., deprecation reason)
           * @example Please upgrade to version 2.0.0
           */
          statusMessage?: string;
          /**
           * Format: date-time
           * @description Timestamp when the server status was last updated
           * @example 2023-12-01T10:30:00Z
           */
          statusChangedAt?: string;
          /**
           * Format: date-time
           * @description Timestamp when the server was first published to the registry
           * @example 2023-12-01T10:30:00Z
           */
          publishedAt?: string;
          /**
           * Format: date-time
           * @description Timestamp when the server entry was last updated
           * @example 2023-12-01T11:00:00Z
           */
          updatedAt?: string;
          /**
           * @description Whether this is the latest version of the server
           * @example true
           */
          isLatest?: boolean;
        };
      } & {
        [key: string]: unknown;
      };
    };
    /** @description Request body for updating server status */
    StatusUpdateRequest: {
      /**
       * @description New server lifecycle status
       * @example deprecated
       * @enum {string}
       */
      status: 'active' | 'deprecated' | 'deleted';
      /**
       * @description Optional message explaining the status change (e.g., deprecation reason)
       * @example Please upgrade to version 2.0.0
       */
      statusMessage?: string;
    };
    /** @description Response from bulk status update for all versions */
    AllVersionsStatusResponse: {
      /**
       * @description Number of versions updated
       * @example 3
       */
      updatedCount: number;
      /** @description List of all updated server versions */
      servers: components['schemas']['ServerResponse'][];
    };
    /** @description RFC 9457 problem details, as the official registry (Huma) sends them, plus the `code` extension member. */
    Problem: {
      /** @description HTTP status text */
      title: string;
      status: number;
      /** @description What went wrong, and what to fix */
      detail: string;
      /**
       * @description A stable code from the error catalogue (docs/errors.md), for clients to branch on; the detail wording may change, the code does not
       * @enum {string}
       */
      code:
        | 'CATALOG_SERVER_NOT_FOUND'
        | 'CATALOG_VERSION_NOT_FOUND'
        | 'CATALOG_PUBLISH_FAILED'
        | 'CATALOG_EDIT_FAILED'
        | 'CATALOG_STATUS_FAILED'
        | 'CATALOG_INVALID_SCHEMA'
        | 'CATALOG_PUBLISH_FORBIDDEN'
        | 'CATALOG_EDIT_FORBIDDEN'
        | 'CATALOG_STATUS_FORBIDDEN'
        | 'CATALOG_RENAME'
        | 'CATALOG_VERSION_MISMATCH'
        | 'CATALOG_STATUS_MESSAGE_ON_ACTIVE'
        | 'CATALOG_STATUS_NO_CHANGE'
        | 'CATALOG_MIRRORED'
        | 'CATALOG_BAD_CURSOR'
        | 'CATALOG_BAD_UPDATED_SINCE'
        | 'CATALOG_INCLUDE_DELETED_CONFLICT'
        | 'CATALOG_SORT_CONFLICT'
        | 'FEDERATION_INVALID_SOURCE'
        | 'FEDERATION_INVALID_CURATION'
        | 'FEDERATION_BAD_BASE_URL'
        | 'FEDERATION_BAD_LIMIT'
        | 'FEDERATION_BAD_CURSOR'
        | 'FEDERATION_SOURCE_NOT_FOUND'
        | 'FEDERATION_SOURCE_EXISTS'
        | 'FEDERATION_SOURCE_DISABLED'
        | 'FEDERATION_SYNC_RUNNING'
        | 'FEDERATION_SYNC_FAILED'
        | 'FEDERATION_SYNC_UPSTREAM_FAILED'
        | 'FEDERATION_SECRET_UNREADABLE'
        | 'FEDERATION_CURATION_NOT_FOUND'
        | 'FEDERATION_LOCAL_CURATION'
        | 'FEDERATION_WIDE_CURATION'
        | 'AUTH_REQUIRED'
        | 'AUTH_BAD_HEADER'
        | 'AUTH_INVALID_TOKEN'
        | 'AUTH_TOOLSHED_TOKEN_INVALID'
        | 'AUTH_SESSION_EXPIRED'
        | 'AUTH_EXCHANGE_FAILED'
        | 'AUTH_NAMESPACE_BLOCKED'
        | 'AUTH_PERMISSION_REQUIRED'
        | 'AUTH_CSRF'
        | 'AUTH_SIGNIN_OFF'
        | 'AUTH_SIGNIN_STATE'
        | 'AUTH_SIGNIN_DENIED'
        | 'AUTH_SIGNIN_FAILED'
        | 'AUTH_IDP_UNAVAILABLE'
        | 'AUTH_BAD_RETURN_TO'
        | 'AUTH_LOGOUT_NEEDS_POST'
        | 'ACCESS_USER_NOT_FOUND'
        | 'ACCESS_USER_AMBIGUOUS'
        | 'ACCESS_USER_EMAIL_UNVERIFIED'
        | 'ACCESS_LOCAL_PEOPLE_OFF'
        | 'ACCESS_BAD_PERSON'
        | 'ACCESS_USER_EXISTS'
        | 'ACCESS_NOT_LOCAL'
        | 'ACCESS_RULES_NOT_EMPTY'
        | 'ACCESS_USER_DISABLED'
        | 'ACCESS_SIGN_IN_RACE'
        | 'ACCESS_NOT_A_PERSON'
        | 'ACCESS_UNKNOWN_ROLE'
        | 'ACCESS_BAD_GROUP_NAME'
        | 'ACCESS_GROUP_EXISTS'
        | 'ACCESS_GROUP_NOT_FOUND'
        | 'ACCESS_GROUP_IN_USE'
        | 'ACCESS_MEMBER_NOT_FOUND'
        | 'ACCESS_UNKNOWN_GROUP'
        | 'ACCESS_BAD_TOKEN_NAME'
        | 'ACCESS_BAD_TOKEN_EXPIRY'
        | 'ACCESS_BAD_TOKEN_SCOPES'
        | 'ACCESS_UNKNOWN_SCOPE'
        | 'ACCESS_SCOPE_EXCEEDS_ROLES'
        | 'ACCESS_TOKEN_NOT_FOUND'
        | 'ACCESS_BAD_FILTER'
        | 'ACCESS_RULES_UNREADABLE'
        | 'ACCESS_RULES_INVALID'
        | 'ACCESS_RULES_CHANGED'
        | 'ACCESS_RULE_EXISTS'
        | 'ACCESS_RULE_NOT_FOUND'
        | 'ACCESS_RULE_ID_MISMATCH'
        | 'ACCESS_EXPLAIN_NO_PRINCIPAL'
        | 'ACCESS_SIMULATE_NO_CHANGE'
        | 'ACCESS_SIMULATE_BAD_PRINCIPAL'
        | 'GATEWAY_SERVER_NOT_FOUND'
        | 'GATEWAY_CONNECTION_NOT_FOUND'
        | 'GATEWAY_CONNECT_DENIED'
        | 'GATEWAY_NO_ACCESS_RULE'
        | 'GATEWAY_BAD_ORIGINS'
        | 'GATEWAY_NO_ORIGIN'
        | 'GATEWAY_ORIGINS_AMBIGUOUS'
        | 'GATEWAY_PERSONAL_ORIGINS'
        | 'GATEWAY_CAPABILITY_NOT_A_PERSON'
        | 'GATEWAY_BAD_LABEL'
        | 'GATEWAY_BAD_SERVER'
        | 'GATEWAY_BAD_CAPABILITY'
        | 'GATEWAY_NO_REMOTE'
        | 'HOSTING_SERVER_NOT_FOUND'
        | 'HOSTING_INSTANCE_NOT_FOUND'
        | 'HOSTING_BAD_SETTINGS'
        | 'HOSTING_SHARED_PERSONAL_SECRETS'
        | 'GATEWAY_MISSING_INPUTS'
        | 'GATEWAY_UPSTREAM_REFUSED'
        | 'GATEWAY_BAD_SECRET_NAME'
        | 'GATEWAY_BAD_SECRET_KIND'
        | 'GATEWAY_BAD_SECRET_VALUE'
        | 'GATEWAY_RESERVED_HEADER'
        | 'GATEWAY_SECRET_NOT_FOUND'
        | 'GATEWAY_AUDIT_BAD_TIME'
        | 'GATEWAY_USAGE_BAD_WINDOW'
        | 'GATEWAY_USAGE_WINDOW_TOO_LONG'
        | 'GATEWAY_ORIGIN_REFUSED'
        | 'GATEWAY_SERVER_BLOCKED'
        | 'GATEWAY_SERVER_DRIFT_BLOCKED'
        | 'GATEWAY_UNRELAYABLE_ANSWER'
        | 'INVENTORY_SERVER_NOT_FOUND'
        | 'INVENTORY_VERSION_NOT_FOUND'
        | 'INVENTORY_SNAPSHOT_NOT_FOUND'
        | 'INVENTORY_NO_REMOTE'
        | 'INVENTORY_BAD_PROBE_CREDENTIAL'
        | 'INVENTORY_CLOSED'
        | 'ADMIN_BAD_CURSOR'
        | 'HTTP_ROUTE_NOT_FOUND'
        | 'HTTP_INVALID_REQUEST'
        | 'HTTP_INVALID_QUERY'
        | 'HTTP_EMPTY_BODY'
        | 'HTTP_BODY_TOO_LARGE'
        | 'HTTP_UNSUPPORTED_MEDIA_TYPE'
        | 'HTTP_BAD_CONTENT_LENGTH'
        | 'HTTP_BAD_ENCODING'
        | 'HTTP_NUL_IN_PATH'
        | 'HTTP_URI_TOO_LONG'
        | 'HTTP_REQUEST_TIMEOUT'
        | 'HTTP_HEADERS_TOO_LARGE'
        | 'HTTP_MALFORMED_REQUEST'
        | 'HTTP_BAD_REQUEST'
        | 'DRIFT_SERVER_NOT_FOUND'
        | 'DRIFT_NO_SNAPSHOT'
        | 'DRIFT_BAD_SNAPSHOT'
        | 'GOVERNANCE_REPORT_NOT_FOUND'
        | 'GOVERNANCE_REPORT_TEXT_REQUIRED'
        | 'GOVERNANCE_REPORT_DUPLICATE'
        | 'GOVERNANCE_REPORT_RATE_LIMITED'
        | 'GOVERNANCE_REPORT_IF_MATCH_REQUIRED'
        | 'GOVERNANCE_REPORT_CHANGED'
        | 'GOVERNANCE_BLOCK_NEEDS_REASON'
        | 'GOVERNANCE_NOT_BLOCKED'
        | 'WEBHOOK_DELIVERY_NOT_FOUND'
        | 'GOVERNANCE_ATTENTION_FORBIDDEN'
        | 'GOVERNANCE_REVIEW_NOT_FOUND'
        | 'GOVERNANCE_REVIEW_CHANGED'
        | 'GOVERNANCE_IF_MATCH_REQUIRED'
        | 'GOVERNANCE_SELF_APPROVAL'
        | 'GOVERNANCE_ALREADY_DECIDED'
        | 'GOVERNANCE_VERSION_GONE'
        | 'GOVERNANCE_REASON_REQUIRED'
        | 'GOVERNANCE_BAD_COMMENT'
        | 'GOVERNANCE_BAD_POLICY'
        | 'GOVERNANCE_POLICY_CHANGED'
        | 'GOVERNANCE_BAD_SOURCE'
        | 'GOVERNANCE_COMMENT_FORBIDDEN'
        | 'GOVERNANCE_SERVER_NOT_FOUND'
        | 'GOVERNANCE_TRUST_UNKNOWN'
        | 'GOVERNANCE_INVALID'
        | 'GOVERNANCE_OWNER_UNKNOWN'
        | 'GOVERNANCE_FORBIDDEN'
        | 'GOVERNANCE_OWNER_SCOPE_REQUIRED'
        | 'GOVERNANCE_CHANGED'
        | 'STORE_UNAVAILABLE'
        | 'STORE_LOCKED'
        | 'INTERNAL_ERROR';
      errors?: {
        message: string;
        location?: string;
        value?: unknown;
      }[];
    };
    RegistryTokenResponse: {
      /** @description EdDSA JWT carrying auth_method, auth_method_sub and permissions */
      registry_token: string;
      /** @description Unix seconds */
      expires_at: number;
    };
    RegistryEventList: {
      events: {
        id: number;
        /** Format: date-time */
        at: string;
        /** @enum {unknown} */
        action: 'publish' | 'edit' | 'status' | 'submit' | 'approve' | 'reject' | 'comment' | 'trust' | 'owners' | 'report' | 'moderate' | 'block' | 'unblock' | 'recertify' | 'policy';
        name: string;
        version: string;
        actor: {
          subject: string;
          /** @description admin-token, none, dns, http, github-at, github-oidc, oidc, cli */
          method: string;
        };
        /** @description Before: `{server}` for edits, `{status, statusMessage}` for status changes, null for publishes */
        oldValue: unknown;
        /** @description After, in the same shape */
        newValue: unknown;
      }[];
      metadata: {
        count?: number;
        nextCursor?: string;
      };
    };
    SourceStatus: {
      name: string;
      baseUrl: string;
      /** @description Whether an auth header is configured (the header itself is never returned) */
      hasAuthHeader: boolean;
      intervalSeconds: number;
      /** @description Which upstream servers to mirror; an absent or empty list does not restrict */
      filter: {
        /** @description Name patterns: exact, `*`, or a prefix ending in `*` */
        names?: string[];
        /** @description Namespaces (`com.acme` also admits `com.acme.team`) */
        namespaces?: string[];
        /** @description Package registry types (`npm`, `pypi`, `oci`, …): at least one must match */
        packageTypes?: string[];
        /** @description Upstream statuses to mirror (deleted versions always pass, so takedowns arrive) */
        statuses?: ('active' | 'deprecated' | 'deleted')[];
      };
      precedence: number;
      enabled: boolean;
      /**
       * Format: date-time
       * @description Upstream `updatedAt` up to which everything is mirrored
       */
      highWater: string | null;
      /** @description A run was interrupted; the next one resumes from its cursor */
      resumable: boolean;
      /** Format: date-time */
      lastStartedAt: string | null;
      /** Format: date-time */
      lastSuccessAt: string | null;
      lastError: string | null;
      /** Format: date-time */
      lastErrorAt: string | null;
      counts: {
        /** @description Versions fetched, stored, rejected; catalog rows changed; pages read */
        lastRun: {
          fetched: number;
          stored: number;
          rejected: number;
          changed: number;
          pages: number;
        };
        /** @description Versions currently mirrored from this source */
        mirrored: number;
      };
    };
    SourceList: {
      sources: components['schemas']['SourceStatus'][];
    };
    SyncResult: {
      source: string;
      /** @enum {string} */
      mode: 'initial' | 'incremental' | 'resumed';
      pages: number;
      fetched: number;
      stored: number;
      rejected: number;
      /** @description Catalog rows that changed (0 for a no-change re-sync) */
      changed: number;
      /** Format: date-time */
      highWater?: string | null;
      durationMs: number;
    };
    RejectionList: {
      rejections: {
        id?: number;
        source?: string;
        name?: string | null;
        version?: string | null;
        reason?: string;
        /** Format: date-time */
        at?: string;
      }[];
      metadata: {
        count?: number;
        nextCursor?: string;
      };
    };
    Curation: {
      /** @description A source name, or `local` */
      source: string;
      /** @description A server name, or `*` for the whole source */
      name: string;
      /**
       * @description Deny hides the server (or the whole source for `*`)
       * @enum {string|null}
       */
      decision?: 'allow' | 'deny' | null;
      /** @description Served as the latest version */
      pinnedVersion?: string | null;
      /** @description Versions left out of the catalog */
      hiddenVersions?: string[];
      /** @description A trust level (`verified`, `internal`, `community`, `experimental`, `blocked`; 422 otherwise): the default for the server (or the whole source for `*`); a reviewer’s level set through /api/servers/{name}/governance overrides it */
      trust?: string | null;
      tags?: string[];
      notes?: string | null;
      /** Format: date-time */
      updatedAt?: string;
      updatedBy?: string;
    };
    CurationList: {
      curations: components['schemas']['Curation'][];
    };
    ValidationResult: {
      valid: boolean;
      issues: {
        /** @enum {unknown} */
        type: 'schema' | 'semantic' | 'json' | 'linter';
        path: string;
        message: string;
        /** @enum {unknown} */
        severity: 'error' | 'warning' | 'info';
        reference: string;
      }[];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  'list-servers-v0': {
    parameters: {
      query?: {
        /** @description Opaque cursor from `metadata.nextCursor` of the previous page. */
        cursor?: string;
        /** @description Items per page (1-100, default 30). */
        limit?: number;
        /** @description Case-insensitive substring of the server name (official semantics). */
        search?: string;
        /** @description RFC 3339 timestamp: only versions updated strictly after it. Deleted versions are always included (incremental sync). */
        updated_since?: string;
        /** @description `latest` for each server's latest version, or an exact version. */
        version?: string;
        /** @description Include deleted versions (boolean, default false) */
        include_deleted?: boolean;
        /** @description Toolshed extension: ranked full-text search over name, title and description (all words must match; the last word may be a prefix). Results are ordered by relevance; page with `nextCursor` as usual. */
        q?: string;
        /** @description Toolshed extension: only versions with a package of one of these registry types (comma-separated, e.g. `npm,oci`). */
        registry_type?: string;
        /** @description Toolshed extension: only versions with a remote of one of these transports (`streamable-http`, `sse`; comma-separated). */
        remote_transport?: string;
        /** @description Toolshed extension: only versions from these origins (`local`, or federation source names; comma-separated). */
        source?: string;
        /** @description Toolshed extension: `name` (default: by name, then version) or `updated` (most recently updated first; page with `nextCursor` as usual). Not with `q`, which orders by relevance. */
        sort?: 'name' | 'updated';
        /** @description Toolshed extension: only versions whose server’s trust level is one of these (comma-separated: verified, internal, community, experimental, blocked): the level a reviewer set, else the one curated for its source. */
        trust?: string;
        /** @description Toolshed extension: only versions carrying one of these curated tags (comma-separated, exact). */
        tag?: string;
        /** @description Toolshed extension: only versions whose current capability snapshot offers a tool of exactly this name (case-sensitive, as MCP tool names are; 1-128 characters, no control characters). */
        tool?: string;
        /** @description Toolshed extension: `true` adds `metadata["io.toolshed/total"]`, the number of items all pages of this query hold together (the same filters, search and visibility), to every page. */
        include_total?: string;
        /** @description Toolshed extension: only versions in these statuses (`active`, `deprecated`, `deleted`; comma-separated). Overrides `include_deleted`. */
        status?: string;
      };
      header?: {
        /** @description Entity tags from earlier responses; a match answers 304 with no body. */
        'If-None-Match'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of server versions */
      200: {
        headers: {
          /** @description Strong entity tag; send it back in If-None-Match */
          ETag?: string;
          /** @description `public, max-age=<cacheMaxAge>` */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerList'];
        };
      };
      /** @description Not modified (If-None-Match matched) */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'list-server-versions-v0': {
    parameters: {
      query?: {
        /** @description Include deleted versions (boolean, default false) */
        include_deleted?: boolean;
      };
      header?: {
        /** @description Entity tags from earlier responses; a match answers 304 with no body. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of server versions */
      200: {
        headers: {
          /** @description Strong entity tag; send it back in If-None-Match */
          ETag?: string;
          /** @description `public, max-age=<cacheMaxAge>` */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerList'];
        };
      };
      /** @description Not modified (If-None-Match matched) */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'get-server-version-v0': {
    parameters: {
      query?: {
        /** @description Include deleted versions (boolean, default false) */
        include_deleted?: boolean;
      };
      header?: {
        /** @description Entity tags from earlier responses; a match answers 304 with no body. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
        /** @description URL-encoded version (e.g. `1.0.0`, `1.0.0%2B20130313144700`), or `latest` */
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The server version */
      200: {
        headers: {
          /** @description Strong entity tag; send it back in If-None-Match */
          ETag?: string;
          /** @description `public, max-age=<cacheMaxAge>` */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerResponse'];
        };
      };
      /** @description Not modified (If-None-Match matched) */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'edit-server-version-v0': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
        /** @description URL-encoded version (e.g. `1.0.0`, `1.0.0%2B20130313144700`), or `latest` */
        version: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ServerDetail'];
      };
    };
    responses: {
      /** @description The stored version */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerResponse'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing or invalid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token does not grant this action on this name */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server or version not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body larger than 1 MiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'delete-server-version-v0': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
        /** @description URL-encoded version (e.g. `1.0.0`, `1.0.0%2B20130313144700`), or `latest` */
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The stored version */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerResponse'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing or invalid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token does not grant this action on this name */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server or version not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body larger than 1 MiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'publish-server-v0': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ServerDetail'];
      };
    };
    responses: {
      /** @description The stored version */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerResponse'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing or invalid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token does not grant this action on this name */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server or version not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body larger than 1 MiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'validate-server-v0': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ServerDetail'];
      };
    };
    responses: {
      /** @description Validation result (always 200 once the body has the server.json shape) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ValidationResult'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'update-server-version-status-v0': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
        /** @description URL-encoded version (e.g. `1.0.0`, `1.0.0%2B20130313144700`), or `latest` */
        version: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StatusUpdateRequest'];
      };
    };
    responses: {
      /** @description The stored version */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerResponse'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing or invalid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token does not grant this action on this name */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server or version not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body larger than 1 MiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'update-server-status-v0': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StatusUpdateRequest'];
      };
    };
    responses: {
      /** @description Every version of the server after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AllVersionsStatusResponse'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing or invalid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token does not grant this action on this name */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server or version not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body larger than 1 MiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'health-v0': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Healthy */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status?: 'ok';
            github_client_id?: string;
          };
        };
      };
      /** @description The database is unreachable */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'ping-v0': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Pong */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            pong?: true;
          };
        };
      };
    };
  };
  'version-v0': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Build information */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            version?: string;
            git_commit?: string;
            build_time?: string;
          };
        };
      };
    };
  };
  'exchange-github-at-token-v0': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          github_token: string;
        };
      };
    };
    responses: {
      /** @description A short-lived registry token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistryTokenResponse'];
        };
      };
      /** @description The proof was refused (the detail names the method; errors[0].message says why) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The namespace is blocked */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is malformed */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'exchange-github-oidc-token-v0': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          oidc_token: string;
        };
      };
    };
    responses: {
      /** @description A short-lived registry token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistryTokenResponse'];
        };
      };
      /** @description The proof was refused (the detail names the method; errors[0].message says why) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The namespace is blocked */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is malformed */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'exchange-dns-token-v0': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Domain name
           * @example example.com
           */
          domain: string;
          /**
           * @description RFC3339 timestamp
           * @example 2023-01-01T00:00:00Z
           */
          timestamp: string;
          /**
           * @description Hex-encoded signature of timestamp
           * @example abcdef1234567890
           */
          signed_timestamp: string;
        };
      };
    };
    responses: {
      /** @description A short-lived registry token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistryTokenResponse'];
        };
      };
      /** @description The proof was refused (the detail names the method; errors[0].message says why) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The namespace is blocked */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is malformed */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'exchange-http-token-v0': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Domain name
           * @example example.com
           */
          domain: string;
          /**
           * @description RFC3339 timestamp
           * @example 2023-01-01T00:00:00Z
           */
          timestamp: string;
          /**
           * @description Hex-encoded signature of timestamp
           * @example abcdef1234567890
           */
          signed_timestamp: string;
        };
      };
    };
    responses: {
      /** @description A short-lived registry token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistryTokenResponse'];
        };
      };
      /** @description The proof was refused (the detail names the method; errors[0].message says why) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The namespace is blocked */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is malformed */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'list-servers-v0.1': {
    parameters: {
      query?: {
        /** @description Opaque cursor from `metadata.nextCursor` of the previous page. */
        cursor?: string;
        /** @description Items per page (1-100, default 30). */
        limit?: number;
        /** @description Case-insensitive substring of the server name (official semantics). */
        search?: string;
        /** @description RFC 3339 timestamp: only versions updated strictly after it. Deleted versions are always included (incremental sync). */
        updated_since?: string;
        /** @description `latest` for each server's latest version, or an exact version. */
        version?: string;
        /** @description Include deleted versions (boolean, default false) */
        include_deleted?: boolean;
        /** @description Toolshed extension: ranked full-text search over name, title and description (all words must match; the last word may be a prefix). Results are ordered by relevance; page with `nextCursor` as usual. */
        q?: string;
        /** @description Toolshed extension: only versions with a package of one of these registry types (comma-separated, e.g. `npm,oci`). */
        registry_type?: string;
        /** @description Toolshed extension: only versions with a remote of one of these transports (`streamable-http`, `sse`; comma-separated). */
        remote_transport?: string;
        /** @description Toolshed extension: only versions from these origins (`local`, or federation source names; comma-separated). */
        source?: string;
        /** @description Toolshed extension: `name` (default: by name, then version) or `updated` (most recently updated first; page with `nextCursor` as usual). Not with `q`, which orders by relevance. */
        sort?: 'name' | 'updated';
        /** @description Toolshed extension: only versions whose server’s trust level is one of these (comma-separated: verified, internal, community, experimental, blocked): the level a reviewer set, else the one curated for its source. */
        trust?: string;
        /** @description Toolshed extension: only versions carrying one of these curated tags (comma-separated, exact). */
        tag?: string;
        /** @description Toolshed extension: only versions whose current capability snapshot offers a tool of exactly this name (case-sensitive, as MCP tool names are; 1-128 characters, no control characters). */
        tool?: string;
        /** @description Toolshed extension: `true` adds `metadata["io.toolshed/total"]`, the number of items all pages of this query hold together (the same filters, search and visibility), to every page. */
        include_total?: string;
        /** @description Toolshed extension: only versions in these statuses (`active`, `deprecated`, `deleted`; comma-separated). Overrides `include_deleted`. */
        status?: string;
      };
      header?: {
        /** @description Entity tags from earlier responses; a match answers 304 with no body. */
        'If-None-Match'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of server versions */
      200: {
        headers: {
          /** @description Strong entity tag; send it back in If-None-Match */
          ETag?: string;
          /** @description `public, max-age=<cacheMaxAge>` */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerList'];
        };
      };
      /** @description Not modified (If-None-Match matched) */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'list-server-versions-v0.1': {
    parameters: {
      query?: {
        /** @description Include deleted versions (boolean, default false) */
        include_deleted?: boolean;
      };
      header?: {
        /** @description Entity tags from earlier responses; a match answers 304 with no body. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of server versions */
      200: {
        headers: {
          /** @description Strong entity tag; send it back in If-None-Match */
          ETag?: string;
          /** @description `public, max-age=<cacheMaxAge>` */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerList'];
        };
      };
      /** @description Not modified (If-None-Match matched) */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'get-server-version-v0.1': {
    parameters: {
      query?: {
        /** @description Include deleted versions (boolean, default false) */
        include_deleted?: boolean;
      };
      header?: {
        /** @description Entity tags from earlier responses; a match answers 304 with no body. */
        'If-None-Match'?: string;
      };
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
        /** @description URL-encoded version (e.g. `1.0.0`, `1.0.0%2B20130313144700`), or `latest` */
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The server version */
      200: {
        headers: {
          /** @description Strong entity tag; send it back in If-None-Match */
          ETag?: string;
          /** @description `public, max-age=<cacheMaxAge>` */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerResponse'];
        };
      };
      /** @description Not modified (If-None-Match matched) */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'edit-server-version-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
        /** @description URL-encoded version (e.g. `1.0.0`, `1.0.0%2B20130313144700`), or `latest` */
        version: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ServerDetail'];
      };
    };
    responses: {
      /** @description The stored version */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerResponse'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing or invalid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token does not grant this action on this name */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server or version not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body larger than 1 MiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'delete-server-version-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
        /** @description URL-encoded version (e.g. `1.0.0`, `1.0.0%2B20130313144700`), or `latest` */
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The stored version */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerResponse'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing or invalid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token does not grant this action on this name */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server or version not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body larger than 1 MiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'publish-server-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ServerDetail'];
      };
    };
    responses: {
      /** @description The stored version */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerResponse'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing or invalid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token does not grant this action on this name */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server or version not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body larger than 1 MiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'validate-server-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ServerDetail'];
      };
    };
    responses: {
      /** @description Validation result (always 200 once the body has the server.json shape) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ValidationResult'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'update-server-version-status-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
        /** @description URL-encoded version (e.g. `1.0.0`, `1.0.0%2B20130313144700`), or `latest` */
        version: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StatusUpdateRequest'];
      };
    };
    responses: {
      /** @description The stored version */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ServerResponse'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing or invalid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token does not grant this action on this name */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server or version not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body larger than 1 MiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'update-server-status-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description URL-encoded server name (e.g. `com.example%2Fmy-server`) */
        serverName: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StatusUpdateRequest'];
      };
    };
    responses: {
      /** @description Every version of the server after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AllVersionsStatusResponse'];
        };
      };
      /** @description Bad request: a rule was broken (the detail says which) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing or invalid bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The token does not grant this action on this name */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Server or version not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body larger than 1 MiB */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Validation failed (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'health-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Healthy */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status?: 'ok';
            github_client_id?: string;
          };
        };
      };
      /** @description The database is unreachable */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'ping-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Pong */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            pong?: true;
          };
        };
      };
    };
  };
  'version-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Build information */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            version?: string;
            git_commit?: string;
            build_time?: string;
          };
        };
      };
    };
  };
  'exchange-github-at-token-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          github_token: string;
        };
      };
    };
    responses: {
      /** @description A short-lived registry token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistryTokenResponse'];
        };
      };
      /** @description The proof was refused (the detail names the method; errors[0].message says why) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The namespace is blocked */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is malformed */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'exchange-github-oidc-token-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          oidc_token: string;
        };
      };
    };
    responses: {
      /** @description A short-lived registry token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistryTokenResponse'];
        };
      };
      /** @description The proof was refused (the detail names the method; errors[0].message says why) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The namespace is blocked */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is malformed */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'exchange-dns-token-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Domain name
           * @example example.com
           */
          domain: string;
          /**
           * @description RFC3339 timestamp
           * @example 2023-01-01T00:00:00Z
           */
          timestamp: string;
          /**
           * @description Hex-encoded signature of timestamp
           * @example abcdef1234567890
           */
          signed_timestamp: string;
        };
      };
    };
    responses: {
      /** @description A short-lived registry token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistryTokenResponse'];
        };
      };
      /** @description The proof was refused (the detail names the method; errors[0].message says why) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The namespace is blocked */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is malformed */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'exchange-http-token-v0.1': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Domain name
           * @example example.com
           */
          domain: string;
          /**
           * @description RFC3339 timestamp
           * @example 2023-01-01T00:00:00Z
           */
          timestamp: string;
          /**
           * @description Hex-encoded signature of timestamp
           * @example abcdef1234567890
           */
          signed_timestamp: string;
        };
      };
    };
    responses: {
      /** @description A short-lived registry token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistryTokenResponse'];
        };
      };
      /** @description The proof was refused (the detail names the method; errors[0].message says why) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The namespace is blocked */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The request body is malformed */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'list-registry-events': {
    parameters: {
      query?: {
        /** @description Only this server name */
        name?: string;
        action?: 'publish' | 'edit' | 'status' | 'submit' | 'approve' | 'reject' | 'comment' | 'trust' | 'owners' | 'report' | 'moderate' | 'block' | 'unblock' | 'recertify' | 'policy';
        /** @description Only events by this identity (auth_method_sub) */
        actor?: string;
        /** @description RFC 3339: only events at or after this time */
        since?: string;
        limit?: number;
        /** @description `metadata.nextCursor` of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of audit events, newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegistryEventList'];
        };
      };
      /** @description Bad cursor or since */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No bearer token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid query parameter */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'get-session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'list-federation-sources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every source with its status */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceList'];
        };
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid parameter */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'create-federation-source': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Also the value of `?source=` and of `_meta` provenance */
          name: string;
          /** @description Base URL of a registry speaking the official API (`/v0.1/servers` is appended) */
          baseUrl: string;
          /** @description Sent as `Authorization` to the upstream; stored encrypted; never returned (null removes it) */
          authHeader?: string | null;
          /** @description Seconds between scheduled syncs; 0 = on demand only */
          intervalSeconds?: number;
          /** @description Which upstream servers to mirror; an absent or empty list does not restrict */
          filter?: {
            /** @description Name patterns: exact, `*`, or a prefix ending in `*` */
            names?: string[];
            /** @description Namespaces (`com.acme` also admits `com.acme.team`) */
            namespaces?: string[];
            /** @description Package registry types (`npm`, `pypi`, `oci`, …): at least one must match */
            packageTypes?: string[];
            /** @description Upstream statuses to mirror (deleted versions always pass, so takedowns arrive) */
            statuses?: ('active' | 'deprecated' | 'deleted')[];
          };
          /** @description Lower wins when sources carry the same name */
          precedence?: number;
          enabled?: boolean;
        };
      };
    };
    responses: {
      /** @description The new source and its status */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceStatus'];
        };
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A source of that name exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid source (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'get-federation-source': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The source name */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The source and its status */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceStatus'];
        };
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such source */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid parameter */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'delete-federation-source': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The source name */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed, with its mirrored versions and their catalog rows */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such source */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid parameter */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'update-federation-source': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The source name */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Base URL of a registry speaking the official API (`/v0.1/servers` is appended) */
          baseUrl?: string;
          /** @description Sent as `Authorization` to the upstream; stored encrypted; never returned (null removes it) */
          authHeader?: string | null;
          /** @description Seconds between scheduled syncs; 0 = on demand only */
          intervalSeconds?: number;
          /** @description Which upstream servers to mirror; an absent or empty list does not restrict */
          filter?: {
            /** @description Name patterns: exact, `*`, or a prefix ending in `*` */
            names?: string[];
            /** @description Namespaces (`com.acme` also admits `com.acme.team`) */
            namespaces?: string[];
            /** @description Package registry types (`npm`, `pypi`, `oci`, …): at least one must match */
            packageTypes?: string[];
            /** @description Upstream statuses to mirror (deleted versions always pass, so takedowns arrive) */
            statuses?: ('active' | 'deprecated' | 'deleted')[];
          };
          /** @description Lower wins when sources carry the same name */
          precedence?: number;
          enabled?: boolean;
        };
      };
    };
    responses: {
      /** @description The changed source */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SourceStatus'];
        };
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such source */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid change (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'sync-federation-source': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The source name */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The finished run */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SyncResult'];
        };
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such source */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A sync of this source is already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid parameter */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The upstream failed the sync (also recorded as the source's lastError) */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'list-federation-rejections': {
    parameters: {
      query?: {
        limit?: number;
        /** @description `metadata.nextCursor` of the previous page */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description The source name */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of refused upstream documents, newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RejectionList'];
        };
      };
      /** @description Bad cursor */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such source */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid parameter */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'list-curations': {
    parameters: {
      query?: {
        /** @description Only this source (or `local`) */
        source?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Curation records */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CurationList'];
        };
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid parameter */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'get-curation': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A source name, or `local` */
        source: string;
        /** @description A server name (URL-encoded, `/` as `%2F`), or `*` */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The curation record */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Curation'];
        };
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such curation record */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid parameter */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'put-curation': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A source name, or `local` */
        source: string;
        /** @description A server name (URL-encoded, `/` as `%2F`), or `*` */
        name: string;
      };
      cookie?: never;
    };
    /** @description The whole curation record: omitted fields are reset (null or empty) */
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Deny hides the server (or the whole source for `*`)
           * @enum {string|null}
           */
          decision?: 'allow' | 'deny' | null;
          /** @description Served as the latest version */
          pinnedVersion?: string | null;
          /** @description Versions left out of the catalog */
          hiddenVersions?: string[];
          /** @description A trust level (`verified`, `internal`, `community`, `experimental`, `blocked`; 422 otherwise): the default for the server (or the whole source for `*`); a reviewer’s level set through /api/servers/{name}/governance overrides it */
          trust?: string | null;
          tags?: string[];
          notes?: string | null;
        };
      };
    };
    responses: {
      /** @description The stored curation record */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Curation'];
        };
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such source */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid curation (each entry of `errors` names a field) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  'delete-curation': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A source name, or `local` */
        source: string;
        /** @description A server name (URL-encoded, `/` as `%2F`), or `*` */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No bearer token, or an invalid one */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not a registry administrator */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such curation record */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invalid parameter */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The database is unavailable; retry after `Retry-After` seconds */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  metrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus text exposition (no authentication: keep it behind your proxy or network policy) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain; version=0.0.4; charset=utf-8': string;
        };
      };
    };
  };
  'list-access-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'replace-access-rules': {
    parameters: {
      query?: never;
      header?: {
        /** @description The rule set’s ETag as last read (`*` for any); 412 when it changed since */
        'if-match'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          rules: Record<string, never>[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'create-access-rule': {
    parameters: {
      query?: {
        /** @description Where the rule goes in the list (0 = first); the end by default, or where it was for an update */
        position?: number;
      };
      header?: {
        /** @description The rule set’s ETag as last read (`*` for any); 412 when it changed since */
        'if-match'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description An access rule: `{id, description?, effect: allow|deny, subject: {user}|{group}|{everyone: true}|{anonymous: true} (anonymous: discover only), actions: [discover|connect|call], resource: {server}|{server, tool}|{source}}`. Checked as part of the whole set; every problem is listed in a 422. */
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'get-starter-access-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'apply-starter-access-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'get-access-rule': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The rule id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'update-access-rule': {
    parameters: {
      query?: {
        /** @description Where the rule goes in the list (0 = first); the end by default, or where it was for an update */
        position?: number;
      };
      header?: {
        /** @description The rule set’s ETag as last read (`*` for any); 412 when it changed since */
        'if-match'?: string;
      };
      path: {
        /** @description The rule id */
        id: string;
      };
      cookie?: never;
    };
    /** @description An access rule: `{id, description?, effect: allow|deny, subject: {user}|{group}|{everyone: true}|{anonymous: true} (anonymous: discover only), actions: [discover|connect|call], resource: {server}|{server, tool}|{source}}`. Checked as part of the whole set; every problem is listed in a 422. */
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'delete-access-rule': {
    parameters: {
      query?: never;
      header?: {
        /** @description The rule set’s ETag as last read (`*` for any); 412 when it changed since */
        'if-match'?: string;
      };
      path: {
        /** @description The rule id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'list-access-changes': {
    parameters: {
      query?: {
        /** @description Only this target kind (`rule`, …) */
        kind?: string;
        /** @description Only this target (a rule id, …) */
        target?: string;
        /** @description Only changes by this caller id */
        actor?: string;
        /** @description `create`, `update`, `delete`, `import`, `reorder`, … */
        action?: string;
        /** @description RFC 3339: only changes at or after this time */
        since?: string;
        limit?: number;
        /** @description `metadata.nextCursor` of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'explain-access': {
    parameters: {
      query: {
        /** @description A user id or email; their groups come from the directory */
        user?: string;
        /** @description A group (repeatable): someone in these groups (added to the user’s own) */
        group?: string | string[];
        /** @description `call` when a tool is named, `connect` otherwise */
        action?: 'discover' | 'connect' | 'call';
        server: string;
        tool?: string;
        /** @description The source the server is mirrored from (`` for local); looked up in the catalog when absent */
        source?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'simulate-access-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The whole proposed set */
          rules?: Record<string, never>[];
          /** @description Rules to add, or to replace by id */
          upsert?: Record<string, never>[];
          /** @description Ids of rules to remove */
          delete?: string[];
          /** @description Whom to check; every known person by default */
          principals?: {
            user?: string;
            groups?: string[];
          }[];
          /** @description Which servers; every server of the catalog by default */
          servers?: string[];
          /** @description Tools to check for discover and call (the catalog does not list tools yet) */
          tools?: {
            server: string;
            tool: string;
          }[];
          /**
           * @description How many flips to list (all are counted)
           * @default 100
           */
          limit?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'get-me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            label: string;
            /** @enum {string} */
            via: 'session' | 'personal-token' | 'service-token' | 'admin-token' | 'registry-token';
            roles: string[];
            groups: string[];
            permissions: string[];
            tokenId?: string;
          };
        };
      };
    };
  };
  'list-my-tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            tokens: {
              id: string;
              /** @enum {string} */
              kind: 'personal' | 'service';
              name: string;
              /** @description The start of the secret, to recognise it */
              prefix: string;
              /** @description The owner of a personal token */
              userId: string | null;
              /** @description What a service token acts as */
              roles: string[];
              groups: string[];
              scopes: string[];
              createdBy: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string | null;
              /** Format: date-time */
              revokedAt: string | null;
              revokedBy: string | null;
              /** Format: date-time */
              lastUsedAt: string | null;
              lastUsedFrom: string | null;
              /** @enum {string} */
              state: 'active' | 'expired' | 'revoked';
            }[];
          };
        };
      };
    };
  };
  'create-my-token': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description What the token is for */
          name: string;
          scopes: ('catalog:read' | 'catalog:contribute' | 'catalog:publish' | 'catalog:review' | 'gateway' | 'admin')[];
          /** @description Days until it expires (default 90; at most config tokenMaxDays) */
          expiresInDays?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            token: {
              id: string;
              /** @enum {string} */
              kind: 'personal' | 'service';
              name: string;
              /** @description The start of the secret, to recognise it */
              prefix: string;
              /** @description The owner of a personal token */
              userId: string | null;
              /** @description What a service token acts as */
              roles: string[];
              groups: string[];
              scopes: string[];
              createdBy: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string | null;
              /** Format: date-time */
              revokedAt: string | null;
              revokedBy: string | null;
              /** Format: date-time */
              lastUsedAt: string | null;
              lastUsedFrom: string | null;
              /** @enum {string} */
              state: 'active' | 'expired' | 'revoked';
            };
            /** @description Shown only now: send it as `Authorization: Bearer <secret>` */
            secret: string;
          };
        };
      };
    };
  };
  'revoke-my-token': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A token id (`tok_…`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'list-users': {
    parameters: {
      query?: {
        limit?: number;
        /** @description `metadata.nextCursor` of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            users: {
              id: string;
              issuer: string;
              subject: string;
              email: string | null;
              name: string | null;
              /** @description Effective: assigned, mapped from the ID token, and `user` */
              roles: string[];
              /** @description Assigned by an administrator */
              assignedRoles: string[];
              /** @description Effective: from the ID token plus memberships an administrator added */
              groups: string[];
              disabled: boolean;
              /** @description A local person: kept by Toolshed, not the identity provider; acts through the tokens an administrator makes */
              local: boolean;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              lastLoginAt: string | null;
            }[];
            metadata: {
              count: number;
              nextCursor?: string;
              /** @description Whether local people may be added and act (config `localPeople`) */
              localPeople: boolean;
            };
          };
        };
      };
    };
  };
  'add-local-person': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Identifies the person (their tokens and the audit show it) */
          email: string;
          name?: string;
          /** @description Assigned roles (everyone has `user`) */
          roles?: ('admin' | 'publisher' | 'reviewer' | 'auditor' | 'user')[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            issuer: string;
            subject: string;
            email: string | null;
            name: string | null;
            /** @description Effective: assigned, mapped from the ID token, and `user` */
            roles: string[];
            /** @description Assigned by an administrator */
            assignedRoles: string[];
            /** @description Effective: from the ID token plus memberships an administrator added */
            groups: string[];
            disabled: boolean;
            /** @description A local person: kept by Toolshed, not the identity provider; acts through the tokens an administrator makes */
            local: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastLoginAt: string | null;
          };
        };
      };
    };
  };
  'create-local-person-token': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A user id (`usr_…`) or email */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description What the token is for */
          name: string;
          scopes: ('catalog:read' | 'catalog:contribute' | 'catalog:publish' | 'catalog:review' | 'gateway' | 'admin')[];
          /** @description Days until it expires (default 90; at most config tokenMaxDays) */
          expiresInDays?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            token: {
              id: string;
              /** @enum {string} */
              kind: 'personal' | 'service';
              name: string;
              /** @description The start of the secret, to recognise it */
              prefix: string;
              /** @description The owner of a personal token */
              userId: string | null;
              /** @description What a service token acts as */
              roles: string[];
              groups: string[];
              scopes: string[];
              createdBy: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string | null;
              /** Format: date-time */
              revokedAt: string | null;
              revokedBy: string | null;
              /** Format: date-time */
              lastUsedAt: string | null;
              lastUsedFrom: string | null;
              /** @enum {string} */
              state: 'active' | 'expired' | 'revoked';
            };
            /** @description Shown only now: send it as `Authorization: Bearer <secret>` */
            secret: string;
          };
        };
      };
    };
  };
  'get-user': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A user id (`usr_…`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            issuer: string;
            subject: string;
            email: string | null;
            name: string | null;
            /** @description Effective: assigned, mapped from the ID token, and `user` */
            roles: string[];
            /** @description Assigned by an administrator */
            assignedRoles: string[];
            /** @description Effective: from the ID token plus memberships an administrator added */
            groups: string[];
            disabled: boolean;
            /** @description A local person: kept by Toolshed, not the identity provider; acts through the tokens an administrator makes */
            local: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastLoginAt: string | null;
          };
        };
      };
    };
  };
  'update-user': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A user id (`usr_…`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Replaces the assigned roles */
          roles?: ('admin' | 'publisher' | 'reviewer' | 'auditor' | 'user')[];
          /** @description A disabled person cannot sign in, and their sessions and tokens stop working */
          disabled?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            issuer: string;
            subject: string;
            email: string | null;
            name: string | null;
            /** @description Effective: assigned, mapped from the ID token, and `user` */
            roles: string[];
            /** @description Assigned by an administrator */
            assignedRoles: string[];
            /** @description Effective: from the ID token plus memberships an administrator added */
            groups: string[];
            disabled: boolean;
            /** @description A local person: kept by Toolshed, not the identity provider; acts through the tokens an administrator makes */
            local: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastLoginAt: string | null;
          };
        };
      };
    };
  };
  'list-groups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            groups: {
              name: string;
              description: string | null;
              /** @description People an administrator added */
              members: number;
              /** Format: date-time */
              createdAt: string;
              createdBy: string;
            }[];
            /** @description Groups seen in ID tokens that are not defined here (usable in rules too) */
            claimGroups: string[];
          };
        };
      };
    };
  };
  'create-group': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          description?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            description: string | null;
            /** @description People an administrator added */
            members: number;
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
          };
        };
      };
    };
  };
  'delete-group': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A group name */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'add-group-member': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A group name */
        name: string;
        /** @description A user id (`usr_…`) */
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'remove-group-member': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A group name */
        name: string;
        /** @description A user id (`usr_…`) */
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'list-tokens': {
    parameters: {
      query?: {
        kind?: 'personal' | 'service';
        /** @description Only this person’s personal tokens */
        userId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            tokens: {
              id: string;
              /** @enum {string} */
              kind: 'personal' | 'service';
              name: string;
              /** @description The start of the secret, to recognise it */
              prefix: string;
              /** @description The owner of a personal token */
              userId: string | null;
              /** @description What a service token acts as */
              roles: string[];
              groups: string[];
              scopes: string[];
              createdBy: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string | null;
              /** Format: date-time */
              revokedAt: string | null;
              revokedBy: string | null;
              /** Format: date-time */
              lastUsedAt: string | null;
              lastUsedFrom: string | null;
              /** @enum {string} */
              state: 'active' | 'expired' | 'revoked';
            }[];
          };
        };
      };
    };
  };
  'create-service-token': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description What the token is for */
          name: string;
          scopes: ('catalog:read' | 'catalog:contribute' | 'catalog:publish' | 'catalog:review' | 'gateway' | 'admin')[];
          /** @description Days until it expires (default 90; at most config tokenMaxDays) */
          expiresInDays?: number;
          roles: ('admin' | 'publisher' | 'reviewer' | 'auditor' | 'user')[];
          groups?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            token: {
              id: string;
              /** @enum {string} */
              kind: 'personal' | 'service';
              name: string;
              /** @description The start of the secret, to recognise it */
              prefix: string;
              /** @description The owner of a personal token */
              userId: string | null;
              /** @description What a service token acts as */
              roles: string[];
              groups: string[];
              scopes: string[];
              createdBy: string;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              expiresAt: string | null;
              /** Format: date-time */
              revokedAt: string | null;
              revokedBy: string | null;
              /** Format: date-time */
              lastUsedAt: string | null;
              lastUsedFrom: string | null;
              /** @enum {string} */
              state: 'active' | 'expired' | 'revoked';
            };
            /** @description Shown only now: send it as `Authorization: Bearer <secret>` */
            secret: string;
          };
        };
      };
    };
  };
  'revoke-token': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A token id (`tok_…`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'list-my-connections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connections: {
              id: string;
              server: string;
              label: string;
              userId: string;
              /** @description The streamable HTTP endpoint for MCP clients */
              url: string;
              /** @description The legacy HTTP+SSE endpoint, when the server has an sse remote */
              sseUrl?: string;
              /** @description Whether a capability URL (secret in the path) works for it */
              capabilityUrl: boolean;
              createdAt: string;
              lastUsedAt: string | null;
              lastUsedFrom: string | null;
              revokedAt: string | null;
              revokedBy: string | null;
              /** @enum {string} */
              state: 'active' | 'revoked';
            }[];
          };
        };
      };
    };
  };
  'create-my-connection': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The catalog name of the server */
          server: string;
          /** @description The client it is for, e.g. "laptop / Claude Desktop" */
          label: string;
          /**
           * @description Also give a URL that authenticates by itself, for clients that cannot send headers
           * @default false
           */
          capabilityUrl?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connection: {
              id: string;
              server: string;
              label: string;
              userId: string;
              /** @description The streamable HTTP endpoint for MCP clients */
              url: string;
              /** @description The legacy HTTP+SSE endpoint, when the server has an sse remote */
              sseUrl?: string;
              /** @description Whether a capability URL (secret in the path) works for it */
              capabilityUrl: boolean;
              createdAt: string;
              lastUsedAt: string | null;
              lastUsedFrom: string | null;
              revokedAt: string | null;
              revokedBy: string | null;
              /** @enum {string} */
              state: 'active' | 'revoked';
            };
            /** @description Only with capabilityUrl: the URLs with the secret in them. Shown once; keep them like a password. */
            capability?: {
              secret: string;
              url: string;
              sseUrl?: string;
            };
          };
        };
      };
    };
  };
  'revoke-my-connection': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A connection id (`con_…`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'rename-my-connection': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A connection id (`con_…`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          label: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            server: string;
            label: string;
            userId: string;
            /** @description The streamable HTTP endpoint for MCP clients */
            url: string;
            /** @description The legacy HTTP+SSE endpoint, when the server has an sse remote */
            sseUrl?: string;
            /** @description Whether a capability URL (secret in the path) works for it */
            capabilityUrl: boolean;
            createdAt: string;
            lastUsedAt: string | null;
            lastUsedFrom: string | null;
            revokedAt: string | null;
            revokedBy: string | null;
            /** @enum {string} */
            state: 'active' | 'revoked';
          };
        };
      };
    };
  };
  'list-my-servers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'get-my-server-hosting': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: string;
            /** @description true: the gateway runs the server's package for connections to it */
            hosted: boolean;
          };
        };
      };
    };
  };
  'list-my-server-tools': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server?: string;
            /** @description The latest version, whose current capability snapshot lists the tools */
            version?: string;
            /** @description null when no snapshot of that version is known yet (tools is then empty) */
            snapshotHash?: string | null;
            tools?: {
              name?: string;
              /** @description Whether a tools/call of it through the gateway would be allowed for the caller */
              allowed?: boolean;
              /** @description The access rule that decided; absent when the default did */
              rule?: {
                id?: string;
                description?: string;
              };
              reason?: string;
              /** @description Present (true) when the access rules allow the tool but a drift from the server's pin holds it back (drift action hide or block) */
              held?: boolean;
            }[];
          };
        };
      };
    };
  };
  'list-connections': {
    parameters: {
      query?: {
        /** @description Only this owner (user id) */
        user?: string;
        /** @description Only connections to this server */
        server?: string;
        include_revoked?: boolean;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            connections: {
              id: string;
              server: string;
              label: string;
              userId: string;
              /** @description The streamable HTTP endpoint for MCP clients */
              url: string;
              /** @description The legacy HTTP+SSE endpoint, when the server has an sse remote */
              sseUrl?: string;
              /** @description Whether a capability URL (secret in the path) works for it */
              capabilityUrl: boolean;
              createdAt: string;
              lastUsedAt: string | null;
              lastUsedFrom: string | null;
              revokedAt: string | null;
              revokedBy: string | null;
              /** @enum {string} */
              state: 'active' | 'revoked';
            }[];
          };
        };
      };
    };
  };
  'revoke-connection': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A connection id (`con_…`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'list-shared-upstream-secrets': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            secrets: {
              server: string;
              name: string;
              /** @enum {string} */
              kind: 'header' | 'query' | 'variable';
              /** @enum {string} */
              scope: 'shared' | 'personal';
              /** @description Shared secrets only: the origins the gateway sends it to (null: not yet settled, bound to the origin its URL has now) */
              allowedOrigins?: string[] | null;
              createdBy: string;
              createdAt: string;
              updatedAt: string;
            }[];
          };
        };
      };
    };
  };
  'put-shared-upstream-secret': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
        /** @description The header, query parameter or URL variable the secret fills */
        secretName: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Sent as a header, as a query parameter, or substituted for `{name}` in the remote URL
           * @enum {string}
           */
          kind: 'header' | 'query' | 'variable';
          /** @description Stored encrypted; never shown again */
          value: string;
          /** @description The origins (https://host[:port]) the gateway may send this shared secret to. Default: a new secret gets the origins the server's remotes have now; setting an existing one again keeps its origins */
          allowedOrigins?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: string;
            name: string;
            /** @enum {string} */
            kind: 'header' | 'query' | 'variable';
            /** @enum {string} */
            scope: 'shared' | 'personal';
            /** @description Shared secrets only: the origins the gateway sends it to (null: not yet settled, bound to the origin its URL has now) */
            allowedOrigins?: string[] | null;
            createdBy: string;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: string;
            name: string;
            /** @enum {string} */
            kind: 'header' | 'query' | 'variable';
            /** @enum {string} */
            scope: 'shared' | 'personal';
            /** @description Shared secrets only: the origins the gateway sends it to (null: not yet settled, bound to the origin its URL has now) */
            allowedOrigins?: string[] | null;
            createdBy: string;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
    };
  };
  'delete-shared-upstream-secret': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
        /** @description The header, query parameter or URL variable the secret fills */
        secretName: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'list-my-upstream-secrets': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            secrets: {
              server: string;
              name: string;
              /** @enum {string} */
              kind: 'header' | 'query' | 'variable';
              /** @enum {string} */
              scope: 'shared' | 'personal';
              /** @description Shared secrets only: the origins the gateway sends it to (null: not yet settled, bound to the origin its URL has now) */
              allowedOrigins?: string[] | null;
              createdBy: string;
              createdAt: string;
              updatedAt: string;
            }[];
          };
        };
      };
    };
  };
  'put-my-upstream-secret': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
        /** @description The header, query parameter or URL variable the secret fills */
        secretName: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Sent as a header, as a query parameter, or substituted for `{name}` in the remote URL
           * @enum {string}
           */
          kind: 'header' | 'query' | 'variable';
          /** @description Stored encrypted; never shown again */
          value: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: string;
            name: string;
            /** @enum {string} */
            kind: 'header' | 'query' | 'variable';
            /** @enum {string} */
            scope: 'shared' | 'personal';
            /** @description Shared secrets only: the origins the gateway sends it to (null: not yet settled, bound to the origin its URL has now) */
            allowedOrigins?: string[] | null;
            createdBy: string;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: string;
            name: string;
            /** @enum {string} */
            kind: 'header' | 'query' | 'variable';
            /** @enum {string} */
            scope: 'shared' | 'personal';
            /** @description Shared secrets only: the origins the gateway sends it to (null: not yet settled, bound to the origin its URL has now) */
            allowedOrigins?: string[] | null;
            createdBy: string;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
    };
  };
  'delete-my-upstream-secret': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
        /** @description The header, query parameter or URL variable the secret fills */
        secretName: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'approve-shared-upstream-secret-origins': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
        /** @description The header, query parameter or URL variable the secret fills */
        secretName: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The origins (https://host[:port]) the gateway may send this shared secret to. Default: the origins the server's remotes have now */
          allowedOrigins?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: string;
            name: string;
            /** @enum {string} */
            kind: 'header' | 'query' | 'variable';
            /** @enum {string} */
            scope: 'shared' | 'personal';
            /** @description Shared secrets only: the origins the gateway sends it to (null: not yet settled, bound to the origin its URL has now) */
            allowedOrigins?: string[] | null;
            createdBy: string;
            createdAt: string;
            updatedAt: string;
          };
        };
      };
    };
  };
  'list-gateway-calls': {
    parameters: {
      query?: {
        /** @description Only calls by this principal (an id such as `usr_…`, or an email/label) */
        user?: string;
        /** @description Only calls to this server (catalog name) */
        server?: string;
        /** @description Only calls naming this tool, prompt or resource URI */
        tool?: string;
        outcome?: 'ok' | 'error' | 'denied' | 'rate_limited' | 'timeout' | 'disconnected';
        /** @description Only this JSON-RPC method (`tools/call`, …) or `connect`, `stream/listen`, `stream/sse`, `session/delete`, `session/refused` */
        method?: string;
        /** @description Only calls through this connection id */
        connection?: string;
        /** @description RFC 3339: only calls at or after this time */
        since?: string;
        /** @description RFC 3339: only calls at or before this time */
        until?: string;
        limit?: number;
        /** @description `metadata.nextCursor` of the previous page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            calls: {
              id: string;
              /** Format: date-time */
              at: string;
              principal: {
                id: string;
                label: string;
                via: string;
              };
              connection: {
                id: string;
                label: string | null;
              } | null;
              client: {
                name: string;
                version: string | null;
              } | null;
              server: string;
              method: string;
              /** @description The tool, prompt or resource URI named */
              target: string | null;
              /** @enum {string} */
              outcome: 'ok' | 'error' | 'denied' | 'rate_limited' | 'timeout' | 'disconnected';
              error: {
                code: number | null;
                message: string | null;
              } | null;
              durationMicros: number;
              requestBytes: number;
              responseBytes: number;
              jsonrpcId: string | null;
              sessionHash: string | null;
              /** @description The hosted instance that served the call (docs/hosting.md); null for a remote server */
              instance: string | null;
              payload?: {
                request: string | null;
                response: string | null;
              };
            }[];
            metadata: {
              count: number;
              nextCursor?: string;
            };
          };
        };
      };
    };
  };
  'export-gateway-calls': {
    parameters: {
      query?: {
        /** @description Only calls by this principal (an id such as `usr_…`, or an email/label) */
        user?: string;
        /** @description Only calls to this server (catalog name) */
        server?: string;
        /** @description Only calls naming this tool, prompt or resource URI */
        tool?: string;
        outcome?: 'ok' | 'error' | 'denied' | 'rate_limited' | 'timeout' | 'disconnected';
        /** @description Only this JSON-RPC method (`tools/call`, …) or `connect`, `stream/listen`, `stream/sse`, `session/delete`, `session/refused` */
        method?: string;
        /** @description Only calls through this connection id */
        connection?: string;
        /** @description RFC 3339: only calls at or after this time */
        since?: string;
        /** @description RFC 3339: only calls at or before this time */
        until?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'gateway-usage': {
    parameters: {
      query?: {
        /** @description RFC 3339: count calls at or after this time (default: 30 days before `until`) */
        since?: string;
        /** @description RFC 3339: count calls at or before this time (default: now) */
        until?: string;
        /** @description Only calls to this server (catalog name) */
        server?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            since: string;
            until: string;
            /** @description Calls per UTC day for the 10 busiest servers; `server: null` counts every other server */
            days: {
              /** Format: date */
              day: string;
              server: string | null;
              calls: number;
            }[];
            /** @description The 10 busiest servers, most calls first */
            servers: {
              server: string;
              calls: number;
            }[];
            /** @description The 10 most-called tools (`tools/call`), most calls first */
            topTools: {
              server: string;
              tool: string;
              calls: number;
            }[];
            outcomes: {
              /** @enum {string} */
              outcome: 'ok' | 'error' | 'denied' | 'rate_limited' | 'timeout' | 'disconnected';
              calls: number;
            }[];
            totals: {
              calls: number;
              ok: number;
              errors: number;
              denied: number;
              rateLimited: number;
            };
          };
        };
      };
    };
  };
  'list-drift-events': {
    parameters: {
      query?: {
        /** @description true: unresolved only; false: resolved only */
        open?: boolean;
        server?: string;
        limit?: number;
        /** @description Events with an id below this one (the next page) */
        before?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            events?: {
              id?: number;
              server?: string;
              version?: string;
              snapshotId?: number;
              pinnedSnapshotId?: number;
              /** @enum {string} */
              via?: 'probe' | 'observed';
              detectedAt?: string;
              changes?: {
                kind?: string;
                key?: string;
                /** @enum {string} */
                change?: 'added' | 'removed' | 'changed';
                fields?: {
                  [key: string]: unknown;
                }[];
                omittedFields?: number;
              }[];
              severity?: string;
              resolvedAt?: string | null;
              resolvedBy?: string | null;
            }[];
            next?: number | null;
          };
        };
      };
    };
  };
  'get-server-pin': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server?: string;
            pinnedSnapshotId?: number | null;
            pinnedBy?: string | null;
            pinnedAt?: string | null;
            /** @enum {string|null} */
            action?: 'warn' | 'hide' | 'block' | null;
            /** @enum {string} */
            effectiveAction?: 'warn' | 'hide' | 'block';
            openDrift?: {
              id?: number;
              server?: string;
              version?: string;
              snapshotId?: number;
              pinnedSnapshotId?: number;
              /** @enum {string} */
              via?: 'probe' | 'observed';
              detectedAt?: string;
              changes?: {
                kind?: string;
                key?: string;
                /** @enum {string} */
                change?: 'added' | 'removed' | 'changed';
                fields?: {
                  [key: string]: unknown;
                }[];
                omittedFields?: number;
              }[];
              severity?: string;
              resolvedAt?: string | null;
              resolvedBy?: string | null;
            }[];
          };
        };
      };
    };
  };
  'pin-server-snapshot': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description A snapshot of this server; default: the latest version’s current snapshot */
          snapshotId?: number;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server?: string;
            pinnedSnapshotId?: number | null;
            pinnedBy?: string | null;
            pinnedAt?: string | null;
            /** @enum {string|null} */
            action?: 'warn' | 'hide' | 'block' | null;
            /** @enum {string} */
            effectiveAction?: 'warn' | 'hide' | 'block';
            openDrift?: {
              id?: number;
              server?: string;
              version?: string;
              snapshotId?: number;
              pinnedSnapshotId?: number;
              /** @enum {string} */
              via?: 'probe' | 'observed';
              detectedAt?: string;
              changes?: {
                kind?: string;
                key?: string;
                /** @enum {string} */
                change?: 'added' | 'removed' | 'changed';
                fields?: {
                  [key: string]: unknown;
                }[];
                omittedFields?: number;
              }[];
              severity?: string;
              resolvedAt?: string | null;
              resolvedBy?: string | null;
            }[];
          };
        };
      };
    };
  };
  'set-server-drift-action': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string|null} */
          action: 'warn' | 'hide' | 'block' | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server?: string;
            pinnedSnapshotId?: number | null;
            pinnedBy?: string | null;
            pinnedAt?: string | null;
            /** @enum {string|null} */
            action?: 'warn' | 'hide' | 'block' | null;
            /** @enum {string} */
            effectiveAction?: 'warn' | 'hide' | 'block';
            openDrift?: {
              id?: number;
              server?: string;
              version?: string;
              snapshotId?: number;
              pinnedSnapshotId?: number;
              /** @enum {string} */
              via?: 'probe' | 'observed';
              detectedAt?: string;
              changes?: {
                kind?: string;
                key?: string;
                /** @enum {string} */
                change?: 'added' | 'removed' | 'changed';
                fields?: {
                  [key: string]: unknown;
                }[];
                omittedFields?: number;
              }[];
              severity?: string;
              resolvedAt?: string | null;
              resolvedBy?: string | null;
            }[];
          };
        };
      };
    };
  };
  'get-server-hosting': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: string;
            /** @enum {string} */
            mode: 'shared' | 'per-person';
            network: boolean;
            /** @description false: nobody set them; these are the defaults */
            configured: boolean;
            updatedBy: string | null;
            updatedAt: string | null;
          };
        };
      };
    };
  };
  'set-server-hosting': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          mode: 'shared' | 'per-person';
          network: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server: string;
            /** @enum {string} */
            mode: 'shared' | 'per-person';
            network: boolean;
            /** @description false: nobody set them; these are the defaults */
            configured: boolean;
            updatedBy: string | null;
            updatedAt: string | null;
          };
        };
      };
    };
  };
  'list-hosted-instances': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            instances: {
              instanceId: string;
              server: string;
              version: string;
              person: string | null;
              /** @enum {string} */
              state: 'starting' | 'running' | 'stopping' | 'crashed';
              pid?: number;
              startedAt: string;
              lastUsedAt: string;
              restarts: number;
              /** @description Memory its processes use now (memory cgroup), in bytes */
              rssBytes?: number;
            }[];
          };
        };
      };
    };
  };
  'get-hosted-instance-stderr': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            instanceId: string;
            lines: string[];
          };
        };
      };
    };
  };
  'list-webhook-deliveries': {
    parameters: {
      query?: {
        endpoint?: 'drift' | 'governance';
        status?: 'pending' | 'delivered' | 'failed';
        event?:
          | 'review.submitted'
          | 'review.approved'
          | 'review.rejected'
          | 'review.commented'
          | 'trust.changed'
          | 'owners.changed'
          | 'report.filed'
          | 'report.resolved'
          | 'server.blocked'
          | 'server.unblocked'
          | 'server.recertified'
          | 'recertification.due'
          | 'policy.changed'
          | 'drift.detected'
          | 'attention.digest'
          | 'capability.drift';
        limit?: number;
        /** @description Deliveries with an id below this one (the next page) */
        before?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            deliveries: {
              id: number;
              /** @description `drift` or `governance` */
              endpoint: string;
              event: string;
              /** @enum {string} */
              status: 'pending' | 'delivered' | 'failed';
              attempts: number;
              lastError: string | null;
              createdAt: string;
              nextAttemptAt: string | null;
              deliveredAt: string | null;
              failedAt: string | null;
              redeliveryOf: number | null;
              /** @description The body the receiver gets (signed as sent) */
              payload: string;
            }[];
            next: number | null;
          };
        };
      };
    };
  };
  'redeliver-webhook': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: number;
            /** @description `drift` or `governance` */
            endpoint: string;
            event: string;
            /** @enum {string} */
            status: 'pending' | 'delivered' | 'failed';
            attempts: number;
            lastError: string | null;
            createdAt: string;
            nextAttemptAt: string | null;
            deliveredAt: string | null;
            failedAt: string | null;
            redeliveryOf: number | null;
            /** @description The body the receiver gets (signed as sent) */
            payload: string;
          };
        };
      };
    };
  };
  'list-attention': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            generatedAt: string;
            settings: {
              unusedDays: number;
              unhealthyDays: number;
            };
            counts: {
              recertification_due: number;
              unused: number;
              unhealthy: number;
              upstream_newer: number;
            };
            servers: {
              name: string;
              owners: {
                /** @enum {string} */
                kind: 'user' | 'group';
                id?: string;
                name?: string;
              }[];
              reasons: {
                /** @enum {string} */
                reason: 'recertification_due' | 'unused' | 'unhealthy' | 'upstream_newer';
                dueAt?: string;
                lastUsedAt?: string | null;
                since?: string;
                version?: string;
                failingSince?: string;
                lastSuccessAt?: string | null;
                failureKind?: string | null;
                source?: string;
                approvedVersion?: string | null;
                upstreamVersion?: string;
              }[];
            }[];
          };
        };
      };
    };
  };
  'list-my-notifications': {
    parameters: {
      query?: {
        limit?: number;
        /** @description Notifications with an id below this one (the next page) */
        before?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            notifications: {
              id: number;
              to: {
                /** @enum {string} */
                kind: 'user' | 'group';
                id?: string;
                name?: string;
              };
              event: string;
              server: string;
              version: string | null;
              summary: string;
              details: {
                [key: string]: unknown;
              };
              createdAt: string;
            }[];
            next: number | null;
          };
        };
      };
    };
  };
  'list-reviews': {
    parameters: {
      query?: {
        /** @description Comma-separated review states; default submitted,checking,in_review */
        state?: string;
        /** @description `local` or a federation source name */
        source?: string;
        /** @description One server name */
        name?: string;
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            reviews: {
              name: string;
              version: string;
              /** @enum {string} */
              state: 'submitted' | 'checking' | 'in_review' | 'approved' | 'rejected';
              source: string;
              submittedBy: string;
              submittedAt: string;
              checks: {
                name: string;
                outcome: string;
                detail?: string;
              }[];
              decidedBy: string | null;
              decidedAt: string | null;
              reason: string | null;
              autoRule: string | null;
              etag: string;
            }[];
            nextCursor?: string;
          };
        };
      };
    };
  };
  'get-review': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            review: {
              name: string;
              version: string;
              /** @enum {string} */
              state: 'submitted' | 'checking' | 'in_review' | 'approved' | 'rejected';
              source: string;
              submittedBy: string;
              submittedAt: string;
              checks: {
                name: string;
                outcome: string;
                detail?: string;
              }[];
              decidedBy: string | null;
              decidedAt: string | null;
              reason: string | null;
              autoRule: string | null;
              etag: string;
            };
            server: {
              [key: string]: unknown;
            } | null;
            previousApprovedVersion: string | null;
            documentDiff: {
              [key: string]: unknown;
            } | null;
            toolDiff:
              | {
                  [key: string]: unknown;
                }[]
              | null;
            snapshotId: number | null;
            findings: {
              [key: string]: unknown;
            }[];
            comments: {
              id: number;
              at: string;
              author: string;
              body: string;
            }[];
          };
        };
      };
    };
  };
  'approve-review': {
    parameters: {
      query?: never;
      header?: {
        /** @description The review’s ETag as last read; 412 when it changed since, 428 when missing */
        'if-match'?: string;
      };
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            version: string;
            /** @enum {string} */
            state: 'submitted' | 'checking' | 'in_review' | 'approved' | 'rejected';
            source: string;
            submittedBy: string;
            submittedAt: string;
            checks: {
              name: string;
              outcome: string;
              detail?: string;
            }[];
            decidedBy: string | null;
            decidedAt: string | null;
            reason: string | null;
            autoRule: string | null;
            etag: string;
          };
        };
      };
    };
  };
  'reject-review': {
    parameters: {
      query?: never;
      header?: {
        /** @description The review’s ETag as last read; 412 when it changed since, 428 when missing */
        'if-match'?: string;
      };
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            version: string;
            /** @enum {string} */
            state: 'submitted' | 'checking' | 'in_review' | 'approved' | 'rejected';
            source: string;
            submittedBy: string;
            submittedAt: string;
            checks: {
              name: string;
              outcome: string;
              detail?: string;
            }[];
            decidedBy: string | null;
            decidedAt: string | null;
            reason: string | null;
            autoRule: string | null;
            etag: string;
          };
        };
      };
    };
  };
  'comment-review': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
        version: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            at: string;
            author: string;
            body: string;
          };
        };
      };
    };
  };
  'get-review-policy': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description `local` or a federation source name */
        source: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            source: string;
            policy: {
              /** @enum {string} */
              defaultAction: 'review' | 'approve';
              rules: {
                [key: string]: unknown;
              }[];
              allowSelfApproval: boolean;
            } & {
              [key: string]: unknown;
            };
            stored: boolean;
            etag: string;
            updatedAt?: string;
            updatedBy?: string;
          };
        };
      };
    };
  };
  'replace-review-policy': {
    parameters: {
      query?: never;
      header?: {
        'if-match'?: string;
      };
      path: {
        /** @description `local` or a federation source name */
        source: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          defaultAction?: 'review' | 'approve';
          allowSelfApproval?: boolean;
          rules?: {
            namespace?: string;
            publishedBy?: {
              group?: string;
              subject?: string;
            };
            /** @description Trust levels (verified, internal, community, experimental, blocked): the server’s trust in force must be one of them */
            trust?: string[];
            /** @enum {string} */
            when: 'checks-pass' | 'tools-unchanged';
          }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            source: string;
            policy: {
              /** @enum {string} */
              defaultAction: 'review' | 'approve';
              rules: {
                [key: string]: unknown;
              }[];
              allowSelfApproval: boolean;
            } & {
              [key: string]: unknown;
            };
            stored: boolean;
            etag: string;
            updatedAt?: string;
            updatedBy?: string;
          };
        };
      };
    };
  };
  'get-server-capabilities': {
    parameters: {
      query?: {
        /** @description A version of the server (default: the latest) */
        version?: string;
      };
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server?: string;
            version?: string;
            /**
             * @description `personal`: listing needs a person’s own credentials, so the gateway’s relayed lists teach the snapshot; `unprobed`: no remote to probe
             * @enum {string}
             */
            status?: 'pending' | 'ok' | 'failed' | 'personal' | 'unprobed';
            hasRemote?: boolean;
            current?: {
              id?: number;
              version?: string;
              hash?: string;
              /** @enum {string} */
              source?: 'probe' | 'observed';
              protocolVersion?: string;
              era?: string;
              toolCount?: number;
              /** @description RFC 3339 */
              takenAt?: string | null;
              /** @description RFC 3339 */
              lastSeenAt?: string | null;
              snapshot?: {
                [key: string]: unknown;
              };
              findings?: {
                [key: string]: unknown;
              }[];
            } | null;
            lastProbe?: {
              /** @description RFC 3339 */
              at?: string | null;
              up?: boolean;
              latencyMs?: number;
              protocolVersion?: string | null;
              failure?: {
                kind?: string;
                message?: string;
                status?: number | null;
              } | null;
            } | null;
            /** @description RFC 3339 */
            lastProbeAt?: string | null;
            /** @description RFC 3339 */
            nextProbeAt?: string | null;
            failure?: {
              kind?: string;
              message?: string;
            } | null;
            /** @description The server’s pin and drift, for every reader (the changes themselves are for administrators, `GET /api/admin/servers/{name}/pin`): with `open` and action `hide`, the gateway holds back tools that changed since the pin; with `block`, it refuses the server */
            drift?: {
              pinned: boolean;
              open: boolean;
              /** @enum {string} */
              action: 'warn' | 'hide' | 'block';
            } | null;
          };
        };
      };
    };
  };
  'list-server-capability-snapshots': {
    parameters: {
      query?: {
        /** @description A version of the server (default: the latest) */
        version?: string;
        limit?: number;
        /** @description Only snapshots with a smaller id (the last id of the previous page) */
        before?: number;
      };
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            snapshots?: {
              id?: number;
              version?: string;
              hash?: string;
              /** @enum {string} */
              source?: 'probe' | 'observed';
              protocolVersion?: string;
              era?: string;
              toolCount?: number;
              /** @description RFC 3339 */
              takenAt?: string | null;
              /** @description RFC 3339 */
              lastSeenAt?: string | null;
            }[];
          };
        };
      };
    };
  };
  'get-server-capability-snapshot': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id?: number;
            version?: string;
            hash?: string;
            /** @enum {string} */
            source?: 'probe' | 'observed';
            protocolVersion?: string;
            era?: string;
            toolCount?: number;
            /** @description RFC 3339 */
            takenAt?: string | null;
            /** @description RFC 3339 */
            lastSeenAt?: string | null;
            snapshot?: {
              [key: string]: unknown;
            };
            findings?: {
              [key: string]: unknown;
            }[];
          };
        };
      };
    };
  };
  'get-server-health': {
    parameters: {
      query?: {
        /** @description A version of the server (default: the latest) */
        version?: string;
        limit?: number;
      };
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server?: string;
            version?: string;
            uptime?: number | null;
            readings?: {
              /** @description RFC 3339 */
              at?: string | null;
              up?: boolean;
              latencyMs?: number;
              protocolVersion?: string | null;
              failure?: {
                kind?: string;
                message?: string;
                status?: number | null;
              } | null;
            }[];
          };
        };
      };
    };
  };
  'probe-server': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description A version of the server (default: the latest) */
          version?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            server?: string;
            version?: string;
            queued?: boolean;
          };
        };
      };
    };
  };
  'set-probe-credential': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The header name, e.g. Authorization */
          header: string;
          /** @description Stored encrypted; never shown again */
          value: string;
        };
      };
    };
    responses: {
      /** @description Set */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'delete-probe-credential': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed (or there was none) */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  'list-reports': {
    parameters: {
      query?: {
        state?: 'open' | 'dismissed' | 'actioned';
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name?: string;
        kind?: 'malicious' | 'broken' | 'leaks-data' | 'other';
        limit?: number;
        /** @description Reports with an id below this one (the next page) */
        before?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            reports: {
              id: number;
              name: string;
              version: string | null;
              reporter: string;
              /** @enum {string} */
              kind: 'malicious' | 'broken' | 'leaks-data' | 'other';
              text: string;
              /** @enum {string} */
              state: 'open' | 'dismissed' | 'actioned';
              createdAt: string;
              decidedBy: string | null;
              decidedAt: string | null;
              /** @enum {string|null} */
              action: 'dismiss' | 'deprecate' | 'delete' | 'block' | null;
              reason: string | null;
              revision: number;
            }[];
            next: number | null;
          };
        };
      };
    };
  };
  'file-report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
          name: string;
          /** @description One version; the whole server when absent */
          version?: string;
          /** @enum {string} */
          kind: 'malicious' | 'broken' | 'leaks-data' | 'other';
          /** @description What is wrong (required for `other`) */
          text?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: number;
            name: string;
            version: string | null;
            reporter: string;
            /** @enum {string} */
            kind: 'malicious' | 'broken' | 'leaks-data' | 'other';
            text: string;
            /** @enum {string} */
            state: 'open' | 'dismissed' | 'actioned';
            createdAt: string;
            decidedBy: string | null;
            decidedAt: string | null;
            /** @enum {string|null} */
            action: 'dismiss' | 'deprecate' | 'delete' | 'block' | null;
            reason: string | null;
            revision: number;
          };
        };
      };
    };
  };
  'get-report': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: number;
            name: string;
            version: string | null;
            reporter: string;
            /** @enum {string} */
            kind: 'malicious' | 'broken' | 'leaks-data' | 'other';
            text: string;
            /** @enum {string} */
            state: 'open' | 'dismissed' | 'actioned';
            createdAt: string;
            decidedBy: string | null;
            decidedAt: string | null;
            /** @enum {string|null} */
            action: 'dismiss' | 'deprecate' | 'delete' | 'block' | null;
            reason: string | null;
            revision: number;
          };
        };
      };
    };
  };
  'resolve-report': {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag as last read; 412 when it changed since, 428 without it */
        'if-match'?: string;
      };
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          action: 'dismiss' | 'deprecate' | 'delete' | 'block';
          /** @description Why (required for deprecate, delete and block) */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: number;
            name: string;
            version: string | null;
            reporter: string;
            /** @enum {string} */
            kind: 'malicious' | 'broken' | 'leaks-data' | 'other';
            text: string;
            /** @enum {string} */
            state: 'open' | 'dismissed' | 'actioned';
            createdAt: string;
            decidedBy: string | null;
            decidedAt: string | null;
            /** @enum {string|null} */
            action: 'dismiss' | 'deprecate' | 'delete' | 'block' | null;
            reason: string | null;
            revision: number;
          };
        };
      };
    };
  };
  'get-server-block': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            blocked: {
              at: string;
              by: string;
              reason: string;
            } | null;
            trustBlocked: boolean;
            revision: number;
          };
        };
      };
    };
  };
  'block-server': {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag as last read; 412 when it changed since, 428 without it */
        'if-match'?: string;
      };
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            blocked: {
              at: string;
              by: string;
              reason: string;
            } | null;
            trustBlocked: boolean;
            revision: number;
          };
        };
      };
    };
  };
  'unblock-server': {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag as last read; 412 when it changed since, 428 without it */
        'if-match'?: string;
      };
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            blocked: {
              at: string;
              by: string;
              reason: string;
            } | null;
            trustBlocked: boolean;
            revision: number;
          };
        };
      };
    };
  };
  'get-server-governance': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            /** @enum {string|null} */
            trust: 'verified' | 'internal' | 'community' | 'experimental' | 'blocked' | null;
            /** @enum {string|null} */
            trustSource: 'reviewer' | 'curation' | null;
            /** @enum {string|null} */
            curatedTrust: 'verified' | 'internal' | 'community' | 'experimental' | 'blocked' | null;
            trustSetBy: string | null;
            trustSetAt: string | null;
            owners: {
              /** @enum {string} */
              kind: 'user' | 'group';
              id?: string;
              email?: string;
              name?: string;
            }[];
            supportContact: string | null;
            docsUrl: string | null;
            recertifiedAt: string | null;
            recertifiedBy: string | null;
            recertifyDueAt: string | null;
            revision: number;
            updatedAt: string | null;
            updatedBy: string | null;
          };
        };
      };
    };
  };
  'change-server-governance': {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag of GET /api/servers/{name}/governance as last read; 428 without it, 412 when it changed since */
        'if-match'?: string;
      };
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    /** @description Fields left out keep their value; null clears. trust: one of verified, internal, community, experimental, blocked. owners: [{kind: user, email} | {kind: user, id} | {kind: group, name}] (replaces the list). supportContact: an email or http(s) URL. docsUrl: an https URL. reason: why, for the audit log. */
    requestBody: {
      content: {
        'application/json': {
          trust?: string | null;
          owners?: Record<string, never>[];
          supportContact?: string | null;
          docsUrl?: string | null;
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            /** @enum {string|null} */
            trust: 'verified' | 'internal' | 'community' | 'experimental' | 'blocked' | null;
            /** @enum {string|null} */
            trustSource: 'reviewer' | 'curation' | null;
            /** @enum {string|null} */
            curatedTrust: 'verified' | 'internal' | 'community' | 'experimental' | 'blocked' | null;
            trustSetBy: string | null;
            trustSetAt: string | null;
            owners: {
              /** @enum {string} */
              kind: 'user' | 'group';
              id?: string;
              email?: string;
              name?: string;
            }[];
            supportContact: string | null;
            docsUrl: string | null;
            recertifiedAt: string | null;
            recertifiedBy: string | null;
            recertifyDueAt: string | null;
            revision: number;
            updatedAt: string | null;
            updatedBy: string | null;
          };
        };
      };
    };
  };
  'recertify-server': {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag of GET /api/servers/{name}/governance as last read; 428 without it, 412 when it changed since */
        'if-match'?: string;
      };
      path: {
        /** @description The catalog name of the server, URL-encoded (`io.example%2Fweather`) */
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            /** @enum {string|null} */
            trust: 'verified' | 'internal' | 'community' | 'experimental' | 'blocked' | null;
            /** @enum {string|null} */
            trustSource: 'reviewer' | 'curation' | null;
            /** @enum {string|null} */
            curatedTrust: 'verified' | 'internal' | 'community' | 'experimental' | 'blocked' | null;
            trustSetBy: string | null;
            trustSetAt: string | null;
            owners: {
              /** @enum {string} */
              kind: 'user' | 'group';
              id?: string;
              email?: string;
              name?: string;
            }[];
            supportContact: string | null;
            docsUrl: string | null;
            recertifiedAt: string | null;
            recertifiedBy: string | null;
            recertifyDueAt: string | null;
            revision: number;
            updatedAt: string | null;
            updatedBy: string | null;
          };
        };
      };
    };
  };
}
