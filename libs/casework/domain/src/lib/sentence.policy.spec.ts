import { SentenceInconsistentError, SentenceKindUnknownError } from './case.errors';
import { sentenceFrom, SentenceInput, sentenceKindOf, victimContactOf } from './sentence.policy';

const sentence = (input: Partial<SentenceInput> & Pick<SentenceInput, 'type'>) =>
  sentenceFrom({ lengthMonths: 24, offenceCategory: 'VIOLENT', ...input });

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

describe('sentenceFrom', () => {
  it('takes the kind given over the words, and records every field', () => {
    expect(
      sentence({
        type: 'Twelve months inside',
        kind: 'DETERMINATE_CUSTODY',
        custodialTermMonths: 12,
        licenceConditions: ['Not to contact the victim'],
      }),
    ).toEqual({
      type: 'Twelve months inside',
      kind: 'DETERMINATE_CUSTODY',
      lengthMonths: 24,
      custodialTermMonths: 12,
      offenceCategory: 'VIOLENT',
      imposedOn: null,
      requirements: [],
      licenceConditions: ['Not to contact the victim'],
    });
  });

  it('refuses facts that contradict the kind', () => {
    expect(() => sentence({ type: 'Community Order', custodialTermMonths: 6 })).toThrow(SentenceInconsistentError);
    expect(() => sentence({ type: 'Community Order', licenceConditions: ['Curfew'] })).toThrow(SentenceInconsistentError);
    expect(() => sentence({ type: 'Custody', requirements: ['Unpaid work'] })).toThrow(SentenceInconsistentError);
    expect(() => sentence({ type: 'Custody', custodialTermMonths: 30 })).toThrow(SentenceInconsistentError);
    // An indeterminate sentence's length is its minimum term: the custodial term may be anything.
    expect(sentence({ type: 'Life', lengthMonths: 120, custodialTermMonths: 240 }).custodialTermMonths).toBe(240);
  });
});

/** Domestic Violence, Crime and Victims Act 2004 ss.35–36 and the Victims' Code. */
describe('victimContactOf', () => {
  it.each([
    // Custody of 12 months or more for a violent or sexual offence: eligible (the 2013 briefing's "over 12 months" is a paraphrase).
    [{ type: 'Custody', lengthMonths: 12 }, true, 'Imprisonment for 12 months (12 months or more) for a violent offence'],
    [{ type: 'Custody', lengthMonths: 30, custodialTermMonths: 14, offenceCategory: 'SEXUAL' }, true, 'Imprisonment for 14 months'],
    [{ type: 'Custody', lengthMonths: 11 }, false, 'less than the 12 months'],
    [{ type: 'Extended determinate sentence', lengthMonths: 96, custodialTermMonths: 60 }, true, 's.35'],
    [{ type: 'Life', lengthMonths: 180 }, true, 'An indeterminate sentence'],
    [{ type: 'Restricted hospital order', lengthMonths: 0 }, true, 's.36'],
    // Orders are not sentences of imprisonment, however long and whatever the offence.
    [{ type: 'Community Order', lengthMonths: 36 }, false, 'A community order is not a sentence of imprisonment'],
    [
      { type: 'Suspended Sentence Order', lengthMonths: 24, offenceCategory: 'SEXUAL' },
      false,
      'A suspended sentence order is not a sentence of imprisonment',
    ],
    // Post-sentence supervision: the custodial sentence it follows decides.
    [{ type: 'Post-sentence supervision', lengthMonths: 12, custodialTermMonths: 18 }, true, 'after imprisonment for 18 months'],
    [{ type: 'Post-sentence supervision', lengthMonths: 12, custodialTermMonths: 6 }, false, 'less than the 12 months'],
    [{ type: 'Custody', lengthMonths: 48, offenceCategory: 'OTHER' }, false, 'Not a violent or sexual offence'],
  ] as const)('%j: eligible %s', (input, eligible, basis) => {
    const contact = victimContactOf(sentence(input));
    expect(contact.eligible).toBe(eligible);
    expect(contact.basis).toContain(basis);
    expect(contact.basis).toContain('Domestic Violence, Crime and Victims Act 2004');
  });

  it('needs the custodial term post-sentence supervision follows', () => {
    expect(() => victimContactOf(sentence({ type: 'PSS', lengthMonths: 12 }))).toThrow(SentenceInconsistentError);
  });

  it('cannot decide for a sentence of unknown kind, and says what to do', () => {
    expect(() => victimContactOf(sentence({ type: 'Fine' }))).toThrow(SentenceKindUnknownError);
    expect(() => victimContactOf(sentence({ type: 'Fine' }))).toThrow('record the sentence again with its kind');
  });
});
