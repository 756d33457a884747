/**
 * RFC 9457 problem details in the official registry's shape:
 * `{title, status, detail, errors?: [{message, location?, value?}]}`, where
 * `title` is the HTTP status text, plus `code` from the error catalogue as an
 * extension member (RFC 9457 §3.2; clients of the official registry ignore
 * members they do not know).
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../errorCodes.js';
import type { ErrorDetail } from '../errors.js';

export interface Problem {
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: ErrorDetail[];
}

/** `status` defaults to the code's own; only a framework refusal passed through (HTTP_BAD_REQUEST) names another. */
export function problem(code: ErrorCode, detail: string, errors?: ErrorDetail[], status: number = ERROR_CODES[code].status): Problem {
  return {
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length ? { errors } : {}),
  };
}

// Echoed `value`s (Huma repeats the whole object for every unknown key) stop
// here, so a 1 MiB body with thousands of errors cannot grow into gigabytes.
const ECHO_BUDGET = 1_048_576;

/**
 * The problem as JSON, never throwing: an echoed `value` too deep to serialise
 * (10,000 nested arrays) or past the echo budget is left out of its error.
 */
export function renderProblem(p: Problem): string {
  const { errors, ...head } = p;
  if (!errors) return JSON.stringify(head);
  const rendered = new Map<unknown, string | undefined>();
  let budget = ECHO_BUDGET;
  const items = errors.map(({ value, ...rest }) => {
    const base = JSON.stringify(rest);
    if (value === undefined) return base;
    if (!rendered.has(value)) {
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch {
        json = undefined;
      }
      rendered.set(value, json);
    }
    const json = rendered.get(value);
    if (json === undefined || json.length > budget) return base;
    budget -= json.length;
    return `${base.slice(0, -1)},"value":${json}}`;
  });
  return `${JSON.stringify(head).slice(0, -1)},"errors":[${items.join(',')}]}`;
}

export function sendProblem(reply: FastifyReply, code: ErrorCode, detail: string, errors?: ErrorDetail[], status: number = ERROR_CODES[code].status) {
  return reply
    .code(status)
    .header('content-type', 'application/problem+json')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(renderProblem(problem(code, detail, errors, status)));
}
