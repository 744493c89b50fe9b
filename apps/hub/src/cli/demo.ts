import { CommandBus, ICommand } from '@nestjs/cqrs';
import { TreeHeadSigner, VerifiableLog } from '@escalation-hub/audit-application';
import {
  AllocateCaseCommand,
  AnswerInformationRequestCommand,
  BreachPackSubmittedResult,
  CaseAllocatedResult,
  ClaimItemCommand,
  CloseCaseCommand,
  CountersignRecallAdviceCommand,
  DecideBreachPackCommand,
  DecideEscalationCommand,
  DecideTransferCommand,
  DraftRecallAdviceCommand,
  EscalationDecidedResult,
  EscalationRequestedResult,
  FailureToComplyRecordedResult,
  OverdueScheduler,
  RecordCourtStageCommand,
  RecordFailureToComplyCommand,
  RecordRecallStepCommand,
  RecordRiskInformationCommand,
  RecordRoshReviewCommand,
  RecordWarningCommand,
  RequestEscalationCommand,
  RequestTransferCommand,
  ReviewRiskInformationCommand,
  SubmitBreachPackCommand,
} from '@escalation-hub/casework-use-cases';
import { CUSTODIAL_SENTENCE_KINDS, PEOPLE_ROLES } from '@escalation-hub/casework-domain';
import type { Actor, EscalationOutcome, RoshLevel, Urgency } from '@escalation-hub/casework-domain';
import { TokenRole, TokenStore, UserRole, UserStore, UserStoreError } from '@escalation-hub/identity';
import { JsonLogger } from '@escalation-hub/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { ProcessConfig, serve } from '@escalation-hub/runtime';
import { createHub } from '../app/hub.module';
import { HUB_STORAGE, HubStorage } from '@escalation-hub/runtime';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CASES = 300;
const AREAS: Record<string, string[]> = {
  CRC07: ['LDU-MAN-N', 'LDU-MAN-S', 'LDU-SALFORD'],
  CRC11: ['LDU-LEEDS', 'LDU-BRADFORD'],
  CRC14: ['LDU-BRISTOL', 'LDU-BATH'],
  CRC21: ['LDU-CARDIFF', 'LDU-SWANSEA'],
};
const PEOPLE = {
  officers: [
    { id: 'po.alice', role: 'decision-maker' },
    { id: 'po.bob', role: 'decision-maker' },
  ] as Actor[],
  spos: [
    { id: 'spo.carol', role: 'spo' },
    { id: 'spo.dan', role: 'spo' },
  ] as Actor[],
  aco: { id: 'aco.erin', role: 'aco' } as Actor,
};
const DEMO_TOKENS: {
  name: string;
  role: TokenRole;
  provider?: string;
  variable: string;
}[] = [
  {
    name: 'crc07-cms',
    role: 'provider',
    provider: 'CRC07',
    variable: 'PROVIDER_TOKEN',
  },
  {
    name: 'crc11-cms',
    role: 'provider',
    provider: 'CRC11',
    variable: 'OTHER_PROVIDER_TOKEN',
  },
  // The area's other providers: a case can be allocated only to a provider the hub knows.
  { name: 'crc14-cms', role: 'provider', provider: 'CRC14', variable: 'CRC14_TOKEN' },
  { name: 'crc21-cms', role: 'provider', provider: 'CRC21', variable: 'CRC21_TOKEN' },
  { name: 'po.alice', role: 'decision-maker', variable: 'DM_TOKEN' },
  { name: 'spo.carol', role: 'spo', variable: 'SPO_TOKEN' },
  { name: 'aco.erin', role: 'aco', variable: 'ACO_TOKEN' },
  { name: 'auditor.frank', role: 'auditor', variable: 'AUDITOR_TOKEN' },
  { name: 'admin', role: 'admin', variable: 'ADMIN_TOKEN' },
];

/** Loads the demo data set (once), prints a token per role and serves the hub. */
export async function runDemo(config: ProcessConfig): Promise<number> {
  const logger = new JsonLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let simulatedNow: Date | undefined;
  const app = await createHub(config, logger, {
    clock: () => simulatedNow ?? new Date(),
  });
  await app.init();
  const storage = app.get<HubStorage>(HUB_STORAGE);
  const { store } = storage;
  const where =
    config.store === 'sqlite'
      ? config.dataDir
      : `${config.store} at ${String(storage.describe()['url'])}${config.store === 'postgres' ? ` (schema ${config.postgresSchema})` : ''}`;
  const tokens = app.get(TokenStore);
  const lines: string[] = [];
  for (const spec of DEMO_TOKENS) {
    await tokens.revoke(spec.name);
    const { token } = await tokens.issue({
      role: spec.role,
      name: spec.name,
      provider: spec.provider,
    });
    lines.push(`export ${spec.variable}=${token}   # ${spec.role}${spec.provider ? ` ${spec.provider}` : ''} (${spec.name})`);
  }
  if ((await store.headPosition()) === undefined) {
    process.stderr.write(`Loading the demo data set into ${where} …\n`);
    await seed(app.get(CommandBus), (at) => (simulatedNow = at));
    simulatedNow = undefined;
    await app.get(OverdueScheduler).scanOnce();
    // A signed checkpoint over the whole data set at once, so the demo's log can be checked (and witnessed) from the start.
    const verifiable = app.get(VerifiableLog);
    await verifiable.whenIntact();
    await verifiable.catchUp();
    await app.get(TreeHeadSigner).sign();
  }
  const people = await resetDemoPeople(app.get(UserStore));
  process.stdout.write(
    `\nDemo data: ${CASES} cases, ${(await store.headPosition()) ?? 0} events in ${where}. Tokens (re-issued on every demo start):\n\n` +
      `export HUB=http://localhost:${config.port}\nexport HUB_DATA_DIR=${config.dataDir}   # so that npm run hub -- … works on the demo's data\n${lines.join('\n')}\n\n` +
      'Try: curl -s -H "Authorization: Bearer $DM_TOKEN" "$HUB/v1/queue?limit=5"   (README: "Try it in a minute")\n\n' +
      `Web interface: http://localhost:${config.port}/sign-in as ${people.names.join(', ')}; password for each: ${people.password}\n` +
      '(the password is new on every demo start)\n\n',
  );
  await serve(app, config, logger);
  return 0;
}

/** The demo's people who sign in to the web interface (the token holders' names), all with one new password. */
async function resetDemoPeople(users: UserStore): Promise<{ names: string[]; password: string }> {
  const password = randomBytes(12).toString('base64url');
  const people = DEMO_TOKENS.filter((spec) => (PEOPLE_ROLES as readonly string[]).includes(spec.role));
  for (const person of people) {
    try {
      await users.setPassword(person.name, password);
    } catch (error) {
      // Not there yet: the first demo start on this data folder.
      if (!(error instanceof UserStoreError)) throw error;
      await users.add({ name: person.name, role: person.role as UserRole, password });
    }
  }
  return { names: people.map((person) => person.name), password };
}

/** A deterministic pseudo-random sequence, so every demo data set is the same. */
function randomSequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A use-case command for the demo to send: each names its case (commands on an item are given it, as the web
 * forms give it), so that the case's events can be kept in order.
 */
type DemoCommand = ICommand & { readonly crn?: string };

/** Sends `command` at a simulated time; it answers what the same command over the API would. */
type Run = <R>(at: number, command: DemoCommand) => Promise<R>;

/**
 * Records a realistic fortnight at simulated times, through the same command bus and use-case handlers as
 * the API, Kafka and the web forms, and so through the case rules themselves.
 */
async function seed(commandBus: CommandBus, setNow: (at: Date) => void): Promise<void> {
  const random = randomSequence(20261126);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const weighted = <T>(choices: [T, number][]): T => {
    let roll = random();
    for (const [value, weight] of choices) if ((roll -= weight) < 0) return value;
    return choices[choices.length - 1][0];
  };
  const now = Date.now();
  const start = now - 12 * DAY;
  // A case's events happen in order: each at least a minute after the one before, and before now.
  const lastAt = new Map<string, number>();
  const run: Run = <R>(at: number, command: DemoCommand) => {
    const { crn } = command;
    if (!crn) throw new Error(`The demo sends ${command.constructor.name} without its case`);
    const when = Math.min(Math.max(at, (lastAt.get(crn) ?? 0) + 60_000), now - 60_000);
    lastAt.set(crn, when);
    setNow(new Date(when));
    return commandBus.execute<DemoCommand, R>(command);
  };

  await seedStories(run, start);

  for (let index = 0; index < CASES; index += 1) {
    const crn = `D${String(100000 + index)}`;
    const provider = pick(Object.keys(AREAS));
    const allocatedAt = start + index * 7 * 60_000;
    const rosh = weighted<RoshLevel>([
      ['LOW', 0.3],
      ['MEDIUM', 0.47],
      ['HIGH', 0.18],
      ['VERY_HIGH', 0.05],
    ]);
    const offenceCategory = weighted([
      ['VIOLENT', 0.35],
      ['SEXUAL', 0.1],
      ['OTHER', 0.55],
    ] as const);
    const officer = pick(PEOPLE.officers);
    const payload = {
      ldu: pick(AREAS[provider]),
      provider,
      sentence: {
        type: pick(['Community Order', 'Suspended Sentence Order', 'Licence']),
        lengthMonths: 6 + Math.floor(random() * 42),
        offenceCategory,
      },
      rosh,
      mappa: random() < 0.06 ? mappaOf(pick([1, 2, 3] as const), pick([1, 2] as const)) : null,
      exceptionalPublicInterest: random() < 0.02,
    };
    // Exceptional public interest is an ACO's to authorise, with a reason (docs/casework.md).
    const allocated = await run<CaseAllocatedResult>(
      allocatedAt,
      new AllocateCaseCommand(crn, payload.exceptionalPublicInterest ? PEOPLE.aco : officer, {
        ...payload,
        publicInterestReason: payload.exceptionalPublicInterest ? 'Very high profile: sustained local press interest' : null,
      }),
    );
    if (allocated.allocatedTo !== provider) continue;
    let managedByProvider = true;
    const providerActor: Actor = {
      id: `${provider.toLowerCase()}-cms`,
      role: 'provider',
      provider,
    };

    if (random() < 0.6) {
      const raisedAt = start + DAY + random() * 11 * DAY;
      const urgency = weighted<Urgency>([
        ['ROUTINE', 0.5],
        ['URGENT', 0.35],
        ['IMMEDIATE', 0.15],
      ]);
      const request = {
        requestId: `demo-${crn}-esc`,
        raisedBy: `${provider} case manager`,
        proposedRosh: pick(['MEDIUM', 'HIGH', 'VERY_HIGH'] as const),
        urgency,
        triggers: [
          pick([
            'THREAT_DISCLOSED',
            'VICTIM_CONCERN',
            'MISSED_APPOINTMENTS',
            'DOMESTIC_ABUSE',
            'SUBSTANCE_MISUSE',
            'ACCOMMODATION_LOSS',
          ] as const),
        ],
        summary: pick([
          'Told his case manager he "felt like doing something stupid" after the contact order hearing.',
          'Former partner reports him waiting outside her workplace twice this week.',
          'Missed three appointments in a row; not at his approved address.',
          'Police intelligence: arrested for an assault, released under investigation.',
        ]),
      };
      const escalation = await run<EscalationRequestedResult>(raisedAt, new RequestEscalationCommand(crn, providerActor, request));
      const fate = random();
      if (fate < 0.45) {
        const window = new Date(escalation.dueAt).getTime() - raisedAt;
        const decided = await run<EscalationDecidedResult>(
          raisedAt + window * (0.2 + random() * 1.2),
          new DecideEscalationCommand(
            escalation.escalationId,
            pick(PEOPLE.officers),
            {
              outcome: weighted<EscalationOutcome>([
                ['RETAIN_WITH_PROVIDER', 0.5],
                ['TRANSFER_TO_NPS', 0.3],
                ['MORE_INFORMATION_REQUIRED', 0.2],
              ]),
              rationale: 'Reviewed the escalation against the risk assessment and police information.',
              advice: 'Increase reporting to weekly and refer to the domestic abuse programme.',
              revisedRosh: null,
            },
            crn,
          ),
        );
        managedByProvider = decided.managedBy === provider;
        // "More information" keeps the escalation open: most providers answer, some late; then it is decided.
        // The question was asked at the decision, as recorded (to the millisecond).
        const askedAt = new Date(lastAt.get(crn) ?? now).getTime();
        if (decided.answerDueAt && random() < 0.7) {
          const answerWindow = Date.parse(decided.answerDueAt) - askedAt;
          await run(
            askedAt + answerWindow * (0.3 + random()),
            new AnswerInformationRequestCommand(crn, escalation.escalationId, providerActor, {
              answer: 'Police confirm the report; he has been warned about contact and attends weekly.',
              answeredBy: `${provider} case manager`,
            }),
          );
        }
      } else if (fate < 0.6) {
        await run(raisedAt + HOUR, new ClaimItemCommand(escalation.escalationId, pick(PEOPLE.officers), crn));
      }
    }

    if (managedByProvider && random() < 0.3) {
      const submittedAt = start + 7 * DAY + random() * 5 * DAY;
      const onLicence = (CUSTODIAL_SENTENCE_KINDS as readonly string[]).includes(allocated.sentenceKind);
      const day = (at: number) => new Date(at).toISOString().slice(0, 10);
      const requirement = pick(['Unpaid work', 'Supervision appointments', 'Curfew', 'Drug rehabilitation']);
      // On an order, the national standard: a failure, a formal warning, then a second unacceptable failure within 12
      // months makes breach proceedings due, answered by the breach pack citing both failures.
      const failureIds: string[] = [];
      if (!onLicence) {
        const failure = async (at: number, index: number) => {
          const recorded = await run<FailureToComplyRecordedResult>(
            at,
            new RecordFailureToComplyCommand(crn, providerActor, {
              requestId: `demo-${crn}-fail-${index}`,
              date: day(at),
              requirement,
              acceptable: false,
              judgedBy: `${provider} case manager`,
              details: 'Failed to attend without an acceptable reason.',
            }),
          );
          failureIds.push(recorded.failureId);
        };
        await failure(submittedAt - 6 * DAY, 1);
        await run(
          submittedAt - 5 * DAY,
          new RecordWarningCommand(crn, providerActor, {
            requestId: `demo-${crn}-warn`,
            issuedOn: day(submittedAt - 5 * DAY),
            failureIds: [...failureIds],
            issuedBy: `${provider} case manager`,
            details: 'Formal warning by letter: a further unacceptable failure within 12 months means breach proceedings.',
          }),
        );
        await failure(submittedAt - 3 * DAY, 2);
      }
      const pack = {
        requestId: `demo-${crn}-bp`,
        requirement,
        failures: [
          {
            date: new Date(submittedAt - 3 * DAY).toISOString().slice(0, 10),
            description: 'Failed to attend without an acceptable reason',
          },
        ],
        warningsIssued: Math.floor(random() * 3),
        providerRecommendation: onLicence ? ('RECALL' as const) : ('RETURN_TO_COURT' as const),
        summary: 'Second unacceptable failure to comply within twelve months.',
        ...(failureIds.length > 0 ? { failureIds } : {}),
      };
      const { breachPackId } = await run<BreachPackSubmittedResult>(submittedAt, new SubmitBreachPackCommand(crn, providerActor, pack));
      if (random() < 0.5) {
        const decidedAt = submittedAt + random() * 6 * DAY;
        // The outcomes the sentence allows: orders go to court, licences to recall.
        const outcome = pick(
          onLicence ? (['WARNING', 'RECALL', 'RECALL'] as const) : (['WARNING', 'RETURN_TO_COURT', 'RETURN_TO_COURT'] as const),
        );
        const author = pick(PEOPLE.officers);
        await run(
          decidedAt,
          new DecideBreachPackCommand(
            breachPackId,
            author,
            { outcome, rationale: 'Breach established; action proportionate to the risk.' },
            crn,
          ),
        );
        if (outcome === 'RETURN_TO_COURT') {
          await run(
            decidedAt + DAY,
            new RecordCourtStageCommand(breachPackId, author, { stage: 'LAID', on: day(Math.min(decidedAt + DAY, now - DAY)) }, crn),
          );
        }
        if (outcome === 'RECALL') {
          // Chosen by the sender, as the API's controller and the web form choose it.
          const recallAdviceId = `ra-${randomUUID()}`;
          const mappaLevel = payload.mappa?.level ?? 1;
          const standard = random() >= 0.7 || mappaLevel >= 2;
          await run(
            decidedAt + HOUR,
            new DraftRecallAdviceCommand(crn, author, recallAdviceId, {
              recallType: standard ? 'STANDARD' : 'FIXED_TERM',
              emergency: random() < 0.2,
              rationale: 'Risk can no longer be managed in the community.',
              basedOn: [breachPackId],
              fixedTermExclusion:
                standard && mappaLevel < 2
                  ? { reason: 'CHARGED_WITH_FURTHER_OFFENCE', details: 'Charged with a further offence since the breach.' }
                  : null,
            }),
          );
          if (random() < 0.66) {
            await run(
              decidedAt + 5 * HOUR,
              new CountersignRecallAdviceCommand(recallAdviceId, pick(PEOPLE.spos), 'Agree: recall is necessary.', crn),
            );
            if (random() < 0.5) {
              await run(decidedAt + 9 * HOUR, new CountersignRecallAdviceCommand(recallAdviceId, PEOPLE.aco, 'Approved for issue.', crn));
              // What followed the issue, as staff recorded it: sent to PPCS as it was issued.
              const issuedAt = new Date(lastAt.get(crn) ?? now - HOUR).toISOString();
              await run(
                decidedAt + 10 * HOUR,
                new RecordRecallStepCommand(recallAdviceId, author, { step: 'SENT_TO_PPCS', happenedAt: issuedAt }, crn),
              );
            }
          }
        }
      }
    }
  }
}

/**
 * The stories the source documents tell, as cases a person can open: the 2021 post's life licensee
 * (a public-service case, his partner reporting him loitering near her work, a late review), a case moving
 * to another area, and a case closed when its sentence ended.
 */
async function seedStories(run: Run, start: number): Promise<void> {
  const officer = PEOPLE.officers[0];
  const spo = PEOPLE.spos[0];
  await run(
    start,
    new AllocateCaseCommand('S210001', officer, {
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: {
        type: 'Life licence',
        kind: 'INDETERMINATE',
        lengthMonths: 0,
        custodialTermMonths: 180,
        offenceCategory: 'VIOLENT',
        licenceConditions: ['To disclose any developing intimate relationship to his probation officer'],
      },
      rosh: 'HIGH',
      mappa: { category: 2, level: 2 },
      exceptionalPublicInterest: false,
    }),
  );
  await run(
    start + 2 * DAY,
    new RecordRiskInformationCommand('S210001', officer, {
      riskInformationId: 'ri-demo-s210001',
      source: 'VICTIM_OR_FAMILY',
      channel: 'Told his probation officer at the office',
      knownAt: new Date(start + 2 * DAY - 14 * HOUR).toISOString(),
      receivedBy: 'po.alice, his probation officer',
      threat: false,
      summary: 'His partner says he has been loitering near her work and approached her twice on her way in, once at 04:30.',
    }),
  );
  await run(
    start + 2 * DAY + 3 * HOUR,
    new RecordRoshReviewCommand('S210001', spo, {
      level: 'VERY_HIGH',
      assessor: spo.id,
      assessedOn: new Date(start + 2 * DAY).toISOString().slice(0, 10),
      assessmentReference: 'OASYS-S210001-2',
    }),
  );
  await run(
    start + 4 * DAY,
    new ReviewRiskInformationCommand(
      'ri-demo-s210001',
      spo,
      {
        outcome: 'RECALL_CONSIDERED',
        rationale: 'Approaches to his partner at her work: recall considered with the ACO; police informed.',
      },
      'S210001',
    ),
  );

  const moving = { ldu: 'LDU-MAN-S', provider: 'CRC07', rosh: 'MEDIUM' as const, mappa: null, exceptionalPublicInterest: false };
  await run(
    start,
    new AllocateCaseCommand('S210002', officer, {
      ...moving,
      sentence: { type: 'Community Order', lengthMonths: 18, offenceCategory: 'OTHER', requirements: ['Unpaid work (150 hours)'] },
    }),
  );
  await run(
    start + 3 * DAY,
    new RequestTransferCommand('S210002', officer, {
      transferId: 'tr-demo-s210002',
      toLdu: 'LDU-LEEDS',
      toProvider: 'CRC11',
      reason: 'He has moved to Leeds to live with his sister.',
    }),
  );
  await run(
    start + 4 * DAY,
    new DecideTransferCommand(
      'tr-demo-s210002',
      spo,
      { outcome: 'ACCEPTED', rationale: 'Address verified; a case manager is allocated in Leeds.' },
      'S210002',
    ),
  );

  await run(
    start,
    new AllocateCaseCommand('S210003', officer, {
      ...moving,
      sentence: { type: 'Suspended Sentence Order', lengthMonths: 12, offenceCategory: 'OTHER', requirements: ['Curfew'] },
    }),
  );
  await run(
    start + 5 * DAY,
    new CloseCaseCommand('S210003', officer, {
      reason: 'SENTENCE_ENDED',
      details: null,
      closedOn: new Date(start + 5 * DAY).toISOString().slice(0, 10),
    }),
  );
}

/** Category 3 is managed at level 2 or 3 only (docs/casework.md). */
function mappaOf(category: 1 | 2 | 3, level: 1 | 2): { category: 1 | 2 | 3; level: 1 | 2 | 3 } {
  return { category, level: category === 3 && level === 1 ? 2 : level };
}
