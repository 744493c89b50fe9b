export * from './lib/vocabulary';
export * from './lib/case.events';
export * from './lib/case.commands';
export * from './lib/case.errors';
export * from './lib/case.state';
export * from './lib/case.decider';
export * from './lib/allocation.policy';
export * from './lib/due-time.policy';
