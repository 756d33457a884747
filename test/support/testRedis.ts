/**
 * The Redis the rate-limit tests share limits through: `TOOLSHED_TEST_REDIS_URL`
 * (`.ci/run` points it at this machine's Redis). Without it those tests report as
 * skipped, as the PostgreSQL ones do without `TOOLSHED_TEST_PG_URL`, so `npm test`
 * passes on a machine that runs no Redis.
 */
export const TEST_REDIS_URL = process.env.TOOLSHED_TEST_REDIS_URL;
