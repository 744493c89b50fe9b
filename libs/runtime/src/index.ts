export * from './lib/background-work';
export * from './lib/hub-storage';
export * from './lib/service-infrastructure.module';
export * from './lib/service.app';
export * from './lib/storage-thread/storage-thread';
export { runStorageWorker } from './lib/storage-thread/storage-worker';
