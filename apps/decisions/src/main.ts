import 'reflect-metadata';
import { startService } from '@escalation-hub/runtime';
import { DecisionsModule } from './app/decisions.module';

startService({
  service: 'decisions',
  root: (config, logger) => DecisionsModule.forRoot(config, logger),
  title: 'Escalation Hub: decisions',
  description: 'Allocation, the decision queue, decisions, recall advice and countersignatures for the public service.',
});
