import { createHash, randomBytes, randomUUID, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { SqlDatabase } from '@escalation-hub/sql';
import type { Principal } from './token-store.adapter';
import { principalNameProblem } from './principal-names';
import type { UserRole } from './role-names';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, length: number, options: object) => Promise<Buffer>;

/** The application's rules for people: the roles they may hold (other roles are for tokens only). */
export interface UserRules {
  readonly roles: readonly UserRole[];
}

/** A signed-in person: the principal their actions are recorded under, and their session's CSRF token. */
export interface WebSession {
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export class UserStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserStoreError';
  }
}

/** scrypt cost: about 50 ms on the reference machine, so guessing passwords offline is slow. */
const SCRYPT = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 12;

/**
 * People who sign in to the web interface: a name, a role and a password kept as an scrypt hash,
 * and their sessions, kept as SHA-256 hashes of the random cookie value (the cookie alone is shown
 * to the browser, once). Accounts are made with the hub's command line.
 */
export class UserStore {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly db: SqlDatabase,
    private readonly rules: UserRules,
  ) {}

  migrate(): Promise<void> {
    this.ready ??= this.db
      .exec(
        `CREATE TABLE IF NOT EXISTS users (
           id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS web_sessions (
           session_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, csrf_token TEXT NOT NULL, expires_at TEXT NOT NULL);`,
      )
      .catch((error: unknown) => {
        this.ready = undefined;
        throw error;
      });
    return this.ready;
  }

  async add(request: { name: string; role: UserRole; password: string }, now = new Date()): Promise<{ id: string }> {
    await this.migrate();
    const nameProblem = principalNameProblem(request.name);
    if (nameProblem) throw new UserStoreError(nameProblem);
    if (!this.rules.roles.includes(request.role)) {
      throw new UserStoreError(`--role must be one of ${this.rules.roles.join(', ')} (people's roles; the others are for tokens only)`);
    }
    if (request.password.length < MIN_PASSWORD_LENGTH)
      throw new UserStoreError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    if (await this.db.get('SELECT 1 AS taken FROM users WHERE name = ?', [request.name])) {
      throw new UserStoreError(`A user named ${request.name} already exists`);
    }
    const id = randomUUID();
    await this.db.run('INSERT INTO users (id, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)', [
      id,
      request.name,
      request.role,
      await hashPassword(request.password),
      now.toISOString(),
    ]);
    return { id };
  }

  /** Gives a person a new password and ends their sessions, so an old password or a stolen cookie stops working. */
  async setPassword(name: string, password: string): Promise<void> {
    await this.migrate();
    if (password.length < MIN_PASSWORD_LENGTH) throw new UserStoreError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const user = await this.db.get<{ id: string }>('SELECT id FROM users WHERE name = ?', [name]);
    if (!user) throw new UserStoreError(`There is no user named ${name}`);
    await this.db.run('UPDATE users SET password_hash = ? WHERE id = ?', [await hashPassword(password), user.id]);
    await this.db.run('DELETE FROM web_sessions WHERE user_id = ?', [user.id]);
  }

  /** Checks the password; on success opens a session and returns its cookie value (shown once). */
  async signIn(name: string, password: string, now = new Date(), ttlMs = 8 * 3_600_000): Promise<{ cookie: string } | undefined> {
    await this.migrate();
    const user = await this.db.get<{ id: string; password_hash: string }>('SELECT id, password_hash FROM users WHERE name = ?', [name]);
    // Hash anyway when the name is unknown, so the answer takes as long either way.
    const matches = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !matches) return undefined;
    const cookie = randomBytes(32).toString('base64url');
    await this.db.run('INSERT INTO web_sessions (session_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)', [
      sha256(cookie),
      user.id,
      randomBytes(24).toString('base64url'),
      new Date(now.getTime() + ttlMs).toISOString(),
    ]);
    return { cookie };
  }

  async session(cookie: string, now = new Date()): Promise<WebSession | undefined> {
    await this.migrate();
    const row = await this.db.get<{ id: string; name: string; role: UserRole; csrf_token: string; expires_at: string }>(
      `SELECT u.id, u.name, u.role, s.csrf_token, s.expires_at FROM web_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.session_hash = ?`,
      [sha256(cookie)],
    );
    if (!row || row.expires_at <= now.toISOString()) return undefined;
    return {
      principal: { tokenId: `user:${row.id}`, name: row.name, role: row.role },
      csrfToken: row.csrf_token,
      expiresAt: row.expires_at,
    };
  }

  async signOut(cookie: string): Promise<void> {
    await this.migrate();
    await this.db.run('DELETE FROM web_sessions WHERE session_hash = ?', [sha256(cookie)]);
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

const DUMMY_HASH = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;
