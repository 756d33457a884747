/**
 * The error taxonomy every plane throws. Only `http/` maps these to RFC 9457
 * problem+json; planes never build HTTP responses themselves.
 *
 * `detail` is the sentence a client sees (the official registry's wording where
 * one exists); `errors` carries per-field messages in the official
 * `{message, location?, value?}` shape.
 */
export interface ErrorDetail {
  message: string;
  location?: string;
  value?: unknown;
}

export abstract class ToolshedError extends Error {
  abstract readonly status: number;
  readonly code: string;
  readonly errors: ErrorDetail[] | undefined;

  constructor(code: string, detail: string, errors?: ErrorDetail[]) {
    super(detail);
    this.code = code;
    this.errors = errors;
  }
}

/** 400: the request is well-formed but breaks a rule (bad encoding, duplicate version). */
export class InputError extends ToolshedError {
  readonly status = 400;
}

/** 422: the request failed schema or parameter validation. */
export class ValidationError extends ToolshedError {
  readonly status = 422;
}

/** 401: no usable credentials. */
export class AuthError extends ToolshedError {
  readonly status = 401;
}

/** 403: authenticated but not allowed. */
export class ForbiddenError extends ToolshedError {
  readonly status = 403;
}

export class NotFoundError extends ToolshedError {
  readonly status = 404;
}

export class ConflictError extends ToolshedError {
  readonly status = 409;
}

/** 503: a dependency (the database) is unreachable; the client may retry. */
export class UnavailableError extends ToolshedError {
  readonly status = 503;
}

/** 412: the `If-Match` precondition failed (someone else changed the thing meanwhile). */
export class PreconditionFailedError extends ToolshedError {
  readonly status = 412;
}
