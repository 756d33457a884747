/** The fast echo upstream (echoUpstream.ts) in its own process; prints `{"address":…}` (its MCP URL). */
import { startEchoUpstream } from './echoUpstream.js';

const upstream = await startEchoUpstream();
process.stdout.write(`${JSON.stringify({ address: upstream.url })}\n`);
process.on('SIGTERM', () => void upstream.close().finally(() => process.exit(0)));
