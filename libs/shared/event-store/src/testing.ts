// Test support only: never import this from production code.
export * from './lib/testing/event-store.contract';
export * from './lib/testing/event-builders';
export * from './lib/testing/stream-catalogue.projection';
export * from './lib/testing/sqlite-held-append';
export * from './lib/testing/killed-writer';
