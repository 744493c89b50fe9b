import 'reflect-metadata';
import { JsonLogger } from '@escalation-hub/platform';
import { assertDistributedConfig, createServiceApp, exitOnStartFailure, loadConfigOrExit, serve } from '@escalation-hub/runtime';
import { DecisionsModule } from './app/decisions.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env, (loaded) => assertDistributedConfig(loaded, 'decisions'));
  const logger = new JsonLogger(config.logLevel, 'decisions');
  const app = await createServiceApp(DecisionsModule.forRoot(config, logger), logger, {
    title: 'Escalation Hub: decisions',
    description: 'Allocation, the decision queue, decisions, recall advice and countersignatures for the public service.',
  });
  await serve(app, config, logger, 'Decisions service');
}

main().catch(exitOnStartFailure('The decisions service failed to start'));
