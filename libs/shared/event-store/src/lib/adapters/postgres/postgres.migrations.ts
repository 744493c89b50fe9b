/** Ordered schema changes. Never edit one that has shipped: add the next. */
export const POSTGRES_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'create events and checkpoints',
    sql: `
      CREATE TABLE events (
        position       BIGSERIAL PRIMARY KEY,
        -- The writing transaction: readers of $all stop before any still in flight (see readAll).
        transaction_id xid8    NOT NULL DEFAULT pg_current_xact_id(),
        event_id       TEXT    NOT NULL UNIQUE,
        stream_name    TEXT    NOT NULL,
        stream_version INTEGER NOT NULL,
        type           TEXT    NOT NULL,
        -- JSON kept as text, byte for byte as written: jsonb would reorder and normalise it.
        data           TEXT    NOT NULL,
        metadata       TEXT    NOT NULL,
        recorded_at    TEXT    NOT NULL,
        hash           TEXT    NOT NULL,
        previous_hash  TEXT,
        UNIQUE (stream_name, stream_version)
      );
      CREATE TABLE checkpoints (
        name       TEXT        PRIMARY KEY,
        position   BIGINT      NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
];
