import { SentenceInconsistentError, SentenceKindUnknownError } from './case.errors';
import type { RecordSentence } from './case.commands';
import { SentenceInput, sentenceFrom, sentenceKindOf } from './sentence.policy';
import type { Sentence } from './vocabulary';
import { allocateCommand, caseAllocated, given, history, recordSentence } from '../testing';

const sentence = (input: Partial<SentenceInput> & Pick<SentenceInput, 'type'>): SentenceInput => ({
  lengthMonths: 24,
  offenceCategory: 'VIOLENT',
  ...input,
});

/** A new sentence on the default case, exactly as given (none of the builder's defaults). */
const recordSentenceAs = (input: SentenceInput): RecordSentence => ({ ...recordSentence(), payload: { sentence: input } });

/** Both commands that take a sentence, each with the case it meets: allocating a new case, and a new sentence on one. */
const sentencing = (input: SentenceInput) => [
  given().when(allocateCommand({ sentence: input })),
  given(...history(allocateCommand())).when(recordSentenceAs(input)),
];

/** The default case allocated on this sentence, recorded as given and with this victim contact. */
const allocatedOn = (recorded: Sentence, victimContactEligible: boolean, victimContactBasis: string) =>
  caseAllocated({ sentence: recorded, victimContactEligible, victimContactBasis });

const S35 = 'Domestic Violence, Crime and Victims Act 2004 s.35 and the Victims’ Code';
const S36 = 'Domestic Violence, Crime and Victims Act 2004 s.36 and the Victims’ Code';
const inconsistent = (detail: string) => (error: SentenceInconsistentError) =>
  expect(error.message).toBe(`The sentence does not hold together: ${detail}`);

/** How senders name sentences, read as kinds: a table of words, so the reading itself is the subject here. */
describe('sentenceKindOf', () => {
  it.each([
    ['COMMUNITY_ORDER', 'COMMUNITY_ORDER'],
    ['community order', 'COMMUNITY_ORDER'],
    ['Community Order', 'COMMUNITY_ORDER'],
    ['Community Order with unpaid work', 'COMMUNITY_ORDER'],
    ['Suspended Sentence Order', 'SUSPENDED_SENTENCE_ORDER'],
    ['SSO', 'SUSPENDED_SENTENCE_ORDER'],
    ['Suspended sentence of imprisonment', 'SUSPENDED_SENTENCE_ORDER'],
    ['Custody', 'DETERMINATE_CUSTODY'],
    ['Imprisonment', 'DETERMINATE_CUSTODY'],
    ['Determinate custodial sentence', 'DETERMINATE_CUSTODY'],
    ['Detention in a young offender institution', 'DETERMINATE_CUSTODY'],
    ['Licence', 'DETERMINATE_CUSTODY'],
    ['Extended determinate sentence', 'EXTENDED_DETERMINATE'],
    ['EDS', 'EXTENDED_DETERMINATE'],
    ['Life', 'INDETERMINATE'],
    ['Life licence', 'INDETERMINATE'],
    ['IPP', 'INDETERMINATE'],
    ['Indeterminate sentence', 'INDETERMINATE'],
    ['Post-sentence supervision', 'POST_SENTENCE_SUPERVISION'],
    ['PSS', 'POST_SENTENCE_SUPERVISION'],
    ['Hospital order with restriction order', 'RESTRICTED_HOSPITAL_ORDER'],
    ['Restricted hospital order', 'RESTRICTED_HOSPITAL_ORDER'],
    ['Fine', 'UNKNOWN'],
    ['Conditional discharge', 'UNKNOWN'],
    ['Order', 'UNKNOWN'],
    ['UNKNOWN', 'UNKNOWN'],
  ])('reads %j as %s', (type, kind) => {
    expect(sentenceKindOf(type)).toBe(kind);
  });
});

/** The sentence as a command gives it, checked against its kind and recorded with every field. */
describe('recording a sentence', () => {
  it('takes the kind given over the words, and records every field', () => {
    given()
      .when(
        allocateCommand({
          sentence: sentence({
            type: 'Twelve months inside',
            kind: 'DETERMINATE_CUSTODY',
            custodialTermMonths: 12,
            licenceConditions: ['Not to contact the victim'],
          }),
        }),
      )
      .then(
        allocatedOn(
          {
            type: 'Twelve months inside',
            kind: 'DETERMINATE_CUSTODY',
            lengthMonths: 24,
            custodialTermMonths: 12,
            offenceCategory: 'VIOLENT',
            imposedOn: null,
            requirements: [],
            licenceConditions: ['Not to contact the victim'],
          },
          true,
          `Imprisonment for 12 months (12 months or more) for a violent offence: ${S35}`,
        ),
      );
  });

  it.each([
    [{ type: 'Community Order', custodialTermMonths: 6 }, 'a community order has no custodial term'],
    [{ type: 'Community Order', licenceConditions: ['Curfew'] }, 'a community order has requirements, not licence conditions'],
    [{ type: 'Custody', requirements: ['Unpaid work'] }, 'a determinate sentence of imprisonment has licence conditions, not requirements'],
    [{ type: 'Custody', custodialTermMonths: 30 }, 'a custodial term of 30 months is longer than the 24-month sentence'],
  ])('refuses facts that contradict the kind: %j', (input, detail) => {
    for (const outcome of sentencing(sentence(input))) outcome.thenThrows(SentenceInconsistentError, inconsistent(detail));
  });

  it('takes any custodial term for an indeterminate sentence, whose length is its minimum term', () => {
    given()
      .when(allocateCommand({ sentence: sentence({ type: 'Life', lengthMonths: 120, custodialTermMonths: 240 }) }))
      .then(
        allocatedOn(
          {
            type: 'Life',
            kind: 'INDETERMINATE',
            lengthMonths: 120,
            custodialTermMonths: 240,
            offenceCategory: 'VIOLENT',
            imposedOn: null,
            requirements: [],
            licenceConditions: [],
          },
          true,
          `An indeterminate sentence (life or IPP) for a violent offence: ${S35}`,
        ),
      );
  });
});

/** Domestic Violence, Crime and Victims Act 2004 ss.35–36 and the Victims' Code. */
describe('victim contact', () => {
  it.each([
    // Custody of 12 months or more for a violent or sexual offence: eligible (the 2013 briefing's "over 12 months" is a paraphrase).
    [{ type: 'Custody', lengthMonths: 12 }, true, `Imprisonment for 12 months (12 months or more) for a violent offence: ${S35}`],
    [
      { type: 'Custody', lengthMonths: 30, custodialTermMonths: 14, offenceCategory: 'SEXUAL' },
      true,
      `Imprisonment for 14 months (12 months or more) for a sexual offence: ${S35}`,
    ],
    [{ type: 'Custody', lengthMonths: 11 }, false, `Imprisonment for 11 months, less than the 12 months ${S35} requires`],
    [
      { type: 'Extended determinate sentence', lengthMonths: 96, custodialTermMonths: 60 },
      true,
      `Imprisonment for 60 months (12 months or more) for a violent offence: ${S35}`,
    ],
    [{ type: 'Life', lengthMonths: 180 }, true, `An indeterminate sentence (life or IPP) for a violent offence: ${S35}`],
    [
      { type: 'Restricted hospital order', lengthMonths: 0 },
      true,
      `A hospital order with a restriction order for a violent offence: ${S36}`,
    ],
    // Orders are not sentences of imprisonment, however long and whatever the offence.
    [{ type: 'Community Order', lengthMonths: 36 }, false, `A community order is not a sentence of imprisonment: outside ${S35}`],
    [
      { type: 'Suspended Sentence Order', lengthMonths: 24, offenceCategory: 'SEXUAL' },
      false,
      `A suspended sentence order is not a sentence of imprisonment: outside ${S35}`,
    ],
    // Post-sentence supervision: the custodial sentence it follows decides.
    [
      { type: 'Post-sentence supervision', lengthMonths: 12, custodialTermMonths: 18 },
      true,
      `Post-sentence supervision after imprisonment for 18 months (12 months or more) for a violent offence: ${S35}`,
    ],
    [
      { type: 'Post-sentence supervision', lengthMonths: 12, custodialTermMonths: 6 },
      false,
      `Post-sentence supervision after imprisonment for 6 months, less than the 12 months ${S35} requires`,
    ],
    [{ type: 'Custody', lengthMonths: 48, offenceCategory: 'OTHER' }, false, `Not a violent or sexual offence: outside ${S35}`],
  ] as const)('%j: eligible %s', (input, eligible, basis) => {
    // The sentence as recorded is the subject of 'recording a sentence' above; here, the victim contact recorded with it.
    given()
      .when(allocateCommand({ sentence: sentence(input) }))
      .then(allocatedOn(sentenceFrom(sentence(input)), eligible, basis));
  });

  it('needs the custodial term post-sentence supervision follows', () => {
    for (const outcome of sentencing(sentence({ type: 'PSS', lengthMonths: 12 })))
      outcome.thenThrows(
        SentenceInconsistentError,
        inconsistent('post-sentence supervision needs the custodial term it follows (custodialTermMonths)'),
      );
  });

  it('cannot decide for a sentence of unknown kind, and says what to do', () => {
    for (const outcome of sentencing(sentence({ type: 'Fine' })))
      outcome.thenThrows(SentenceKindUnknownError, (error) =>
        expect(error.message).toBe(
          'The sentence "Fine" has no recorded kind, which deciding statutory victim contact needs: record the sentence again with its kind',
        ),
      );
  });
});
