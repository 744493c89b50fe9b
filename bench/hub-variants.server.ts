/**
 * The embedded hub built from source, for benchmarks that compare it with itself (benchmark-only
 * variants; the hub itself has no way to turn these off):
 * - `WITHOUT_DISCLOSURE_LOG=1`: the recorders of provider reads and feed pages are no-ops;
 * - `NOOP_ESCALATIONS=1`: POST /v1/cases/{crn}/escalations runs its guard, validation, routing and
 *   filters, then a command handler that records nothing: the HTTP frame's own cost.
 */
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CASE_READS, PROVIDER_DISCLOSURES } from '@escalation-hub/casework-application';
import { RequestEscalationCommand } from '@escalation-hub/casework-use-cases';
import { RequestEscalationHandler } from '../libs/casework/use-cases/src/lib/request-escalation/request-escalation.handler';
import { JsonLogger } from '@escalation-hub/platform';
import { configureServiceApp, loadConfigOrExit, serve } from '@escalation-hub/runtime';
import { HUB_API, HubModule } from '../apps/hub/src/app/hub.module';

@CommandHandler(RequestEscalationCommand)
class NoopEscalationHandler implements ICommandHandler<RequestEscalationCommand> {
  async execute({ crn }: RequestEscalationCommand) {
    return { escalationId: 'esc-not-recorded', crn, dueAt: new Date().toISOString(), revision: 0, created: true };
  }
}

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
  if (process.env['NOOP_ESCALATIONS'] === '1') builder = builder.overrideProvider(RequestEscalationHandler).useClass(NoopEscalationHandler);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger, bodyParser: false });
  await serve(configureServiceApp(app, HUB_API, config), config, logger);
}

void main();
