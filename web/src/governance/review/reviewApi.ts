/**
 * The review queue's API calls: the pending reviews, one review with its checks,
 * diffs, findings and comments, a decision sent with the review's ETag as If-Match
 * (a 412 means another reviewer decided, or the version changed, since it was read),
 * a comment, and a source's approval policy (whether a reviewer may approve their own
 * submission). Shapes come from web/src/api/openapi.ts.
 */
import { request, requestJson } from '../../api/apiClient.js';
import type { ResponseOf } from '../../api/apiTypes.js';

type Auth = string | undefined;
const enc = encodeURIComponent;
const opts = (token: Auth, signal?: AbortSignal) => ({ token, ...(signal ? { signal } : {}) });

/** Who may open the queue and decide. */
export const APPROVE_PERMISSION = 'catalog.approve';

export type ReviewList = ResponseOf<'/api/reviews', 'get'>;
export type Review = ReviewList['reviews'][number];
export type ReviewDetail = ResponseOf<'/api/reviews/{name}/{version}', 'get'>;
export type ReviewComment = ReviewDetail['comments'][number];
export type ReviewPolicy = ResponseOf<'/api/admin/review-policy/{source}', 'get'>;
export type Decision = 'approve' | 'reject';

const reviewPath = (name: string, version: string) => `/api/reviews/${enc(name)}/${enc(version)}`;

export function listReviews(token: Auth, signal?: AbortSignal) {
  return requestJson<ReviewList>('/api/reviews?limit=100', opts(token, signal));
}

export function getReview(name: string, version: string, token: Auth, signal?: AbortSignal) {
  return requestJson<ReviewDetail>(reviewPath(name, version), opts(token, signal));
}

/** Approves or rejects the review as last read (its ETag). */
export async function decideReview(review: Review, decision: Decision, reason: string, token: Auth) {
  const { body } = await request<Review>(`${reviewPath(review.name, review.version)}/${decision}`, { token, method: 'POST', body: reason ? { reason } : {}, ifMatch: review.etag });
  return body;
}

export function commentReview(name: string, version: string, body: string, token: Auth) {
  return requestJson<ResponseOf<'/api/reviews/{name}/{version}/comments', 'post'>>(`${reviewPath(name, version)}/comments`, { token, method: 'POST', body: { body } });
}

export function getReviewPolicy(source: string, token: Auth, signal?: AbortSignal) {
  return requestJson<ReviewPolicy>(`/api/admin/review-policy/${enc(source)}`, opts(token, signal));
}
