import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, HubConfig, JsonLogger, loadHubConfig, useJsonBody } from '@escalation-hub/platform';
import { HubModule } from './app/hub.module';

/** Builds the embedded hub; exported for end-to-end tests, which start it on a free port. */
export async function createHub(config: HubConfig, logger: JsonLogger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(HubModule.forRoot(config, logger), { logger, bodyParser: false });
  useJsonBody(app);
  app.disable('x-powered-by');
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}

async function main(): Promise<void> {
  let config: HubConfig;
  try {
    config = loadHubConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nThe hub did not start. See README.md, "Configuration".\n`);
    process.exit(78); // EX_CONFIG
  }
  const logger = new JsonLogger(config.logLevel);
  const app = await createHub(config, logger);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.pino.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'Shutting down: finishing in-flight requests');
      // If in-flight work does not finish in time, leave anyway rather than hang the deployment.
      setTimeout(() => {
        logger.pino.error('Shutdown timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
    });
  }
  await app.listen(config.port);
  logger.pino.info({ port: config.port, dataDir: config.dataDir }, 'Escalation Hub is listening');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`The hub failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
