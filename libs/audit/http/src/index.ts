export * from './lib/audit.controller';
export * from './lib/timeline.renderers';
export * from './lib/audit-http.module';
export * from './lib/audit-reports.controller';
export * from './lib/integrity.controller';
