import { SentenceInconsistentError, SentenceKindUnknownError } from './case.errors';
import type { OffenceCategory, Sentence, SentenceKind, VictimContact } from './vocabulary';
import { CUSTODIAL_SENTENCE_KINDS, RECORDABLE_SENTENCE_KINDS } from './vocabulary';

/** A sentence as a command gives it: the kind may be left to be read from the words. */
export interface SentenceInput {
  readonly type: string;
  readonly kind?: SentenceKind;
  readonly lengthMonths: number;
  readonly custodialTermMonths?: number | null;
  readonly offenceCategory: OffenceCategory;
  readonly imposedOn?: string | null;
  readonly requirements?: readonly string[];
  readonly licenceConditions?: readonly string[];
}

/**
 * Free-text sentence types, as senders and earlier releases wrote them, read as kinds: the most
 * specific words first ("suspended sentence order" before "sentence", "indeterminate" before
 * "determinate"). Anything else is UNKNOWN, never a guess.
 */
const KIND_BY_WORDS: readonly (readonly [RegExp, SentenceKind])[] = [
  [/\bhospital order\b.*\brestrict|\brestrict\w*.*\bhospital order\b/i, 'RESTRICTED_HOSPITAL_ORDER'],
  [/\bpost[- ]?sentence supervision\b|\bPSS\b/, 'POST_SENTENCE_SUPERVISION'],
  [/\bsuspended\b|\bSSO\b/i, 'SUSPENDED_SENTENCE_ORDER'],
  [/\bextended (determinate )?sentence\b|\bEDS\b/i, 'EXTENDED_DETERMINATE'],
  [/\blife\b|\bIPP\b|\bindeterminate\b|\bimprisonment for public protection\b/i, 'INDETERMINATE'],
  [/\bcommunity (order|sentence)\b/i, 'COMMUNITY_ORDER'],
  // Released on licence, with no word for an extended or indeterminate sentence: a determinate one.
  [/\bcustod(y|ial)\b|\bimprisonment\b|\bprison\b|\bdeterminate\b|\bdetention\b|\blicen[cs]e\b/i, 'DETERMINATE_CUSTODY'],
];

/** The kind a sentence's words name: a kind's own code (any case, spaces or dashes), recognised words, or UNKNOWN. */
export function sentenceKindOf(type: string): SentenceKind {
  const code = type
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  const named = RECORDABLE_SENTENCE_KINDS.find((kind) => kind === code);
  return named ?? KIND_BY_WORDS.find(([words]) => words.test(type))?.[1] ?? 'UNKNOWN';
}

/** A sentence kind in words, for messages and reasons ("a community order"). */
export function sentenceKindWords(kind: SentenceKind): string {
  return KIND_WORDS[kind];
}

const KIND_WORDS: Readonly<Record<SentenceKind, string>> = {
  COMMUNITY_ORDER: 'a community order',
  SUSPENDED_SENTENCE_ORDER: 'a suspended sentence order',
  DETERMINATE_CUSTODY: 'a determinate sentence of imprisonment',
  EXTENDED_DETERMINATE: 'an extended determinate sentence',
  INDETERMINATE: 'an indeterminate sentence (life or IPP)',
  POST_SENTENCE_SUPERVISION: 'post-sentence supervision',
  RESTRICTED_HOSPITAL_ORDER: 'a hospital order with a restriction order',
  UNKNOWN: 'a sentence of unrecorded kind',
};

/** Whether requirements (orders) or licence conditions (custody, post-sentence supervision) belong to a kind. */
const HAS_REQUIREMENTS: readonly SentenceKind[] = ['COMMUNITY_ORDER', 'SUSPENDED_SENTENCE_ORDER'];
const HAS_LICENCE: readonly SentenceKind[] = [...CUSTODIAL_SENTENCE_KINDS, 'POST_SENTENCE_SUPERVISION'];

/**
 * The sentence to record: its kind given or read from its words, every field explicit, and the facts
 * checked against the kind (a custodial term only for custody, requirements only for orders, licence
 * conditions only for licences).
 */
export function sentenceFrom(input: SentenceInput): Sentence {
  const kind = input.kind ?? sentenceKindOf(input.type);
  const sentence: Sentence = {
    type: input.type,
    kind,
    lengthMonths: input.lengthMonths,
    custodialTermMonths: input.custodialTermMonths ?? null,
    offenceCategory: input.offenceCategory,
    imposedOn: input.imposedOn ?? null,
    requirements: [...(input.requirements ?? [])],
    licenceConditions: [...(input.licenceConditions ?? [])],
  };
  if (kind === 'UNKNOWN') return sentence;
  // Post-sentence supervision follows a custodial sentence (under two years): its term is that sentence's.
  if (sentence.custodialTermMonths !== null && !CUSTODIAL_SENTENCE_KINDS.includes(kind) && kind !== 'POST_SENTENCE_SUPERVISION')
    throw new SentenceInconsistentError(`${KIND_WORDS[kind]} has no custodial term`);
  if (
    sentence.custodialTermMonths !== null &&
    CUSTODIAL_SENTENCE_KINDS.includes(kind) &&
    kind !== 'INDETERMINATE' &&
    sentence.custodialTermMonths > sentence.lengthMonths
  )
    throw new SentenceInconsistentError(
      `a custodial term of ${sentence.custodialTermMonths} months is longer than the ${sentence.lengthMonths}-month sentence`,
    );
  if (sentence.requirements.length > 0 && !HAS_REQUIREMENTS.includes(kind))
    throw new SentenceInconsistentError(`${KIND_WORDS[kind]} has licence conditions, not requirements`);
  if (sentence.licenceConditions.length > 0 && !HAS_LICENCE.includes(kind))
    throw new SentenceInconsistentError(`${KIND_WORDS[kind]} has requirements, not licence conditions`);
  return sentence;
}

const S35 = 'Domestic Violence, Crime and Victims Act 2004 s.35 and the Victims’ Code';
const S36 = 'Domestic Violence, Crime and Victims Act 2004 s.36 and the Victims’ Code';

/**
 * Statutory victim contact (docs/casework.md, "Victim contact"): a sentence of imprisonment of 12
 * months or more for a violent or sexual offence (s.35), or a hospital order with a restriction
 * order for one (s.36); post-sentence supervision by the custodial sentence it follows. Community
 * orders and suspended sentence orders are not eligible. The basis names the rule that decided it. (Victim liaison may still offer
 * contact at its discretion; that is not recorded here.)
 */
export function victimContactOf(sentence: Sentence): VictimContact {
  if (sentence.kind === 'UNKNOWN') throw new SentenceKindUnknownError(sentence.type, 'deciding statutory victim contact');
  const kind = KIND_WORDS[sentence.kind];
  if (sentence.offenceCategory === 'OTHER') return { eligible: false, basis: `Not a violent or sexual offence: outside ${S35}` };
  const offence = `a ${sentence.offenceCategory.toLowerCase()} offence`;
  if (sentence.kind === 'RESTRICTED_HOSPITAL_ORDER') return { eligible: true, basis: `${capitalise(kind)} for ${offence}: ${S36}` };
  if (sentence.kind === 'POST_SENTENCE_SUPERVISION') {
    // Supervision after a short custodial sentence: the sentence of imprisonment it follows decides.
    const term = sentence.custodialTermMonths;
    if (term === null)
      throw new SentenceInconsistentError('post-sentence supervision needs the custodial term it follows (custodialTermMonths)');
    return term >= 12
      ? {
          eligible: true,
          basis: `Post-sentence supervision after imprisonment for ${term} months (12 months or more) for ${offence}: ${S35}`,
        }
      : {
          eligible: false,
          basis: `Post-sentence supervision after imprisonment for ${term} months, less than the 12 months ${S35} requires`,
        };
  }
  if (!CUSTODIAL_SENTENCE_KINDS.includes(sentence.kind))
    return { eligible: false, basis: `${capitalise(kind)} is not a sentence of imprisonment: outside ${S35}` };
  if (sentence.kind === 'INDETERMINATE') return { eligible: true, basis: `${capitalise(kind)} for ${offence}: ${S35}` };
  const term = sentence.custodialTermMonths ?? sentence.lengthMonths;
  return term >= 12
    ? { eligible: true, basis: `Imprisonment for ${term} months (12 months or more) for ${offence}: ${S35}` }
    : { eligible: false, basis: `Imprisonment for ${term} months, less than the 12 months ${S35} requires` };
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
