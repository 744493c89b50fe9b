import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { strictValidationPipe } from '@escalation-hub/casework-http';
import { HubConfig, JsonLogger, useJsonBody } from '@escalation-hub/platform';
import { HubModule } from './hub.module';

/** Builds the embedded hub (not yet listening). */
export async function createHub(
  config: HubConfig,
  logger: JsonLogger,
  options: { clock?: () => Date } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(HubModule.forRoot(config, logger, options), { logger, bodyParser: false });
  useJsonBody(app);
  app.disable('x-powered-by');
  app.useGlobalPipes(strictValidationPipe());
  const openApi = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Escalation Hub API')
      .setDescription('Risk escalations, breach packs, decisions and recall advice between probation providers and the public service.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A token issued with `npm run hub -- token issue`' })
      .build(),
  );
  SwaggerModule.setup('v1/docs', app, openApi, { jsonDocumentUrl: 'v1/openapi.json', raw: ['json'] });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}

/** Starts the HTTP server and arranges a bounded graceful shutdown. */
export async function serve(app: NestExpressApplication, config: HubConfig, logger: JsonLogger): Promise<void> {
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
