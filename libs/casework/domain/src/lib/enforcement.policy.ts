import { BreachOutcomeNotAllowedError, CourtStageOutOfOrderError, SentenceKindUnknownError, WarningAlreadyGivenError } from './case.errors';
import type { CourtStageRecord, FailureToComply, Warning } from './case.state';
import { capitalise, sentenceKindWords } from './sentence.policy';
import type { BreachOutcome, CourtOutcome, CourtStage, Sentence } from './vocabulary';
import { COURT_ENFORCED_SENTENCE_KINDS, CUSTODIAL_SENTENCE_KINDS, ORDER_SENTENCE_KINDS } from './vocabulary';

/** Whether `later` (YYYY-MM-DD) is within 12 months after `earlier` (the same day of the month a year on, at most). */
export function withinTwelveMonths(earlier: string, later: string): boolean {
  const [year, month, day] = earlier.split('-').map(Number);
  const yearOn = `${String(year + 1).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return later >= earlier && later <= yearOn;
}

/**
 * A formal warning on an order: one in 12 months (national standards for orders, in the domain brief: "one
 * formal warning in 12 months; a second unacceptable failure within 12 months of a warning leads to breach
 * proceedings unless there are exceptional reasons"). Licences and supervision take warnings as the provider
 * sees fit.
 */
export function assertWarningAllowed(sentence: Sentence, warnings: readonly Warning[], issuedOn: string): void {
  if (!ORDER_SENTENCE_KINDS.includes(sentence.kind)) return;
  // Either side: a warning backdated before one already given counts too.
  const near = warnings.find((warning) => withinTwelveMonths(warning.issuedOn, issuedOn) || withinTwelveMonths(issuedOn, warning.issuedOn));
  if (near) throw new WarningAlreadyGivenError(near.issuedOn);
}

/**
 * The warning an unacceptable failure on an order comes within 12 months of, making breach proceedings due;
 * undefined when none does (or the sentence is not an order, or the failure was acceptable).
 */
export function warningBreachedBy(
  sentence: Sentence,
  warnings: readonly Warning[],
  failure: Pick<FailureToComply, 'date' | 'acceptable'>,
): Warning | undefined {
  if (failure.acceptable || !ORDER_SENTENCE_KINDS.includes(sentence.kind)) return undefined;
  return [...warnings].reverse().find((warning) => warning.issuedOn < failure.date && withinTwelveMonths(warning.issuedOn, failure.date));
}

/**
 * The outcomes a breach may have, by sentence (domain brief, "Sentences and what follows from them"): orders
 * and post-sentence supervision go back to court, licences to recall. No further action and a warning fit any.
 */
export function assertBreachOutcomeAllowed(sentence: Sentence, outcome: BreachOutcome): void {
  if (outcome === 'NO_FURTHER_ACTION' || outcome === 'WARNING') return;
  if (sentence.kind === 'UNKNOWN') throw new SentenceKindUnknownError(sentence.type, `deciding a breach as ${outcome}`);
  if (outcome === 'RETURN_TO_COURT' && !COURT_ENFORCED_SENTENCE_KINDS.includes(sentence.kind))
    throw new BreachOutcomeNotAllowedError(
      `${capitalise(sentenceKindWords(sentence.kind))} is enforced by recall, not by a return to court: decide RECALL (or no further action, or a warning)`,
    );
  if (outcome === 'RECALL' && !CUSTODIAL_SENTENCE_KINDS.includes(sentence.kind))
    throw new BreachOutcomeNotAllowedError(
      `${capitalise(sentenceKindWords(sentence.kind))} is enforced by a return to court, not by recall: decide RETURN_TO_COURT (or no further action, or a warning)`,
    );
}

/** Court stages in order: laid, listed, then the outcome, which says what the court did; nothing after it. */
export function assertCourtStageMayFollow(
  recorded: readonly CourtStageRecord[],
  stage: CourtStage,
  outcome: CourtOutcome | null | undefined,
): void {
  const next: CourtStage | undefined = (['LAID', 'LISTED', 'OUTCOME'] as const)[recorded.length];
  if (stage !== next)
    throw new CourtStageOutOfOrderError(
      next ? `The next stage at court is ${next}, not ${stage}` : 'The court has decided this breach: nothing more follows',
    );
  if (stage === 'OUTCOME' && !outcome) throw new CourtStageOutOfOrderError('The OUTCOME stage says what the court did (outcome)');
  if (stage !== 'OUTCOME' && outcome) throw new CourtStageOutOfOrderError(`The court's outcome comes with the OUTCOME stage, not ${stage}`);
}
