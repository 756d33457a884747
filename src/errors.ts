/**
 * The error taxonomy every plane throws. Only `http/` maps these to RFC 9457
 * problem+json; planes never build HTTP responses themselves.
 *
 * Each class takes a code from the catalogue (`errorCodes.ts`) whose status is
 * the class's own, so a misspelt code, or a 404 code thrown as a 400, does not
 * compile. `detail` is the sentence a client sees (the official registry's
 * wording where one exists); `errors` carries per-field messages in the official
 * `{message, location?, value?}` shape; `cause` is the underlying failure, kept
 * for the log and never sent.
 */
import type { ErrorCode, ErrorCodeOf } from './errorCodes.js';

export interface ErrorDetail {
  message: string;
  location?: string;
  value?: unknown;
}

export interface ToolshedErrorOptions {
  cause?: unknown;
}

export abstract class ToolshedError extends Error {
  abstract readonly status: number;
  readonly code: ErrorCode;
  readonly errors: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
    super(detail, options);
    this.code = code;
    this.errors = errors;
  }
}

/** The base of a taxonomy class: its status, and only the catalogue's codes of that status. */
function withStatus<S extends number>(status: S) {
  abstract class WithStatus extends ToolshedError {
    readonly status: S = status;
    constructor(code: ErrorCodeOf<S>, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
      super(code, detail, errors, options);
    }
  }
  return WithStatus;
}

/** 400: the request is well-formed but breaks a rule (bad encoding, duplicate version). */
export class InputError extends withStatus(400) {}

/** 422: the request failed schema or parameter validation. */
export class ValidationError extends withStatus(422) {}

/** 401: no usable credentials. */
export class AuthError extends withStatus(401) {}

/** 403: authenticated but not allowed. */
export class ForbiddenError extends withStatus(403) {}

export class NotFoundError extends withStatus(404) {}

export class ConflictError extends withStatus(409) {}

/** 412: the `If-Match` precondition failed (someone else changed the thing meanwhile). */
export class PreconditionFailedError extends withStatus(412) {}

/** 428: a decision came without `If-Match` (it must name the revision the decider read). */
export class PreconditionRequiredError extends withStatus(428) {}

/** 502: a server Toolshed called on the caller's behalf failed (an upstream registry's sync). */
export class UpstreamFailedError extends withStatus(502) {}

/** 503: a dependency (the database) is unreachable; the client may retry. */
export class UnavailableError extends withStatus(503) {}
