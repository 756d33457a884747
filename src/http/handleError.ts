/**
 * The one place where errors become HTTP responses. Planes throw the taxonomy in
 * `errors.ts`; framework errors (body parsing, limits, bad URLs) get the official
 * wording; anything else is a 500 that says nothing about internals (no SQL, stack,
 * path or secret), and the full error goes to the log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ToolshedError, TooManyRequestsError, type ErrorDetail } from '../errors.js';
import { isStoreUnavailable } from '../store/index.js';
import { BODY_LIMIT } from './bodyLimit.js';
import { sendProblem } from './problem.js';

/** Ajv errors from route query/param schemas, in Huma's words. */
function validationDetails(error: FastifyError): ErrorDetail[] {
  const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
  return (error.validation ?? []).map((v) => {
    const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const params = v.params as Record<string, unknown>;
    let message: string;
    switch (v.keyword) {
      case 'maximum':
        message = `expected number <= ${params.limit}`;
        break;
      case 'minimum':
        message = `expected number >= ${params.limit}`;
        break;
      case 'maxLength':
        message = `expected length <= ${params.limit}`;
        break;
      case 'minLength':
        message = `expected length >= ${params.limit}`;
        break;
      case 'type':
        message = `expected ${params.type}`;
        break;
      case 'enum':
        message = `expected value to be one of "${(params.allowedValues as unknown[]).join(', ')}"`;
        break;
      case 'pattern':
        message = `expected string to match pattern ${params.pattern}`;
        break;
      default:
        message = v.message ?? 'invalid value';
    }
    return { message, location: field ? `${context}.${field}` : context, ...((v as { data?: unknown }).data !== undefined ? { value: (v as { data?: unknown }).data } : {}) };
  });
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ToolshedError) {
    // The client gets the detail; the log keeps what caused it (pino's serializer follows `cause`).
    if (error.status >= 500) request.log.warn({ err: error, code: error.code }, 'request failed');
    else if (error.cause !== undefined) request.log.info({ err: error, code: error.code }, 'request refused');
    if (error.status === 503) reply.header('retry-after', '5');
    if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
    return sendProblem(reply, error.code, error.message, error.errors, error.status);
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    return sendProblem(reply, fe.validationContext === 'querystring' ? 'HTTP_INVALID_QUERY' : 'HTTP_INVALID_REQUEST', 'validation failed', validationDetails(fe));
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(reply, 'HTTP_BODY_TOO_LARGE', `request body is too large limit=${BODY_LIMIT} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendProblem(reply, 'HTTP_UNSUPPORTED_MEDIA_TYPE', 'unsupported content type: send the body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return sendProblem(reply, 'HTTP_BAD_CONTENT_LENGTH', 'request body length does not match Content-Length');
  }
  if (isStoreUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    reply.header('retry-after', '5');
    return sendProblem(reply, 'STORE_UNAVAILABLE', 'The registry database is unavailable right now; retry shortly.');
  }
  const status = fe.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Framework 4xx messages are about the request, never internals; keep them short.
    return sendProblem(reply, 'HTTP_BAD_REQUEST', String(error.message).slice(0, 200), undefined, status);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, 'INTERNAL_ERROR', 'Internal server error');
}

/**
 * Fastify's `frameworkErrors`: the router's refusals, raised before any hook. A
 * path that is not valid percent-encoded UTF-8 (`%zz`, a cut `%E0%A4%A`) is the
 * client's mistake, so it gets a problem body, not Fastify's own error shape.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return sendProblem(reply, 'HTTP_BAD_ENCODING', 'Invalid request: URL path contains invalid percent-encoding (use %XX escapes of UTF-8 bytes)');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return sendProblem(reply, 'HTTP_URI_TOO_LONG', 'URL path segment is too long (limit=1024 characters)');
  }
  return handleError(error, request, reply);
}
