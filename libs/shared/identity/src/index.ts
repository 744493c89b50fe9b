export * from './lib/role-names';
export * from './lib/token-store.adapter';
export * from './lib/user-store.adapter';
