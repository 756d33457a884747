export { createReviews, renderReview, reviewEtag, type Reviews, type ReviewsOptions, type CheckResult } from './createReviews.js';
export { parsePolicy, approvalOf, defaultPolicy, type ReviewPolicy, type ApprovalRule } from './reviewPolicy.js';
export { documentDiff, type DocumentChange } from './documentDiff.js';
