import { Client } from 'pg';

/**
 * The right to run the hub's background work (projectors, overdue scheduler, integrity checkpoints).
 * Several hub processes may share one database; at most one holds the lease at a time.
 */
export interface Lease {
  /** Takes the lease if nobody holds it; true if this process holds it now. */
  tryAcquire(): Promise<boolean>;
  isHeld(): boolean;
  /** Called once when a held lease is lost (its connection died): the holder must stop its work. */
  onLost(listener: () => void): void;
  release(): Promise<void>;
}

const HEARTBEAT_MS = 5_000;

/** For engines that one process owns alone (the SQLite files): always held. */
export class ProcessLease implements Lease {
  private held = false;

  async tryAcquire(): Promise<boolean> {
    this.held = true;
    return true;
  }

  isHeld(): boolean {
    return this.held;
  }

  onLost(): void {
    // Never lost: nothing else can take it.
  }

  async release(): Promise<void> {
    this.held = false;
  }
}

/**
 * A PostgreSQL session-level advisory lock on a connection of its own: held exactly as long as that
 * connection lives, so a crashed or cut-off holder frees it for the next process without a timeout.
 */
export class PostgresAdvisoryLease implements Lease {
  private client: Client | undefined;
  private held = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly lostListeners: (() => void)[] = [];

  constructor(
    private readonly connectionString: string,
    /** Processes contend for the same name; different names are different leases. */
    readonly name: string,
  ) {}

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const client = (this.client ??= this.connect());
    const { rows } = await client.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired', [
      this.name,
    ]);
    this.held = rows[0].acquired;
    if (this.held) this.startHeartbeat(client);
    return this.held;
  }

  isHeld(): boolean {
    return this.held;
  }

  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held = false;
    clearInterval(this.heartbeat);
    await client?.end().catch(() => undefined);
  }

  /**
   * A half-open connection (a cut network) can look alive to this side for hours while the server
   * keeps the lock: a round trip every few seconds, with a deadline, notices and lets go.
   */
  private startHeartbeat(client: Client): void {
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch(() => {
        this.dropConnection(client);
        void client.end().catch(() => undefined);
      });
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private connect(): Client {
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'escalation-hub-lease',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5_000,
      query_timeout: HEARTBEAT_MS,
    });
    const connected = client.connect();
    client.on('error', () => this.dropConnection(client));
    client.on('end', () => this.dropConnection(client));
    // Queries wait for the connection; a failed connect fails them and the next attempt reconnects.
    connected.catch(() => this.dropConnection(client));
    return client;
  }

  private dropConnection(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearInterval(this.heartbeat);
    const wasHeld = this.held;
    this.held = false;
    if (wasHeld) this.lostListeners.forEach((listener) => listener());
  }
}
