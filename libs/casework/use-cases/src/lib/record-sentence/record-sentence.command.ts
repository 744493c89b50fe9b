import type { Actor, SentenceInput } from '@escalation-hub/casework-domain';

/** A new sentence on a known case: recorded, then a new allocation assessment of the case. */
export class RecordSentenceCommand {
  constructor(
    readonly crn: string,
    readonly actor: Actor,
    readonly sentence: SentenceInput,
  ) {}
}
