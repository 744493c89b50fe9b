// Test support only. Never import this from production code.
export * from './lib/testing/provider-contract';
