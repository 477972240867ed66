// A Postgres server of the test's own, on its own port and data directory, that the test may
// stop and start (an outage) without touching the suite's shared server. Built from the same
// installation's binaries (pg_config --bindir); initdb refuses root, so as root it runs as the
// postgres user.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-harness.js';

const run = promisify(execFile);

async function binDir(): Promise<string> {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const { stdout } = await run('pg_config', ['--bindir']).catch(() => ({ stdout: '' }));
  // Debian's pg_config may be the client's; the server binaries live beside initdb.
  for (const dir of [stdout.trim(), '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin']) {
    if (
      dir &&
      (await run(join(dir, 'initdb'), ['--version']).then(
        () => true,
        () => false,
      ))
    )
      return dir;
  }
  throw new Error('no Postgres server binaries found: install postgresql or set PG_BINDIR to the folder of initdb and pg_ctl');
}

export type ThrowawayPostgres = { url: string; stop(): Promise<void>; start(): Promise<void>; destroy(): Promise<void> };

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = await binDir();
  const dir = mkdtempSync(join(tmpdir(), 'trolychibo-pg-'));
  const data = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    chmodSync(dir, 0o700);
  }
  const as = (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args);
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => void (await as('pg_ctl', ['-D', data, '-o', options, '-w', '-t', '30', '-l', join(dir, 'log'), 'start']));
  // fsync off: a killed server keeps what the OS has; synchronous_commit stays on, so a commit
  // the service was told of survives the crash below.
  // immediate: connections are cut as in a crash or a network loss, not closed politely.
  const stop = async () => void (await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']));
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
