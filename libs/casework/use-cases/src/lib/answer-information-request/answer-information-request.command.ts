import type { Actor } from '@escalation-hub/casework-domain';

/** A provider answers the public service's questions on one of its escalations (over HTTP or Kafka). */
export class AnswerInformationRequestCommand {
  constructor(
    readonly crn: string,
    readonly escalationId: string,
    readonly actor: Actor,
    readonly answer: { readonly answer: string; readonly answeredBy: string },
  ) {}
}

export interface InformationProvidedResult {
  readonly escalationId: string;
  readonly crn: string;
  /** When the public service must now decide: its due time, moved on by the time the provider took. */
  readonly dueAt: string;
  /** Whether the answer came after the time the provider was given. */
  readonly late: boolean;
  /** The case as the provider sees it, counted in its provider events of the case from 0. */
  readonly revision: number | undefined;
  /** False for the same answer sent again: the answer is the original one. */
  readonly created: boolean;
}
