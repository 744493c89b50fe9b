import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import { AllocateCaseDto } from './allocate-case/allocate-case.dto';
import {
  AnswerInformationRequestDto,
  AnswerInformationRequestMessageDto,
} from './answer-information-request/answer-information-request.dto';
import { CountersignDto } from './countersign-recall-advice/countersign-recall-advice.dto';
import { DecideBreachPackDto } from './decide-breach-pack/decide-breach-pack.dto';
import { DecideEscalationDto } from './decide-escalation/decide-escalation.dto';
import { DraftRecallAdviceDto } from './draft-recall-advice/draft-recall-advice.dto';
import { RecordCourtStageDto } from './record-court-stage/record-court-stage.dto';
import { RecordFailureToComplyDto } from './record-failure-to-comply/record-failure-to-comply.dto';
import { RecordWarningDto } from './record-warning/record-warning.dto';
import { WaiveBreachDto } from './waive-breach/waive-breach.dto';
import { ReferToInterventionDto } from './refer-to-intervention/refer-to-intervention.dto';
import { RecordRecallStepDto } from './record-recall-step/record-recall-step.dto';
import { ReturnRecallAdviceDto } from './return-recall-advice/return-recall-advice.dto';
import { ReviseRecallAdviceDto } from './revise-recall-advice/revise-recall-advice.dto';
import { WithdrawRecallAdviceDto } from './withdraw-recall-advice/withdraw-recall-advice.dto';
import { RequestEscalationDto } from './request-escalation/request-escalation.dto';
import { SubmitBreachPackDto } from './submit-breach-pack/submit-breach-pack.dto';
import { RecordRoshReviewDto } from './record-rosh-review/record-rosh-review.dto';
import { RecordPublicInterestDto } from './record-public-interest/record-public-interest.dto';
import { fieldErrors } from './validation.pipe';

/**
 * Every body that becomes an event (over HTTP, the web forms and Kafka alike), with a valid example
 * giving every field a value. The store refuses a lone surrogate anywhere in an event, since RFC 8785
 * cannot write one; the DTOs must refuse it first, naming the field, so it never gets that far.
 */
const WRITE_BODIES: [string, new () => object, Record<string, unknown>][] = [
  [
    'allocation',
    AllocateCaseDto,
    {
      crn: 'X123456',
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: {
        type: 'Community Order',
        kind: 'COMMUNITY_ORDER',
        lengthMonths: 18,
        offenceCategory: 'VIOLENT',
        imposedOn: '2026-09-14',
        requirements: ['Unpaid work'],
        licenceConditions: ['Curfew'],
      },
      rosh: 'MEDIUM',
      mappa: { category: 1, level: 1 },
      exceptionalPublicInterest: true,
      publicInterestReason: 'High profile',
    },
  ],
  [
    'escalation',
    RequestEscalationDto,
    {
      requestId: 'r-1',
      raisedBy: 'Jo Bloggs',
      proposedRosh: 'HIGH',
      urgency: 'ROUTINE',
      triggers: ['VICTIM_CONCERN'],
      summary: 'Seen.',
      providerKnewAt: '2026-11-30T09:15:00Z',
    },
  ],
  [
    'breach pack',
    SubmitBreachPackDto,
    {
      requestId: 'r-2',
      requirement: 'Unpaid work',
      failures: [{ date: '2026-10-01', description: 'Did not attend' }],
      warningsIssued: 1,
      providerRecommendation: 'RECALL',
      summary: 'Second absence.',
      failureIds: ['fail-1', 'fail-2'],
    },
  ],
  [
    'failure to comply',
    RecordFailureToComplyDto,
    {
      requestId: 'r-f',
      date: '2026-11-02',
      requirement: 'Unpaid work',
      acceptable: false,
      judgedBy: 'Jo Bloggs',
      details: 'Did not attend.',
    },
  ],
  [
    'formal warning',
    RecordWarningDto,
    { requestId: 'r-w', issuedOn: '2026-11-03', failureIds: ['fail-1'], issuedBy: 'Jo Bloggs', details: 'By letter.' },
  ],
  ['breach waived', WaiveBreachDto, { reason: 'In hospital that week.' }],
  ['referral to an intervention', ReferToInterventionDto, { provider: 'CRC07', intervention: 'Thinking skills group' }],
  ['court stage', RecordCourtStageDto, { stage: 'OUTCOME', on: '2026-11-20', outcome: 'ORDER_AMENDED', details: 'Curfew added.' }],
  [
    'escalation decision',
    DecideEscalationDto,
    {
      outcome: 'RETAIN_WITH_PROVIDER',
      rationale: 'Manageable.',
      advice: 'Weekly.',
      revisedRosh: 'HIGH',
      highRiskRetentionReason: 'Stable.',
      questions: ['Who else was there?'],
      seenRevision: 4,
    },
  ],
  ['answer to questions', AnswerInformationRequestDto, { answer: 'The facilitator heard it.', answeredBy: 'Jo Bloggs' }],
  [
    'answer to questions over Kafka',
    AnswerInformationRequestMessageDto,
    { escalationId: 'esc-1', answer: 'The facilitator heard it.', answeredBy: 'Jo Bloggs' },
  ],
  ['breach pack decision', DecideBreachPackDto, { outcome: 'RECALL', rationale: 'Two absences.', seenRevision: 0 }],
  [
    'recall advice',
    DraftRecallAdviceDto,
    {
      recallAdviceId: 'ra-api-1',
      recallType: 'STANDARD',
      emergency: false,
      rationale: 'Risk rising.',
      basedOn: ['esc-1'],
      fixedTermExclusion: { reason: 'CHARGED_WITH_FURTHER_OFFENCE', details: 'Charged with assault.' },
    },
  ],
  [
    'recall advice revised',
    ReviseRecallAdviceDto,
    { recallType: 'FIXED_TERM', emergency: true, rationale: 'Whereabouts unknown.', fixedTermExclusion: null, note: 'Now an emergency.' },
  ],
  ['recall advice returned', ReturnRecallAdviceDto, { reason: 'Name the conditions.' }],
  ['recall advice withdrawn', WithdrawRecallAdviceDto, { reason: 'Drafted twice.' }],
  ['what followed a recall', RecordRecallStepDto, { step: 'LICENCE_REVOKED', happenedAt: '2026-11-04T10:00:00Z', details: 'By PPCS.' }],
  ['countersignature', CountersignDto, { rationale: 'Agreed.' }],
  ['public interest', RecordPublicInterestDto, { reason: 'Very high profile.' }],
  ['RoSH review', RecordRoshReviewDto, { level: 'HIGH', assessor: 'po.alice', assessedOn: '2026-11-03', assessmentReference: 'OASYS-42' }],
];

/** Every string in `value`, by its path as validation names fields (`failures.0.description`). */
function stringPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPaths(item, `${path}.${index}`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => stringPaths(item, path ? `${path}.${key}` : key));
  return [];
}

function withString(value: unknown, path: string[], text: (old: string) => string): unknown {
  if (path.length === 0) return text(value as string);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (String(index) === head ? withString(item, rest, text) : item));
  return { ...(value as object), [head]: withString((value as Record<string, unknown>)[head], rest, text) };
}

async function refusedFields(dto: new () => object, body: unknown): Promise<string[]> {
  const errors = await validate(plainToInstance(dto, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return fieldErrors(errors).map((error) => error.field);
}

describe.each(WRITE_BODIES)('the %s body', (_name, dto, example) => {
  it('is valid as given, with every field the DTO reads', async () => {
    expect(await refusedFields(dto, example)).toEqual([]);
    const fields = getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((rule) => rule.propertyName);
    expect(Object.keys(example).sort()).toEqual([...new Set(fields)].sort());
  });

  it.each(['\ud800', '\udc00', '\udbff\udbff'])(
    'refuses the lone surrogate %j in every string field, naming that field',
    async (surrogate) => {
      for (const path of stringPaths(example)) {
        // In the middle, where a check of the first or last character only would miss it.
        const body = withString(example, path.split('.'), (old) => `${old.slice(0, 1)}${surrogate}${old.slice(1)}`);
        const refused = await refusedFields(dto, body);
        const field = path.replace(/\.\d+$/, ''); // an item of a list of strings is named by its list
        expect({ path, refused: refused.filter((name) => name === field || name === path) }).toEqual({
          path,
          refused: [expect.any(String)],
        });
      }
    },
  );

  it('still takes a surrogate pair (an emoji) in free text and names', async () => {
    const text = stringPaths(example).filter((path) =>
      /summary|rationale|description|advice|raisedBy|requirement|sentence\.type/.test(path),
    );
    for (const path of text) {
      const body = withString(example, path.split('.'), (old) => `${old} 🙂`);
      expect({ path, refused: await refusedFields(dto, body) }).toEqual({ path, refused: [] });
    }
  });
});

describe('an instant (providerKnewAt)', () => {
  const escalation = { requestId: 'r-1', raisedBy: 'Jo', proposedRosh: 'HIGH', urgency: 'ROUTINE', triggers: ['OTHER'], summary: 'Seen.' };
  it.each(['2026-11-30', '2026-11-30T09:15:00', '2026-02-30T09:15:00Z', 'yesterday'])('refuses %s', async (providerKnewAt) => {
    const errors = await validate(plainToInstance(RequestEscalationDto, { ...escalation, providerKnewAt }));
    expect(errors.map((error) => error.property)).toEqual(['providerKnewAt']);
  });
  it.each(['2026-11-30T09:15:00Z', '2026-11-30T09:15:00.123+01:00', null])('takes %s', async (providerKnewAt) => {
    expect(await validate(plainToInstance(RequestEscalationDto, { ...escalation, providerKnewAt }))).toEqual([]);
  });
});
