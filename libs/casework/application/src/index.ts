export * from './lib/casework-application';
