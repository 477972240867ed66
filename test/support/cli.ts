import { runCli } from '../../src/cli/run.js';

/** Run an admin command as `npm run cli -- …` would, capturing what it prints. */
export async function runCommand(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runCli(argv, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
}
