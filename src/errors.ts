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

/** 400: the request is well-formed but breaks a rule (bad encoding, duplicate version). */
export class InputError extends ToolshedError {
  readonly status = 400;
  constructor(code: ErrorCodeOf<400>, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
    super(code, detail, errors, options);
  }
}

/** 422: the request failed schema or parameter validation. */
export class ValidationError extends ToolshedError {
  readonly status = 422;
  constructor(code: ErrorCodeOf<422>, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
    super(code, detail, errors, options);
  }
}

/** 401: no usable credentials. */
export class AuthError extends ToolshedError {
  readonly status = 401;
  constructor(code: ErrorCodeOf<401>, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
    super(code, detail, errors, options);
  }
}

/** 403: authenticated but not allowed. */
export class ForbiddenError extends ToolshedError {
  readonly status = 403;
  constructor(code: ErrorCodeOf<403>, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
    super(code, detail, errors, options);
  }
}

export class NotFoundError extends ToolshedError {
  readonly status = 404;
  constructor(code: ErrorCodeOf<404>, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
    super(code, detail, errors, options);
  }
}

export class ConflictError extends ToolshedError {
  readonly status = 409;
  constructor(code: ErrorCodeOf<409>, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
    super(code, detail, errors, options);
  }
}

/** 412: the `If-Match` precondition failed (someone else changed the thing meanwhile). */
export class PreconditionFailedError extends ToolshedError {
  readonly status = 412;
  constructor(code: ErrorCodeOf<412>, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
    super(code, detail, errors, options);
  }
}

/** 502: a server Toolshed called on the caller's behalf failed (an upstream registry's sync). */
export class UpstreamFailedError extends ToolshedError {
  readonly status = 502;
  constructor(code: ErrorCodeOf<502>, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
    super(code, detail, errors, options);
  }
}

/** 503: a dependency (the database) is unreachable; the client may retry. */
export class UnavailableError extends ToolshedError {
  readonly status = 503;
  constructor(code: ErrorCodeOf<503>, detail: string, errors?: ErrorDetail[], options?: ToolshedErrorOptions) {
    super(code, detail, errors, options);
  }
}
