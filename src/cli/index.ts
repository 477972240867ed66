import { ConfigError } from '../config/config.js';
import { scrubSecrets } from '../shared/logger.js';
import { runCli } from './run.js';

// Entry of `npm run cli -- <command>`; the commands themselves live in run.ts.
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof ConfigError ? err.message : scrubSecrets(String(err instanceof Error ? err.message : err)));
    process.exitCode = 1;
  },
);
