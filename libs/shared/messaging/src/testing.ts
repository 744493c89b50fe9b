// Test support only: never import this from production code.
export * from './testing/kafka-broker';
