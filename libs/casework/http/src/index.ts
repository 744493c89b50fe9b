export * from './lib/casework-http';
