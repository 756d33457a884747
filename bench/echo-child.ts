/** The fast echo upstream (echoUpstream.ts) in its own process; prints `{"address":…}` (its MCP URL). BENCH_ECHO_TOOLS: how many tools it lists. */
import { startEchoUpstream } from './echoUpstream.js';

const upstream = await startEchoUpstream(process.env.BENCH_ECHO_TOOLS ? { tools: Number(process.env.BENCH_ECHO_TOOLS) } : {});
process.stdout.write(`${JSON.stringify({ address: upstream.url })}\n`);
process.on('SIGTERM', () => void upstream.close().finally(() => process.exit(0)));
