/** The message loadConfig refuses `env` with; fails the test when it accepts it. */
import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

export function configFailure(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}
