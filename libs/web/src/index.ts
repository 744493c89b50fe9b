export * from './lib/web.module';
