/** The hosting calls the console makes: this process's hosted instances, and one instance's redacted stderr. */
import { requestJson } from '../api/apiClient.js';
import type { ResponseOf } from '../api/apiTypes.js';

/** One hosted instance: a sandboxed process of a server version, for one person or for everyone. */
export type HostedInstance = ResponseOf<'/api/admin/hosting/instances', 'get'>['instances'][number];

export type InstanceStderr = ResponseOf<'/api/admin/hosting/instances/{id}/stderr', 'get'>;

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export function listHostedInstances(token: string | undefined, signal?: AbortSignal) {
  return requestJson<ResponseOf<'/api/admin/hosting/instances', 'get'>>('/api/admin/hosting/instances', { token, ...withSignal(signal) });
}

export function instanceStderr(token: string | undefined, id: string, signal?: AbortSignal) {
  return requestJson<InstanceStderr>(`/api/admin/hosting/instances/${encodeURIComponent(id)}/stderr`, { token, ...withSignal(signal) });
}
