/**
 * Names for the shapes of web/src/api/openapi.ts, the types generated from the server's
 * `/openapi.json` (`npm run gen:web-types`): the UI declares no response shape by hand
 * where the server's schema describes it.
 */
import type { paths } from './openapi.js';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON body a route answers with on success (its 200, else its 201). */
export type ResponseOf<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer Ok }
    ? JsonOf<Ok>
    : R extends { 201: infer Created }
      ? JsonOf<Created>
      : never
  : never;
