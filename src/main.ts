import { ConfigError, loadConfig } from './config/config.js';
import { createApp } from './app.js';
import { createLogger, scrubSecrets, errorText } from './shared/logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const app = await createApp({ config, logger });

  let stopping = false;
  let starting: Promise<void> = Promise.resolve();
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Bounded: a stuck connection must not keep a dying container alive forever.
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    // A signal during start-up waits for it to finish, so nothing is opened after the close.
    starting
      .catch(() => {})
      .then(() => app.stop())
      .then(
        () => process.exit(0),
        (err) => {
          logger.error({ err: errorText(err) }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  starting = app.start();
  await starting;
}

main().catch((err) => {
  console.error('Trợ lý Chi bộ failed to start:', scrubSecrets(err instanceof Error ? err.message : String(err)));
  process.exit(1);
});
