export * from './lib/cloud-event.envelope';
export * from './lib/kafka-topics';
export * from './lib/kafka-outbox.publisher';
export * from './lib/kafka-event.consumer';
export * from './lib/hub-topics';
export * from './lib/event-bus.port';
export * from './lib/in-process-event.bus';
export * from './lib/kafka-event.bus';
