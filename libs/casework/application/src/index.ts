export * from './lib/casework.ports';
export * from './lib/case-event.mapper';
export * from './lib/case.repository';
export * from './lib/case-command.handler';
export * from './lib/casework.projections';
export * from './lib/casework.read-models';
export * from './lib/overdue.scheduler';
export * from './lib/casework-application.module';
