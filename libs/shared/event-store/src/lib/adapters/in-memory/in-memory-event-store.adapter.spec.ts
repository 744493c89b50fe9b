import { describeEventStoreContract } from '../../../testing';
import { InMemoryEventStore } from './in-memory-event-store.adapter';

describeEventStoreContract('in-memory', {
  async create() {
    return new InMemoryEventStore();
  },
  async reopen(store) {
    // Nothing survives a real restart; reopening the same instance is what "persists" means here.
    return store;
  },
  async tamper(store, streamName, streamVersion, data) {
    (store as InMemoryEventStore).tamper(streamName, streamVersion, (event) => ({ ...event, data }));
  },
});
