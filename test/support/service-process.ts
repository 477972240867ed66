import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

/**
 * What a child process must inherit to share the test's clock: under `faketime -f '+365d' npm
 * test` the suite runs a year ahead through LD_PRELOAD, and a service spawned without it would
 * run on today's date and see the test's messages as due next year.
 */
function clockEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] =>
        e[1] !== undefined && (e[0] === 'LD_PRELOAD' || e[0].startsWith('FAKETIME') || e[0] === 'DONT_FAKE_MONOTONIC'),
    ),
  );
}

/** The service as operators run it, from source, with only the environment given (and PATH). */
export function spawnService(env: Record<string, string>, stdio: StdioOptions): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...clockEnv(), ...env },
    stdio,
  });
}
