import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore, TokenStoreError } from './token-store.adapter';

describe('TokenStore on a real SQLite file', () => {
  let dir: string;
  let store: TokenStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-tokens-'));
    store = new TokenStore(join(dir, 'identity.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues a token that authenticates as its principal', () => {
    const { token, record } = store.issue({ role: 'provider', provider: 'CRC07', name: 'crc07-cms' });
    expect(token).toMatch(/^ehub_[A-Za-z0-9_-]{43}$/);
    expect(store.authenticate(token)).toEqual({ tokenId: record.tokenId, name: 'crc07-cms', role: 'provider', provider: 'CRC07' });
    expect(store.authenticate(`${token}x`)).toBeUndefined();
    expect(store.authenticate('Bearer nonsense')).toBeUndefined();
  });

  it('stores only a hash of the token', () => {
    const { token } = store.issue({ role: 'auditor', name: 'auditor.frank' });
    store.close();
    const files = ['identity.sqlite', 'identity.sqlite-wal'].map((file) => join(dir, file)).filter((file) => existsSync(file));
    const raw = files.map((file) => readFileSync(file).toString('latin1')).join('');
    expect(raw).not.toContain(token.slice(5));
    const db = new Database(join(dir, 'identity.sqlite'), { readonly: true });
    expect(JSON.stringify(db.prepare('SELECT * FROM tokens').all())).not.toContain(token.slice(5));
    db.close();
    store = new TokenStore(join(dir, 'identity.sqlite'));
    expect(store.authenticate(token)?.name).toBe('auditor.frank');
  });

  it('revokes by name or id, after which the token no longer works, and lists both', () => {
    const first = store.issue({ role: 'decision-maker', name: 'po.alice' });
    const second = store.issue({ role: 'spo', name: 'spo.carol' });
    expect(store.revoke('po.alice')).toBe(true);
    expect(store.revoke(second.record.tokenId)).toBe(true);
    expect(store.revoke('po.alice')).toBe(false);
    expect(store.authenticate(first.token)).toBeUndefined();
    expect(store.authenticate(second.token)).toBeUndefined();
    expect(store.list().map((token) => [token.name, token.revokedAt !== null])).toEqual([
      ['po.alice', true],
      ['spo.carol', true],
    ]);
  });

  it.each([
    [{ role: 'provider', name: 'crc07-cms' }, 'needs --provider'],
    [{ role: 'provider', name: 'crc07-cms', provider: 'crc 07' }, 'needs --provider'],
    [{ role: 'auditor', name: 'a', provider: undefined }, '--name must be'],
    [{ role: 'aco', name: 'aco.erin', provider: 'CRC07' }, 'only for provider tokens'],
    [{ role: 'superuser', name: 'root' }, '--role must be one of'],
  ])('refuses %j', (request, message) => {
    expect(() => store.issue(request as never)).toThrow(TokenStoreError);
    expect(() => store.issue(request as never)).toThrow(message);
    expect(store.list()).toEqual([]);
  });

  it('refuses a second live token with the same name, and frees the name once revoked', () => {
    const first = store.issue({ role: 'auditor', name: 'auditor.frank' });
    expect(() => store.issue({ role: 'auditor', name: 'auditor.frank' })).toThrow('already exists');
    store.revoke('auditor.frank');
    const second = store.issue({ role: 'auditor', name: 'auditor.frank' });
    expect(store.authenticate(first.token)).toBeUndefined();
    expect(store.authenticate(second.token)?.name).toBe('auditor.frank');
  });

  it('never issues a provider token for the public service', () => {
    expect(() => store.issue({ role: 'provider', name: 'nps-cms', provider: 'NPS' })).toThrow('needs --provider');
  });
});
