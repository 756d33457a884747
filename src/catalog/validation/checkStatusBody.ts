/**
 * The API-level shape of a status change body (`PATCH …/status`), validated the
 * way Huma validates the official Go struct, before authentication.
 */
import type { ErrorDetail } from '../../errors.js';
import { validateShape, type Shape } from './validateShape.js';

export type ServerStatus = 'active' | 'deprecated' | 'deleted';

export interface StatusBody {
  status: ServerStatus;
  statusMessage?: string;
}

const STATUS_BODY_SHAPE: Shape = {
  kind: 'object',
  properties: [
    { name: 'status', shape: { kind: 'string', enum: ['active', 'deprecated', 'deleted'] }, required: true },
    { name: 'statusMessage', shape: { kind: 'string', maxLength: 500 } },
  ],
};

export function checkStatusBody(body: unknown): { ok: true; value: StatusBody } | { ok: false; errors: ErrorDetail[] } {
  return validateShape<StatusBody>(STATUS_BODY_SHAPE, body);
}
