import type { SqlDatabase } from '@escalation-hub/sql';
import { SQL_TEST_ENGINES, SqlTestStorage } from '@escalation-hub/sql/testing';
import { UserStore, UserStoreError } from './user-store.adapter';

describe.each(SQL_TEST_ENGINES)('UserStore on $name', (engine) => {
  let storage: SqlTestStorage;
  let database: SqlDatabase;
  let users: UserStore;
  const now = new Date('2026-11-26T09:00:00Z');
  beforeEach(() => {
    storage = engine.open();
    database = storage.database();
    users = new UserStore(database, { roles: ['decision-maker', 'spo', 'aco', 'auditor'] });
  });
  afterEach(async () => {
    await database.close();
    await storage.cleanup();
  });

  it('signs a person in with the right password only, and knows the session until it expires or they sign out', async () => {
    await users.add({ name: 'jo.officer', role: 'decision-maker', password: 'correct horse battery staple' }, now);
    expect(await users.signIn('jo.officer', 'correct horse battery stapl', now)).toBeUndefined();
    expect(await users.signIn('nobody', 'correct horse battery staple', now)).toBeUndefined();
    const signedIn = await users.signIn('jo.officer', 'correct horse battery staple', now, 3_600_000);
    expect(signedIn?.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = await users.session(signedIn?.cookie as string, now);
    expect(session?.principal).toMatchObject({ name: 'jo.officer', role: 'decision-maker' });
    expect(session?.csrfToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await users.session(`${signedIn?.cookie}x`, now)).toBeUndefined();
    expect(await users.session(signedIn?.cookie as string, new Date(now.getTime() + 3_600_001))).toBeUndefined(); // expired
    await users.signOut(signedIn?.cookie as string);
    expect(await users.session(signedIn?.cookie as string, now)).toBeUndefined();
  });

  it.each([
    [{ name: 'jo', role: 'provider', password: 'long enough password' }, '--role must be one of decision-maker, spo, aco, auditor'],
    [{ name: 'jo officer', role: 'auditor', password: 'long enough password' }, '--name must be'],
    [{ name: 'jo', role: 'auditor', password: 'too short' }, 'at least 12 characters'],
    [{ name: 'hub-outbox', role: 'spo', password: 'long enough password' }, 'the hub’s own'],
  ])('refuses %j', async (request, message) => {
    await expect(users.add(request as never, now)).rejects.toThrow(UserStoreError);
    await expect(users.add(request as never, now)).rejects.toThrow(message);
  });

  it('refuses a second user with the same name', async () => {
    await users.add({ name: 'sam', role: 'auditor', password: 'another long passphrase' }, now);
    await expect(users.add({ name: 'sam', role: 'spo', password: 'another long passphrase' }, now)).rejects.toThrow('already exists');
  });

  it('sets a new password: the old one and every open session stop working', async () => {
    await users.add({ name: 'sam', role: 'auditor', password: 'another long passphrase' }, now);
    const before = await users.signIn('sam', 'another long passphrase', now);
    await users.setPassword('sam', 'a brand new passphrase');
    expect(await users.session(before?.cookie as string, now)).toBeUndefined();
    expect(await users.signIn('sam', 'another long passphrase', now)).toBeUndefined();
    expect(await users.signIn('sam', 'a brand new passphrase', now)).toBeDefined();
    await expect(users.setPassword('sam', 'short')).rejects.toThrow('at least 12 characters');
    await expect(users.setPassword('nobody', 'long enough password')).rejects.toThrow('There is no user named nobody');
  });
});
