import 'reflect-metadata';
import { JsonLogger } from '@escalation-hub/platform';
import { assertDistributedConfig, createServiceApp, exitOnStartFailure, loadConfigOrExit, serve } from '@escalation-hub/runtime';
import { GatewayModule } from './app/gateway.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env, (loaded) => assertDistributedConfig(loaded, 'gateway'));
  const logger = new JsonLogger(config.logLevel, 'gateway');
  const app = await createServiceApp(GatewayModule.forRoot(config, logger), logger, {
    title: 'Escalation Hub: provider gateway',
    description: 'Escalations and breach packs from provider systems (also over Kafka), their cases and their feed of decisions.',
  });
  await serve(app, config, logger, 'Provider gateway');
}

main().catch(exitOnStartFailure('The provider gateway failed to start'));
