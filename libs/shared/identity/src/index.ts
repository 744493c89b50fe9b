export * from './lib/token-store.adapter';
