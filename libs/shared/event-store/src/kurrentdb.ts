// Its own entry point, loaded only when HUB_STORE=kurrentdb: the client and its gRPC stack weigh
// about 27 MiB of memory that a hub on SQLite or PostgreSQL should not pay.
export * from './lib/adapters/kurrentdb/kurrentdb-event-store.adapter';
