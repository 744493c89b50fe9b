import 'reflect-metadata';
import { startService } from '@escalation-hub/runtime';
import { GatewayModule } from './app/gateway.module';

startService({
  service: 'gateway',
  root: (config, logger) => GatewayModule.forRoot(config, logger),
  title: 'Escalation Hub: provider gateway',
  description:
    'Escalations, breach packs, answers, failures to comply, warnings and information bearing on risk from provider systems (also over Kafka), their cases and their feed of decisions.',
});
