export * from './lib/platform.module';
export * from './lib/config/config-loader';
export * from './lib/config/hub-config';
export * from './lib/logging/json-logger';
export * from './lib/health/health';
export * from './lib/metrics/metrics';
export * from './lib/http/problem-details.filter';
