export * from './lib/sql-database.port';
export * from './lib/sqlite-database.adapter';
export * from './lib/postgres-database.adapter';
export * from './lib/lease';
export * from './lib/postgres-pool';
export * from './lib/private-file';
