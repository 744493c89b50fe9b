/**
 * The embedded hub built from source, for benchmarks that compare it with itself: with
 * `WITHOUT_DISCLOSURE_LOG=1` the recorders of provider reads and feed pages are replaced by no-ops
 * (a benchmark-only variant; the hub itself has no way to turn its disclosure log off).
 */
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CASE_READS, PROVIDER_DISCLOSURES } from '@escalation-hub/casework-application';
import { JsonLogger } from '@escalation-hub/platform';
import { configureServiceApp, loadConfigOrExit, serve } from '@escalation-hub/runtime';
import { HUB_API, HubModule } from '../apps/hub/src/app/hub.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const logger = new JsonLogger(config.logLevel);
  let builder = Test.createTestingModule({ imports: [HubModule.forRoot(config, logger)] });
  if (process.env['WITHOUT_DISCLOSURE_LOG'] === '1') {
    builder = builder
      .overrideProvider(PROVIDER_DISCLOSURES)
      .useValue({ recordFeedPage: async () => undefined })
      .overrideProvider(CASE_READS)
      .useValue({ record: async () => undefined });
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger, bodyParser: false });
  await serve(configureServiceApp(app, HUB_API, config), config, logger);
}

void main();
