import 'reflect-metadata';
import { JsonLogger } from '@escalation-hub/platform';
import { assertDistributedConfig, createServiceApp, exitOnStartFailure, loadConfigOrExit, serve } from '@escalation-hub/runtime';
import { AuditModule } from './app/audit.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env, (loaded) => assertDistributedConfig(loaded, 'audit'));
  const logger = new JsonLogger(config.logLevel, 'audit');
  const app = await createServiceApp(AuditModule.forRoot(config, logger), logger, {
    title: 'Escalation Hub: audit',
    description: 'Case timelines as they stood at any moment, verification, signed exports, the access log and reports.',
  });
  await serve(app, config, logger, 'Audit service');
}

main().catch(exitOnStartFailure('The audit service failed to start'));
