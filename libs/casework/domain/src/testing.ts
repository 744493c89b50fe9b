// Test support only: builders for casework tests. Never import this from production code.
export * from './lib/testing/casework.builders';
