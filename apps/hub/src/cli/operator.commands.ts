import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CheckpointJournal, replayCase, SigningKey, verifyWholeStore } from '@escalation-hub/audit-application';
import { streamNameFor } from '@escalation-hub/casework-domain';
import { EventLog, SqliteEventStore, SqliteReadModelStore } from '@escalation-hub/event-store';
import type { HubConfig } from '@escalation-hub/platform';
import { PROJECTIONS } from '../app/embedded-infrastructure.module';

function openStore(config: HubConfig) {
  const store = new SqliteEventStore({ filename: join(config.dataDir, 'events.sqlite') });
  return { store, log: new EventLog(store) };
}

/** `replay <crn> [--as-of <time>]`: the case's timeline in the terminal, then its chain check. */
export async function replayCommand(args: string[], config: HubConfig): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { 'as-of': { type: 'string' } }, allowPositionals: true, strict: true });
  const [crn] = positionals;
  if (!crn) {
    process.stderr.write('replay needs a CRN, e.g. npm run hub -- replay X123456\n');
    return 64;
  }
  const asOf = values['as-of'] ? new Date(values['as-of']) : undefined;
  if (asOf && Number.isNaN(asOf.getTime())) {
    process.stderr.write(`--as-of must be an ISO-8601 time, got ${values['as-of']}\n`);
    return 64;
  }
  const { store, log } = openStore(config);
  try {
    const timeline = await replayCase(log, crn, { asOf });
    if (timeline.entries.length === 0) {
      process.stderr.write(`No case ${crn}${asOf ? ` at ${asOf.toISOString()}` : ''}\n`);
      return 1;
    }
    for (const entry of timeline.entries) {
      const who = `${entry.actor.id} (${entry.actor.role}${entry.actor.provider ? ` ${entry.actor.provider}` : ''})`;
      const late = entry.lateness ? (entry.lateness.late ? '  LATE' : '  on time') : '';
      const data = JSON.stringify(entry.data);
      process.stdout.write(
        `${String(entry.revision).padStart(4)}  ${entry.occurredAt}  ${entry.type.padEnd(36)} ${who}${late}\n      ${data.length > 160 ? `${data.slice(0, 157)}...` : data}\n`,
      );
    }
    const verification = await log.verifyStream(streamNameFor(crn));
    process.stdout.write(
      verification.valid
        ? `\nChain intact: ${verification.events} events, head ${verification.headHash}\n`
        : `\nCHAIN BROKEN at revision ${verification.firstInvalid?.streamVersion}: ${verification.firstInvalid?.reason}\n`,
    );
    return verification.valid ? 0 : 2;
  } finally {
    await store.close();
  }
}

/** `rebuild-projections`: empties every read model and replays all events into it. Run it with the hub stopped. */
export async function rebuildProjectionsCommand(config: HubConfig): Promise<number> {
  const { store, log } = openStore(config);
  const readModels = new SqliteReadModelStore(join(config.dataDir, 'read-models.sqlite'));
  try {
    const head = (await store.headPosition()) ?? 0;
    for (const projection of PROJECTIONS) await readModels.reset(projection);
    let done = 0;
    const started = Date.now();
    const progress = () => {
      const share = head === 0 ? 1 : done / head;
      const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
      process.stderr.write(`\r  [${bar}] ${done.toLocaleString('en-GB')} / ${head.toLocaleString('en-GB')} events`);
    };
    let batch = [];
    for await (const event of log.iterateAll(undefined, 1000)) {
      batch.push(event);
      if (batch.length === 1000) {
        for (const projection of PROJECTIONS) await readModels.applyBatch(projection, batch);
        done = event.position;
        batch = [];
        progress();
      }
    }
    if (batch.length > 0) for (const projection of PROJECTIONS) await readModels.applyBatch(projection, batch);
    done = head;
    progress();
    process.stderr.write(
      `\nRebuilt ${PROJECTIONS.length} read models from ${head.toLocaleString('en-GB')} events in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  } finally {
    readModels.close();
    await store.close();
  }
}

/** `verify --all [--public-key <pem file>]`: every chain, the running hash and every signed checkpoint. */
export async function verifyAllCommand(args: string[], config: HubConfig): Promise<number> {
  const { values } = parseArgs({ args, options: { all: { type: 'boolean' }, 'public-key': { type: 'string' } }, strict: true });
  if (!values.all) {
    process.stderr.write('Use: npm run hub -- verify --all [--public-key <file>] (one case: npm run hub -- replay <crn>)\n');
    return 64;
  }
  const publicKeyPem = values['public-key']
    ? readFileSync(values['public-key'], 'utf8')
    : SigningKey.loadOrCreate(join(config.dataDir, 'integrity-key.pem')).publicKeyPem;
  const { store, log } = openStore(config);
  try {
    const head = (await store.headPosition()) ?? 0;
    const started = Date.now();
    const journal = new CheckpointJournal(join(config.dataDir, 'integrity-checkpoints.jsonl')).read();
    const result = await verifyWholeStore(log, publicKeyPem, {
      journal,
      onProgress: (events) => {
        const share = head === 0 ? 1 : Math.min(1, events / head);
        process.stderr.write(`\r  [${'#'.repeat(Math.round(share * 30)).padEnd(30, '.')}] ${events.toLocaleString('en-GB')} events`);
      },
    });
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write('\n');
    process.stdout.write(
      `${result.valid ? 'VALID' : 'INVALID'}: ${result.events.toLocaleString('en-GB')} events in ${result.streams.toLocaleString('en-GB')} streams, ` +
        `${result.checkpoints} signed checkpoints, running hash ${result.runningHash} (${seconds.toFixed(1)} s, ${Math.round(result.events / Math.max(seconds, 0.001)).toLocaleString('en-GB')} events/s)\n`,
    );
    for (const problem of result.problems) process.stdout.write(`  - ${JSON.stringify(problem)}\n`);
    return result.valid ? 0 : 2;
  } finally {
    await store.close();
  }
}
