/** The largest request body the API reads: 1 MiB, the official registry's (Huma's) limit, named in its 413. */
export const BODY_LIMIT = 1_048_576;
