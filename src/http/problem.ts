/**
 * RFC 9457 problem details in the official registry's shape:
 * `{title, status, detail, errors?: [{message, location?, value?}]}`, where
 * `title` is the HTTP status text.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { ErrorDetail } from '../errors.js';

export interface Problem {
  title: string;
  status: number;
  detail: string;
  errors?: ErrorDetail[];
}

export function problem(status: number, detail: string, errors?: ErrorDetail[]): Problem {
  return {
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(errors && errors.length ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, status: number, detail: string, errors?: ErrorDetail[]) {
  return reply
    .code(status)
    .header('content-type', 'application/problem+json')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(JSON.stringify(problem(status, detail, errors)));
}
