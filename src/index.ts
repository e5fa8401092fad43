/**
 * Process entry point: read the configuration once, wire the app, start it, and stop it
 * gracefully on SIGTERM/SIGINT. Nothing else happens here.
 */
import { isConfigFileError } from './config/config-file-error.js';
import { ConfigError, loadConfig } from './config/config.js';
import { startApp } from './composition.js';
import { createLogger, errorFields } from './observability/logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Configuration error / Konfigurationsfehler:\n${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  try {
    const app = await startApp(config, logger);
    let signalled = false;
    const shutdown = (signal: string) => {
      if (signalled) return;
      signalled = true;
      logger.info('signal', { signal });
      app.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error('shutdown_failed', errorFields(err));
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  } catch (e) {
    if (isConfigFileError(e)) {
      process.stderr.write(`Configuration file error / Fehler in Konfigurationsdatei:\n${e.message}\n`);
      process.exit(2);
    }
    logger.error('start_failed', errorFields(e));
    process.exit(1);
  }
}

await main();
