// Test support only: builders and the given/when/then kit for casework tests. Never import this from production code.
export * from './lib/testing/casework.builders';
export * from './lib/testing/case-event.builders';
export * from './lib/testing/case.specification';
