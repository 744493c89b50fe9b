import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SqlDatabase } from '@escalation-hub/sql';
import { principalNameProblem } from './principal-names';
import type { TokenRole } from './role-names';

/**
 * Who a bearer token speaks for. `name` is the principal's id in every event it causes; `provider`
 * names the organisation a provider token acts for.
 */
export interface Principal {
  readonly tokenId: string;
  readonly name: string;
  readonly role: TokenRole;
  readonly provider?: string;
}

/** The application's rules for tokens: its roles, and which role speaks for a provider organisation. */
export interface TokenRules {
  readonly roles: readonly TokenRole[];
  /** Tokens of this role, and only these, name the provider they act for, by a code like `example`. */
  readonly provider: { readonly role: TokenRole; readonly code: RegExp; readonly example: string };
}

export interface TokenRecord extends Principal {
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export class TokenStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenStoreError';
  }
}

const TOKEN_PREFIX = 'ehub_';

/**
 * Bearer tokens, kept only as SHA-256 hashes: the plain token is shown once, when issued. A token
 * is random (256 bits), so a fast hash is enough; nothing can be learnt from the store.
 */
export class TokenStore {
  private ready: Promise<void> | undefined;

  /** On SQLite give the database FULL synchronous mode: an issued or revoked token must survive a crash. */
  constructor(
    private readonly db: SqlDatabase,
    private readonly rules: TokenRules,
  ) {}

  /** Creates the table if needed; every other method calls it first. */
  migrate(): Promise<void> {
    this.ready ??= this.db
      .exec(
        `CREATE TABLE IF NOT EXISTS tokens (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, provider TEXT,
      token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT);
      CREATE UNIQUE INDEX IF NOT EXISTS tokens_live_name ON tokens (name) WHERE revoked_at IS NULL`,
      )
      .catch((error: unknown) => {
        this.ready = undefined; // tried again by the next call
        throw error;
      });
    return this.ready;
  }

  /** Issues a token; returns the plain token (never stored) and its record. */
  async issue(
    request: { role: TokenRole; name: string; provider?: string },
    now = new Date(),
  ): Promise<{ token: string; record: TokenRecord }> {
    const { roles, provider } = this.rules;
    if (!roles.includes(request.role)) throw new TokenStoreError(`--role must be one of ${roles.join(', ')}`);
    const nameProblem = principalNameProblem(request.name);
    if (nameProblem) throw new TokenStoreError(nameProblem);
    if (request.role === provider.role && !provider.code.test(request.provider ?? '')) {
      throw new TokenStoreError(`a ${provider.role} token needs --provider with the provider code, e.g. ${provider.example}`);
    }
    if (request.role !== provider.role && request.provider) throw new TokenStoreError(`--provider is only for ${provider.role} tokens`);
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const record: TokenRecord = {
      tokenId: randomUUID(),
      name: request.name,
      role: request.role,
      ...(request.provider ? { provider: request.provider } : {}),
      createdAt: now.toISOString(),
      revokedAt: null,
    };
    await this.migrate();
    // Checked and written in one transaction; the unique index still guards against a racing process.
    const inserted = await this.db.transaction(async (sql) => {
      if (await sql.get('SELECT id FROM tokens WHERE name = ? AND revoked_at IS NULL', [record.name])) return false;
      await sql.run('INSERT INTO tokens (id, name, role, provider, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        record.tokenId,
        record.name,
        record.role,
        request.provider ?? null,
        hashToken(token),
        record.createdAt,
      ]);
      return true;
    });
    if (!inserted) throw new TokenStoreError(`a live token named ${request.name} already exists; revoke it first or choose another name`);
    return { token, record };
  }

  /** The principal for a presented token, or undefined if it is unknown or revoked. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    await this.migrate();
    const row = await this.db.get<{ id: string; name: string; role: TokenRole; provider: string | null }>(
      'SELECT id, name, role, provider FROM tokens WHERE token_hash = ? AND revoked_at IS NULL',
      [hashToken(token)],
    );
    if (!row) return undefined;
    return { tokenId: row.id, name: row.name, role: row.role, ...(row.provider ? { provider: row.provider } : {}) };
  }

  /** Whether any token, live or revoked, was ever issued for `provider`: a provider the hub has dealt with. */
  async knowsProvider(provider: string): Promise<boolean> {
    await this.migrate();
    return (await this.db.get('SELECT 1 AS known FROM tokens WHERE provider = ? LIMIT 1', [provider])) !== undefined;
  }

  /** Revokes by token id or name; returns whether a live token was revoked. */
  async revoke(idOrName: string, now = new Date()): Promise<boolean> {
    await this.migrate();
    const changed = await this.db.run('UPDATE tokens SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL', [
      now.toISOString(),
      idOrName,
      idOrName,
    ]);
    return changed > 0;
  }

  async list(): Promise<TokenRecord[]> {
    await this.migrate();
    const rows = await this.db.all<{
      id: string;
      name: string;
      role: TokenRole;
      provider: string | null;
      created_at: string;
      revoked_at: string | null;
    }>('SELECT id, name, role, provider, created_at, revoked_at FROM tokens ORDER BY created_at, name');
    return rows.map((row) => ({
      tokenId: row.id,
      name: row.name,
      role: row.role,
      ...(row.provider ? { provider: row.provider } : {}),
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
    }));
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
