/**
 * Toolshed with its probe schedule, in its own process (the inventory figures):
 * configured from the environment like `toolshed serve`, it listens on an
 * ephemeral loopback port and prints `{"address":…}`. Commands on stdin, one a line:
 * `wave` makes every capability state due now (the scheduler, ticking every
 * 100 ms, claims them as a real wave of due versions); `report` prints how far
 * the current wave is. Every wave of BENCH_WAVE_SIZE probes prints
 * `{"wave":{"probes":…,"seconds":…}}` when its last probe is recorded; the first
 * wave starts by itself (every target is due once it has a capability state).
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config.js';
import { createToolshed } from '../src/createToolshed.js';

const size = Number(process.env.BENCH_WAVE_SIZE ?? 500);
const toolshed = await createToolshed(loadConfig(process.env, { host: '127.0.0.1', port: 0, logLevel: 'silent', verifyPackages: [] }), {
  schedule: true,
  probeSchedule: { tickMs: 100, firstRunDelayMs: 100 },
});
let wave = { started: performance.now(), probes: 0, failed: 0, done: false, lastAt: performance.now() };
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const seconds = () => Math.round(performance.now() - wave.started) / 1000;
// Every probe that ends ok records a snapshot; a failed one records none, so a wave that stops
// short for 20 s is printed with the rest counted as failed (polling would load the process measured).
toolshed.inventory.onSnapshot((event) => {
  if (event.source !== 'probe' || wave.done) return;
  wave.probes++;
  wave.lastAt = performance.now();
  if (wave.probes === size) {
    wave.done = true;
    print({ wave: { probes: wave.probes, failed: 0, seconds: seconds() } });
  }
});
setInterval(() => {
  if (wave.done || performance.now() - wave.lastAt < 20_000) return;
  wave.done = true;
  print({ wave: { probes: size, failed: size - wave.probes, seconds: seconds() } });
}, 1000).unref();
const address = await toolshed.app.listen({ host: '127.0.0.1', port: 0 });
print({ address });

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'report') print({ report: { probes: wave.probes, seconds: seconds(), done: wave.done } });
  if (line === 'wave') {
    void toolshed.store.db
      .updateTable('capability_states')
      .set({ next_probe_at: 0 })
      .execute()
      .then(() => {
        wave = { started: performance.now(), probes: 0, failed: 0, done: false, lastAt: performance.now() };
      });
  }
});

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void toolshed.close().finally(() => process.exit(0));
});
