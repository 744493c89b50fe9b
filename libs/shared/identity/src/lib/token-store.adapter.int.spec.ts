import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '@escalation-hub/sql';
import { SQL_TEST_ENGINES, SqlTestStorage } from '@escalation-hub/sql/testing';
import { TokenRules, TokenStore, TokenStoreError } from './token-store.adapter';

/** Identity knows no roles of its own: the application's rules, as casework gives them. */
const RULES: TokenRules = {
  roles: ['provider', 'decision-maker', 'spo', 'aco', 'auditor', 'admin'],
  provider: { role: 'provider', code: /^(?!NPS$)[A-Z0-9]{2,16}$/, example: 'CRC07' },
};

describe.each(SQL_TEST_ENGINES)('TokenStore on $name', (engine) => {
  let storage: SqlTestStorage;
  let store: TokenStore;
  beforeEach(() => {
    storage = engine.open();
    store = new TokenStore(storage.database(), RULES);
  });
  afterEach(async () => {
    await store.close();
    await storage.cleanup();
  });

  it('issues a token that authenticates as its principal, also after a restart', async () => {
    const { token, record } = await store.issue({ role: 'provider', provider: 'CRC07', name: 'crc07-cms' });
    expect(token).toMatch(/^ehub_[A-Za-z0-9_-]{43}$/);
    expect(await store.authenticate(token)).toEqual({ tokenId: record.tokenId, name: 'crc07-cms', role: 'provider', provider: 'CRC07' });
    expect(await store.authenticate(`${token}x`)).toBeUndefined();
    expect(await store.authenticate('Bearer nonsense')).toBeUndefined();
    await store.close();
    store = new TokenStore(storage.database(), RULES);
    expect((await store.authenticate(token))?.name).toBe('crc07-cms');
  });

  it('revokes by name or id, after which the token no longer works, and lists both', async () => {
    const first = await store.issue({ role: 'decision-maker', name: 'po.alice' });
    const second = await store.issue({ role: 'spo', name: 'spo.carol' });
    expect(await store.revoke('po.alice')).toBe(true);
    expect(await store.revoke(second.record.tokenId)).toBe(true);
    expect(await store.revoke('po.alice')).toBe(false);
    expect(await store.authenticate(first.token)).toBeUndefined();
    expect(await store.authenticate(second.token)).toBeUndefined();
    expect((await store.list()).map((token) => [token.name, token.revokedAt !== null])).toEqual([
      ['po.alice', true],
      ['spo.carol', true],
    ]);
  });

  it.each([
    [{ role: 'provider', name: 'crc07-cms' }, 'a provider token needs --provider with the provider code, e.g. CRC07'],
    [{ role: 'provider', name: 'crc07-cms', provider: 'crc 07' }, 'needs --provider'],
    [{ role: 'auditor', name: 'a', provider: undefined }, '--name must be'],
    [{ role: 'aco', name: 'aco.erin', provider: 'CRC07' }, 'only for provider tokens'],
    [{ role: 'superuser', name: 'root' }, '--role must be one of provider, decision-maker, spo, aco, auditor, admin'],
    [{ role: 'provider', name: 'nps-cms', provider: 'NPS' }, 'needs --provider'],
    [{ role: 'admin', name: 'hub-scheduler' }, 'the hub’s own'],
    [{ role: 'auditor', name: 'HUB-integrity' }, 'the hub’s own'],
  ])('refuses %j', async (request, message) => {
    await expect(store.issue(request as never)).rejects.toThrow(TokenStoreError);
    await expect(store.issue(request as never)).rejects.toThrow(message);
    expect(await store.list()).toEqual([]);
  });

  it('refuses a second live token with the same name, and frees the name once revoked', async () => {
    const first = await store.issue({ role: 'auditor', name: 'auditor.frank' });
    await expect(store.issue({ role: 'auditor', name: 'auditor.frank' })).rejects.toThrow('already exists');
    await store.revoke('auditor.frank');
    const second = await store.issue({ role: 'auditor', name: 'auditor.frank' });
    expect(await store.authenticate(first.token)).toBeUndefined();
    expect((await store.authenticate(second.token))?.name).toBe('auditor.frank');
  });
});

describe('TokenStore on SQLite', () => {
  it('stores only a hash of the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-tokens-'));
    const filename = join(dir, 'identity.sqlite');
    const store = new TokenStore(new SqliteDatabase({ filename, synchronous: 'FULL' }), RULES);
    const { token } = await store.issue({ role: 'auditor', name: 'auditor.frank' });
    await store.close();
    const files = [filename, `${filename}-wal`].filter((file) => existsSync(file));
    const raw = files.map((file) => readFileSync(file).toString('latin1')).join('');
    expect(raw).toContain('auditor.frank'); // the file is the one written to, so the next check means something
    expect(raw).not.toContain(token.slice(5));
    const db = new Database(filename, { readonly: true });
    expect(JSON.stringify(db.prepare('SELECT * FROM tokens').all())).not.toContain(token.slice(5));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
