import {
  HappenedAtOutOfRangeError,
  RecallNotAvailableError,
  RecallStepOutOfOrderError,
  RecallTypeNotAllowedError,
  SentenceKindUnknownError,
} from './case.errors';
import { sentenceKindWords } from './sentence.policy';
import type { FixedTermExclusion, MappaStatus, RecallStep, RecallType, Sentence } from './vocabulary';
import { CUSTODIAL_SENTENCE_KINDS } from './vocabulary';

/** Why a recall is standard rather than fixed-term, as recorded with the advice. */
export interface FixedTermExclusionRecord {
  readonly reason: FixedTermExclusion;
  readonly details: string | null;
}

/**
 * The recall the sentence allows, and the exclusion from fixed-term recall to record with it
 * (docs/casework.md, "Recall"; domain brief, "Sentences and what follows from them"):
 * - only a sentence served on licence can be recalled; orders and post-sentence supervision go to court;
 * - extended and indeterminate sentences: standard recall only (the hub records why);
 * - a standard determinate sentence: fixed-term is the norm, so a standard recall names the exclusion
 *   that rules fixed-term out (MAPPA level 2 or 3 is checked against the case, and recorded by the hub
 *   when not given; the others need details), and a fixed-term recall is refused at MAPPA level 2 or 3.
 */
export function fixedTermExclusionFor(
  sentence: Sentence,
  mappa: MappaStatus | null,
  recallType: RecallType,
  given: { reason: FixedTermExclusion; details?: string | null } | null | undefined,
): FixedTermExclusionRecord | null {
  if (sentence.kind === 'UNKNOWN') throw new SentenceKindUnknownError(sentence.type, 'deciding whether recall is available');
  if (!CUSTODIAL_SENTENCE_KINDS.includes(sentence.kind)) throw new RecallNotAvailableError(sentenceKindWords(sentence.kind));
  if (sentence.kind === 'EXTENDED_DETERMINATE' || sentence.kind === 'INDETERMINATE') {
    if (recallType !== 'STANDARD')
      throw new RecallTypeNotAllowedError(`A recall from ${sentenceKindWords(sentence.kind)} is a standard recall only`);
    return { reason: 'EXTENDED_OR_INDETERMINATE_SENTENCE', details: null };
  }
  const mappaLevel2Or3 = mappa !== null && mappa.level >= 2;
  if (recallType === 'FIXED_TERM') {
    if (mappaLevel2Or3)
      throw new RecallTypeNotAllowedError(
        `The case is managed at MAPPA level ${mappa.level}, which excludes a fixed-term recall: recall it on a standard recall`,
      );
    if (given) throw new RecallTypeNotAllowedError('An exclusion from fixed-term recall goes with a standard recall, not a fixed-term one');
    return null;
  }
  if (!given) {
    if (mappaLevel2Or3) return { reason: 'MAPPA_LEVEL_2_OR_3', details: null };
    throw new RecallTypeNotAllowedError(
      'Fixed-term recall is the norm for a standard determinate sentence: a standard recall names the exclusion that rules it out (fixedTermExclusion)',
    );
  }
  const details = given.details?.trim() || null;
  switch (given.reason) {
    case 'EXTENDED_OR_INDETERMINATE_SENTENCE':
      throw new RecallTypeNotAllowedError(
        `The case's sentence is ${sentenceKindWords(sentence.kind)}, not an extended or indeterminate one`,
      );
    case 'MAPPA_LEVEL_2_OR_3':
      if (!mappaLevel2Or3)
        throw new RecallTypeNotAllowedError(
          mappa ? `The case is managed at MAPPA level ${mappa.level}, not 2 or 3` : 'The case is not managed under MAPPA',
        );
      return { reason: given.reason, details };
    case 'CHARGED_WITH_FURTHER_OFFENCE':
    case 'RISK_OF_SERIOUS_HARM':
    case 'OTHER':
      if (!details) throw new RecallTypeNotAllowedError(`The exclusion ${given.reason} needs its details in words`);
      return { reason: given.reason, details };
  }
}

/** The steps that may follow the last one recorded: PPCS, revocation, then custody (perhaps after being at large). */
const NEXT_STEPS: Readonly<Record<RecallStep | 'ISSUED', readonly RecallStep[]>> = {
  ISSUED: ['SENT_TO_PPCS'],
  SENT_TO_PPCS: ['LICENCE_REVOKED'],
  LICENCE_REVOKED: ['UNLAWFULLY_AT_LARGE', 'RETURNED_TO_CUSTODY'],
  UNLAWFULLY_AT_LARGE: ['RETURNED_TO_CUSTODY'],
  RETURNED_TO_CUSTODY: [],
};

/**
 * Checks that `step`, which happened at `happenedAt`, may follow what is recorded (`last`, or the issue
 * itself at `lastAt`), is not in the future, and not before the minute of what it follows.
 */
export function assertRecallStepMayFollow(
  last: RecallStep | 'ISSUED',
  lastAt: string,
  step: RecallStep,
  happenedAt: Date,
  now: Date,
): void {
  const allowed = NEXT_STEPS[last];
  if (!allowed.includes(step))
    throw new RecallStepOutOfOrderError(
      allowed.length === 0
        ? 'The person is back in custody: nothing more follows this recall'
        : `After ${last === 'ISSUED' ? 'the issue' : last} comes ${allowed.join(' or ')}, not ${step}`,
    );
  if (happenedAt > now) throw new HappenedAtOutOfRangeError(`happenedAt ${happenedAt.toISOString()} is in the future`);
  // People give times to the minute: a step in the same minute as what it follows is not before it.
  if (happenedAt.getTime() < Math.floor(Date.parse(lastAt) / 60_000) * 60_000)
    throw new HappenedAtOutOfRangeError(`happenedAt ${happenedAt.toISOString()} is before what it follows (${lastAt})`);
}
