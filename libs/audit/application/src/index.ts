export * from './lib/case-timeline';
export * from './lib/access-log';
