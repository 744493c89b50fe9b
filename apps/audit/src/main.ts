import 'reflect-metadata';
import { startService } from '@escalation-hub/runtime';
import { AuditModule } from './app/audit.module';

startService({
  service: 'audit',
  root: (config, logger) => AuditModule.forRoot(config, logger),
  title: 'Escalation Hub: audit',
  description: 'Case timelines as they stood at any moment, verification, signed exports, the access log and reports.',
});
