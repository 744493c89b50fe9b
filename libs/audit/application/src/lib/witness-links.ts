import { EventLog } from '@escalation-hub/event-store';
import { IntegrityProblem } from './integrity-problems';
import { appendCosignature, RecordedCosignature, SignedTreeHead } from './store-integrity';
import { Hash } from './transparency/merkle';
import { NoteVerifier, parseCheckpointText, parseNote, verifiedCosignature } from './transparency/signed-note';
import type { VerifiableLog } from './verifiable-log';
import { IntegrityCompromisedError } from './verifiable-log';
import { addCheckpointBody } from './witness';

/** How the hub reaches a witness over HTTP (a test may answer instead). */
export type WitnessTransport = (request: { url: string; method: 'GET' | 'POST'; body?: string }) => Promise<{ status: number; body: string }>;

const httpTransport =
  (timeoutMs: number): WitnessTransport =>
  async ({ url, method, body }) => {
    const response = await fetch(url, { method, body, headers: body ? { 'content-type': 'text/plain' } : {}, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text() };
  };

export interface WitnessLinkStatus {
  readonly url: string;
  /** The tree size this witness last said it holds. */
  readonly holds?: number;
  /** Why the last exchange with it failed (unreachable, refused our request): it is retried at the next checkpoint. */
  readonly lastError?: string;
}

/**
 * The witnesses the hub pushes its checkpoints to (HUB_WITNESS_URLS), as c2sp.org/tlog-witness says,
 * and asks for the newest checkpoint they hold (GET /checkpoint). At start and before each signature
 * the hub checks its tree against what each witness holds: a witness holding a tree larger than the
 * store, or a root the tree no longer gives, means history was rolled back or rewritten, and the log
 * becomes compromised. A witness that cannot be reached holds nothing up; it is retried and shown in
 * health.
 */
interface Link {
  holds?: number;
  lastError?: string;
  /** Set when the witness did not answer: it is left alone until then. */
  unreachableUntil?: number;
}

/** How long a witness that did not answer is left alone before it is asked again. */
const RETRY_AFTER_MS = 30_000;

export class WitnessLinks {
  private readonly links: Map<string, Link>;
  private readonly transport: WitnessTransport;

  constructor(
    private readonly log: EventLog,
    private readonly verifiable: VerifiableLog,
    urls: readonly string[],
    /** HUB_WITNESS_KEYS: a witness's answers count only when one of these cosigned them. */
    private readonly keys: readonly NoteVerifier[],
    options: { transport?: WitnessTransport; timeoutMs?: number } = {},
  ) {
    this.links = new Map(urls.map((url) => [url.replace(/\/+$/, ''), {}]));
    this.transport = options.transport ?? httpTransport(options.timeoutMs ?? 2_000);
  }

  status(): WitnessLinkStatus[] {
    return [...this.links].map(([url, { holds, lastError }]) => ({
      url,
      ...(holds === undefined ? {} : { holds }),
      ...(lastError === undefined ? {} : { lastError }),
    }));
  }

  /** Checks the tree against the newest checkpoint each witness holds; throws once the log is compromised. */
  async check(): Promise<void> {
    await Promise.all([...this.links.keys()].map((url) => this.checkOne(url)));
    this.verifiable.assertIntact();
  }

  /** Hands a new signed head to every witness, with a consistency proof from what each holds, and records their cosignatures. */
  async push(head: SignedTreeHead): Promise<void> {
    await Promise.all([...this.links.keys()].map((url) => this.pushOne(url, head)));
  }

  private async checkOne(url: string): Promise<void> {
    const link = this.links.get(url) as Link;
    // A witness that did not answer is asked again only after a while: signing is not held up waiting for it.
    if (link.unreachableUntil !== undefined && Date.now() < link.unreachableUntil) return;
    try {
      const answer = await this.transport({ url: `${url}/checkpoint`, method: 'GET' });
      link.unreachableUntil = undefined;
      if (answer.status === 404) return void (link.lastError = undefined); // it holds nothing yet
      if (answer.status !== 200) throw new Error(`GET /checkpoint answered ${answer.status}: ${answer.body.trim()}`);
      const note = parseNote(answer.body);
      const checkpoint = parseCheckpointText(note.text);
      const rootHash = checkpoint.rootHash.toString('hex');
      const held = { origin: checkpoint.origin, treeSize: checkpoint.size, rootHash, note: answer.body };
      if (!this.keys.some((key) => verifiedCosignature(note, key))) throw new Error('its checkpoint carries no cosignature from a key in HUB_WITNESS_KEYS');
      // Only a checkpoint this hub's key signed says anything about its history.
      if (!this.verifiable.trustedKeys.checkpointOf(held)) throw new Error("its checkpoint is not signed by this hub's key");
      link.holds = checkpoint.size;
      link.lastError = undefined;
      // This process follows the store a moment behind (another process may have signed what the witness holds).
      if (checkpoint.size > this.verifiable.size) await this.verifiable.catchUp();
      if (checkpoint.size > this.verifiable.size) return this.compromise({ code: 'WITNESS_AHEAD', witness: url, witnessSize: checkpoint.size, treeSize: this.verifiable.size });
      const computed = this.verifiable.root(checkpoint.size).toString('hex');
      if (computed !== rootHash) this.compromise({ code: 'CHECKPOINT_MISMATCH', treeSize: checkpoint.size, source: 'witness', signed: rootHash, computed });
    } catch (error) {
      if (error instanceof IntegrityCompromisedError) throw error;
      this.failed(link, error);
    }
  }

  private failed(link: Link, error: unknown): void {
    link.lastError = error instanceof Error ? error.message : String(error);
    link.unreachableUntil = Date.now() + RETRY_AFTER_MS;
  }

  private async pushOne(url: string, head: SignedTreeHead): Promise<void> {
    const link = this.links.get(url) as Link;
    if (link.unreachableUntil !== undefined && Date.now() < link.unreachableUntil) return;
    try {
      // The witness says what it holds when we guess wrong (409): one more try, proving from there.
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const old = link.holds ?? 0;
        if (old > head.treeSize) return; // it holds a later head already (checked by check())
        const proof: Hash[] = old === 0 || old === head.treeSize ? [] : this.verifiable.consistencyProof(old, head.treeSize);
        const answer = await this.transport({ url: `${url}/add-checkpoint`, method: 'POST', body: addCheckpointBody(old, proof, head.note) });
        if (answer.status === 409) {
          const holds = Number(answer.body.trim());
          if (!Number.isSafeInteger(holds) || holds < 0) throw new Error(`add-checkpoint answered 409 without a size: ${answer.body.trim()}`);
          // A size alone is no evidence: only the checkpoint the witness holds, signed by this hub's key, can show a rollback.
          if (holds > head.treeSize) return void (await this.checkOne(url));
          link.holds = holds;
          continue;
        }
        if (answer.status === 422) {
          // A witness's word is no evidence: what it holds, signed by this hub's key, is (checkOne).
          link.lastError = `add-checkpoint refused the checkpoint of ${head.treeSize} leaves: ${answer.body.trim()}`;
          const refusal = link.lastError;
          await this.checkOne(url);
          link.lastError ??= refusal;
          return;
        }
        if (answer.status !== 200) throw new Error(`add-checkpoint answered ${answer.status}: ${answer.body.trim()}`);
        await this.record(url, head, answer.body);
        link.holds = head.treeSize;
        link.lastError = undefined;
        link.unreachableUntil = undefined;
        return;
      }
      throw new Error('the witness kept answering 409');
    } catch (error) {
      if (error instanceof IntegrityCompromisedError) throw error;
      this.failed(link, error);
    }
  }

  /** Keeps the cosignature a witness answered, if it verifies with a key in HUB_WITNESS_KEYS. */
  private async record(url: string, head: SignedTreeHead, lines: string): Promise<void> {
    const note = parseNote(`${head.note}${lines}`);
    for (const key of this.keys) {
      const found = verifiedCosignature(note, key);
      if (!found) continue;
      const recorded: RecordedCosignature = {
        origin: head.origin,
        treeSize: head.treeSize,
        rootHash: head.rootHash,
        witnessKey: key.vkey,
        line: found.line,
        timestamp: found.timestamp,
      };
      await appendCosignature(this.log, recorded, key.name);
      return;
    }
    throw new Error(`${url} answered no cosignature from a key in HUB_WITNESS_KEYS`);
  }

  private compromise(problem: IntegrityProblem): never {
    this.verifiable.markCompromised(problem);
    throw new IntegrityCompromisedError(this.verifiable.problems);
  }
}
