import type { EventStorePort, RecordedEvent, SealedEvent } from '../event-store.port';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../event-store.errors';
import { ChainVerifier } from '../hash-chain/chain-verifier';

/** The target's checkpoint: the source position of the last event copied. */
export const COPY_CHECKPOINT = 'migrate-store';

export interface CopyProgress {
  /** Events copied so far, this run and earlier runs together. */
  readonly copied: number;
  /** Source position reached, and the source's head when the run began. */
  readonly position: number;
  readonly head: number;
}

export interface CopyResult {
  readonly copied: number;
  /** Events copied by earlier, interrupted runs (where this run resumed). */
  readonly resumedAfter: number;
}

export class StoreCopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreCopyError';
  }
}

/**
 * Copies every event of `source` into `target` in `$all` order, exactly as stored: ids, streams,
 * versions, times, data, metadata and hashes (positions are the target's own). Resumable: the
 * target keeps a checkpoint of the source position reached, and re-copying an event the target
 * already has is recognised, so a run cut off anywhere can simply be started again.
 * The source should not be written to meanwhile; a later run copies whatever was added since.
 */
export async function copyEventStore(
  source: EventStorePort,
  target: EventStorePort,
  options: { pageSize?: number; onProgress?: (progress: CopyProgress) => void } = {},
): Promise<CopyResult> {
  const pageSize = options.pageSize ?? 1000;
  let resumeFrom = await target.readCheckpoint(COPY_CHECKPOINT);
  if (resumeFrom === undefined) {
    if ((await target.headPosition()) !== undefined) {
      throw new StoreCopyError('The target already holds events that were not copied by migrate-store: copy into an empty store');
    }
    // Claimed before the first append (0 is before every position), so a run cut off straight away can resume too.
    if (!(await target.compareAndSetCheckpoint(COPY_CHECKPOINT, undefined, 0))) {
      throw new StoreCopyError('Another migrate-store run is copying into the same target');
    }
    resumeFrom = 0;
  }
  const head = (await source.headPosition()) ?? 0;
  const resumedAfter = resumeFrom === 0 ? 0 : await countUpTo(source, resumeFrom, pageSize);
  let copied = resumedAfter;
  let checkpoint: number = resumeFrom;
  for (;;) {
    const page = await source.readAll({ from: checkpoint, maxCount: pageSize });
    if (page.length === 0) break;
    // Consecutive events of one stream go in one append; global order is kept exactly.
    for (let start = 0; start < page.length; ) {
      let end = start + 1;
      while (end < page.length && page[end].streamName === page[start].streamName) end += 1;
      const run = page.slice(start, end);
      await appendCopies(target, run);
      const reached = run[run.length - 1].position;
      if (!(await target.compareAndSetCheckpoint(COPY_CHECKPOINT, checkpoint, reached))) {
        throw new StoreCopyError('Another migrate-store run is copying into the same target');
      }
      checkpoint = reached;
      copied += run.length;
      start = end;
    }
    options.onProgress?.({ copied, position: checkpoint, head });
  }
  return { copied, resumedAfter };
}

/** Appends copies of one stream's consecutive events, skipping any the target already has (a resumed run). */
async function appendCopies(target: EventStorePort, run: readonly RecordedEvent[]): Promise<void> {
  const streamName = run[0].streamName;
  const expected = (events: readonly RecordedEvent[]) =>
    events[0].streamVersion === 0 ? ('no_stream' as const) : events[0].streamVersion - 1;
  try {
    await target.append(streamName, run.map(sealedCopy), expected(run));
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError || error instanceof DuplicateEventIdError)) throw error;
    // Part of the run was copied before an interruption: keep what is there, append the rest.
    const [last] = await target.readStream(streamName, { direction: 'backwards', maxCount: 1 });
    const missing = run.filter((event) => event.streamVersion > (last?.streamVersion ?? -1));
    if (missing.length === run.length) throw error;
    if (missing.length > 0) await target.append(streamName, missing.map(sealedCopy), expected(missing));
  }
}

function sealedCopy(event: RecordedEvent): SealedEvent {
  return {
    id: event.id,
    streamVersion: event.streamVersion,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    hash: event.hash,
    previousHash: event.previousHash,
  };
}

async function countUpTo(store: EventStorePort, position: number, pageSize: number): Promise<number> {
  let count = 0;
  let from: number | undefined;
  for (;;) {
    const page = await store.readAll({ from, maxCount: pageSize });
    const within = page.filter((event) => event.position <= position);
    count += within.length;
    if (within.length < page.length || page.length === 0) return count;
    from = page[page.length - 1].position;
  }
}

export type CopyDifference =
  | { readonly kind: 'EVENT_DIFFERS'; readonly index: number; readonly field: string; readonly source: unknown; readonly target: unknown }
  | { readonly kind: 'EVENT_MISSING'; readonly index: number; readonly eventId: string }
  | { readonly kind: 'EXTRA_EVENT'; readonly index: number; readonly eventId: string }
  | { readonly kind: 'CHAIN_BROKEN'; readonly streamName: string; readonly streamVersion: number; readonly reason: string };

export interface CopyVerification {
  readonly identical: boolean;
  readonly events: number;
  readonly streams: number;
  readonly differences: CopyDifference[];
}

const COMPARED_FIELDS = ['id', 'streamName', 'streamVersion', 'type', 'recordedAt', 'hash', 'previousHash'] as const;

/**
 * Reads both stores' `$all` side by side: the same events in the same order, field for field and
 * hash for hash, and every stream's chain recomputed from the target's own content.
 */
export async function verifyEventStoreCopy(
  source: EventStorePort,
  target: EventStorePort,
  options: { pageSize?: number; onProgress?: (events: number) => void } = {},
): Promise<CopyVerification> {
  const pageSize = options.pageSize ?? 1000;
  const differences: CopyDifference[] = [];
  const report = (difference: CopyDifference) => differences.length < 20 && differences.push(difference);
  const chains = new Map<string, ChainVerifier>();
  const sourceEvents = pages(source, pageSize);
  const targetEvents = pages(target, pageSize);
  let index = 0;
  for (;;) {
    const [fromSource, fromTarget] = await Promise.all([sourceEvents.next(), targetEvents.next()]);
    if (fromSource.done && fromTarget.done) break;
    if (fromTarget.done) report({ kind: 'EVENT_MISSING', index, eventId: (fromSource.value as RecordedEvent).id });
    else if (fromSource.done) report({ kind: 'EXTRA_EVENT', index, eventId: fromTarget.value.id });
    else {
      const [original, copy] = [fromSource.value, fromTarget.value];
      const field = COMPARED_FIELDS.find((name) => original[name] !== copy[name]);
      if (field) report({ kind: 'EVENT_DIFFERS', index, field, source: original[field], target: copy[field] });
      let chain = chains.get(copy.streamName);
      if (!chain) chains.set(copy.streamName, (chain = new ChainVerifier()));
      const wasValid = chain.result().valid;
      chain.check(copy);
      const after = chain.result();
      if (wasValid && after.firstInvalid) {
        report({
          kind: 'CHAIN_BROKEN',
          streamName: copy.streamName,
          streamVersion: after.firstInvalid.streamVersion,
          reason: after.firstInvalid.reason,
        });
      }
    }
    index += 1;
    if (index % 10_000 === 0) options.onProgress?.(index);
  }
  options.onProgress?.(index);
  return { identical: differences.length === 0, events: index, streams: chains.size, differences };
}

async function* pages(store: EventStorePort, pageSize: number): AsyncGenerator<RecordedEvent> {
  let from: number | undefined;
  for (;;) {
    const page = await store.readAll({ from, maxCount: pageSize });
    if (page.length === 0) return;
    yield* page;
    from = page[page.length - 1].position;
  }
}
