import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { providerEventValidator } from '@escalation-hub/casework-application/testing';
import { parseNote, SigningKey, verifiedSignature } from '@escalation-hub/audit-application';
import { HUB_TOPICS } from '@escalation-hub/messaging';
import { LocalKafka, startLocalKafka } from '@escalation-hub/messaging/testing';
import { aTestSchemaName, dropTestSchema, TEST_POSTGRES_URL } from '@escalation-hub/sql/testing';
import {
  anAllocation,
  ON_LICENCE,
  clientFor,
  freePort,
  issueToken,
  RunningHub,
  serviceMain,
  startHub,
  stopHub,
  waitForReady,
} from './testing/hub-process';

type Service = 'gateway' | 'decisions' | 'audit';

/**
 * Distributed mode as it runs in production: the gateway, decisions and audit services as separate
 * processes, sharing one event store in a real PostgreSQL and exchanging events over a real Kafka
 * 3.9.1 broker. Providers post over HTTP and over their inbound topic; decisions reach them on their
 * outbound topic and their feed; auditors read the timeline.
 */
describe('distributed mode: gateway, decisions and audit over Kafka and PostgreSQL', () => {
  let broker: LocalKafka;
  let kafka: Kafka;
  let producer: Producer;
  const consumers: Consumer[] = [];
  const schema = aTestSchemaName();
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-distributed-'));
  let env: Record<string, string>;
  const services = {} as Record<Service, RunningHub>;
  let provider: ReturnType<typeof clientFor>;
  let officer: ReturnType<typeof clientFor>;
  let auditor: ReturnType<typeof clientFor>;

  const start = async (service: Service) => {
    services[service] = startHub({ ...env, PORT: String(await freePort()) }, serviceMain(service));
    await waitForReady(services[service], 60_000);
  };

  beforeAll(async () => {
    broker = await startLocalKafka();
    kafka = new Kafka({ clientId: 'distributed-e2e', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    env = {
      HUB_STORE: 'postgres',
      HUB_STORE_URL: TEST_POSTGRES_URL,
      HUB_POSTGRES_SCHEMA: schema,
      HUB_DATA_DIR: dataDir,
      KAFKA_BROKERS: broker.brokers.join(','),
      HUB_KAFKA_PROVIDERS: 'CRC07',
      // Small, so the flow below signs several checkpoints of the whole log (the audit service signs).
      HUB_CHECKPOINT_EVERY_EVENTS: '10',
      LOG_LEVEL: 'warn',
    };
    await Promise.all((['gateway', 'decisions', 'audit'] as const).map(start));
    provider = clientFor(services.gateway.baseUrl, issueToken(env, 'provider', 'crc07-cms', 'CRC07'));
    officer = clientFor(services.decisions.baseUrl, issueToken(env, 'decision-maker', 'officer-1'));
    auditor = clientFor(services.audit.baseUrl, issueToken(env, 'auditor', 'auditor-1'));
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => stopHub(service)));
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await producer?.disconnect();
    await broker?.stop();
    await dropTestSchema(schema);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** Everything on a topic from its beginning, as it arrives: key, type and headers. */
  const follow = async (topic: string) => {
    const seen: { key: string; type: string; headers: Record<string, string>; value: string }[] = [];
    const consumer = kafka.consumer({ groupId: `e2e-reader-${topic}` });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        seen.push({ key: String(message.key), type: headers['ce_type'], headers, value: String(message.value) });
      },
    });
    return seen;
  };

  const allocate = (crn: string) => officer.post('/v1/cases', anAllocation(crn, crn === 'E100001' ? { sentence: ON_LICENCE } : {}));
  const escalation = (requestId: string) => ({
    requestId,
    raisedBy: 'Jo Bloggs, case manager',
    proposedRosh: 'HIGH',
    urgency: 'URGENT',
    triggers: ['THREAT_DISCLOSED'],
    summary: 'Threats made against a former partner',
  });
  const breachPack = (requestId: string) => ({
    requestId,
    requirement: 'Unpaid work',
    failures: [{ date: '2026-11-02', description: 'Did not attend' }],
    warningsIssued: 1,
    providerRecommendation: 'RETURN_TO_COURT',
    summary: 'Second missed session',
  });
  /** A provider system posting on its inbound topic (CloudEvents binary mode, the HTTP body as JSON). */
  const postOnKafka = (crn: string, type: string, body: unknown, extraHeaders: Record<string, string> = {}) =>
    producer.send({
      topic: HUB_TOPICS.providerInbound('CRC07'),
      acks: -1,
      messages: [
        {
          key: crn,
          value: typeof body === 'string' ? body : JSON.stringify(body), // a string is sent as it is
          headers: {
            ce_specversion: '1.0',
            ce_id: `msg-${Math.random().toString(36).slice(2)}`,
            ce_source: 'crc07-case-system',
            ce_type: type,
            ce_subject: crn,
            'content-type': 'application/json',
            ...extraHeaders,
          },
        },
      ],
    });
  const queueItems = async (): Promise<{ itemId: string; crn: string; kind: string }[]> =>
    (await officer.get('/v1/queue?limit=500')).body.items;

  it('refuses to start a service without a shared store and a broker, naming what is missing (exit 78)', async () => {
    const lonely = startHub({ HUB_DATA_DIR: dataDir, PORT: String(await freePort()) }, serviceMain('decisions'));
    expect(await lonely.exited).toBe(78);
    expect(lonely.output()).toContain('HUB_STORE: the decisions service shares its event store with the others');
    expect(lonely.output()).toContain('KAFKA_BROKERS:');
  });

  it('carries a case from the provider (HTTP and Kafka) through the decisions queue to the provider and the auditor', async () => {
    const outbound = await follow(HUB_TOPICS.providerOutbound('CRC07'));
    const refused = await follow(HUB_TOPICS.providerInboundDeadLetter('CRC07'));
    const internal = await follow(HUB_TOPICS.caseEvents);
    expect((await allocate('E100001')).status).toBe(201);

    // Over HTTP, at the gateway: the answer comes once the gateway's own read models show it.
    const posted = await provider.post('/v1/cases/E100001/escalations', escalation('http-1'));
    expect(posted.status).toBe(201);
    expect((await provider.get('/v1/cases/E100001')).body.items).toHaveLength(1);
    expect((await provider.get('/v1/cases/E100001')).body).not.toHaveProperty('revision');

    // Over Kafka: a breach pack, then the same message again (a retry adds nothing).
    await postOnKafka('E100001', 'breach-pack.submit', breachPack('kafka-1'));
    await postOnKafka('E100001', 'breach-pack.submit', breachPack('kafka-1'));
    await waitUntil(async () => (await queueItems()).filter((item) => item.crn === 'E100001').length === 2);
    const items = (await queueItems()).filter((item) => item.crn === 'E100001');
    expect(items.map((item) => item.kind).sort()).toEqual(['BREACH_PACK', 'ESCALATION']);
    expect(items.find((item) => item.kind === 'ESCALATION')?.itemId).toBe(posted.body.escalationId);

    // A failure to comply and risk information over Kafka, each sent twice: recorded once each.
    const failure = {
      requestId: 'kafka-fail-1',
      date: '2026-11-02',
      requirement: 'Supervision appointments',
      acceptable: false,
      judgedBy: 'Jo Bloggs',
      details: 'Did not attend.',
    };
    const information = {
      riskInformationId: 'ri-kafka-1',
      source: 'PERSON',
      channel: 'Said at reporting',
      knownAt: '2026-11-02T10:00:00Z',
      receivedBy: 'Jo Bloggs',
      threat: false,
      summary: 'Says he has lost his flat.',
    };
    for (let copy = 0; copy < 2; copy += 1) {
      await postOnKafka('E100001', 'compliance.failure', failure);
      await postOnKafka('E100001', 'risk-information.record', information);
    }
    const recordedTypes = async () =>
      (await auditor.get('/v1/cases/E100001/timeline')).body.events.map((event: { type: string }) => event.type);
    await waitUntil(async () => (await recordedTypes()).includes('risk-information.recorded'));
    expect(
      (await recordedTypes()).filter((type: string) => type === 'compliance.failure-recorded' || type === 'risk-information.recorded'),
    ).toEqual(['compliance.failure-recorded', 'risk-information.recorded']);

    // Invalid and rule-breaking messages are refused with a reason, and nothing is stored.
    const before = (await auditor.get('/v1/cases/E100001/timeline')).body.events.length;
    await postOnKafka('E100001', 'breach-pack.submit', { ...breachPack('kafka-2'), summary: undefined, colour: 'red' });
    await postOnKafka('E100001', 'escalation.request', escalation('kafka-3'), { ce_type: 'escalation.delete' });
    await postOnKafka('E100001', 'escalation.request', { ...escalation('kafka-1') }); // requestId taken by another request
    await postOnKafka('E999999', 'escalation.request', escalation('kafka-4')); // no such case
    let deep: unknown = 'x';
    for (let level = 0; level < 1_500; level += 1) deep = [deep];
    await postOnKafka('E100001', 'escalation.request', { ...escalation('kafka-6'), triggers: deep }); // nested 1,500 deep
    const twice = JSON.stringify(escalation('kafka-7')).replace('{', '{"summary":"Shown to one reader",');
    await postOnKafka('E100001', 'escalation.request', twice); // a key given twice: readers could disagree on it
    await postOnKafka('E100001', 'escalation.request', { ...escalation('kafka-8'), ['__proto__']: { role: 'admin' } });
    await waitUntil(async () => refused.length === 7);
    // (E999999 is another key, so maybe another partition: the order across keys is not fixed.)
    expect(refused.map((message) => message.headers['dlq-code']).sort()).toEqual([
      'CASE_NOT_FOUND',
      'MALFORMED_MESSAGE',
      'MALFORMED_MESSAGE',
      'MALFORMED_MESSAGE',
      'REQUEST_ID_REUSED',
      'UNKNOWN_MESSAGE_TYPE',
      'VALIDATION_FAILED',
    ]);
    const invalid = refused.find((message) => message.headers['dlq-code'] === 'VALIDATION_FAILED');
    expect(invalid?.headers['dlq-reason']).toMatch(/summary.*colour|colour.*summary/s);
    expect(invalid?.headers['ce_source']).toBe('crc07-case-system'); // the original headers travel with it
    expect(
      refused.filter((message) => message.headers['dlq-code'] === 'MALFORMED_MESSAGE').map((message) => message.headers['dlq-reason']),
    ).toEqual([
      expect.stringContaining('more than 20 levels deep'),
      expect.stringContaining('the key "summary" appears twice in one object'),
      expect.stringContaining('the key "__proto__" is not allowed'),
    ]);
    expect((await auditor.get('/v1/cases/E100001/timeline')).body.events).toHaveLength(before);

    // The decision, in the decisions service, reaches the provider on its topic and in its feed.
    const escalationId = posted.body.escalationId;
    expect((await officer.post(`/v1/queue/${escalationId}/claim`)).status).toBe(200);
    const decided = await officer.post(`/v1/escalations/${escalationId}/decision`, {
      outcome: 'TRANSFER_TO_NPS',
      rationale: 'Threats to a known victim: the public service takes the case',
    });
    expect(decided.status).toBe(201);
    await waitUntil(async () => outbound.some((message) => message.type === 'case.transferred'));
    // The services' own stream keys each case's events by its CRN, so one case stays in order on one partition.
    await waitUntil(async () => internal.some((message) => message.type === 'case.transferred-to-nps'));
    const internalOfCase = internal.filter((message) => message.headers['ce_hubstream'] === 'case-E100001');
    expect(internalOfCase.length).toBeGreaterThan(5);
    expect(internalOfCase.filter((message) => message.key !== 'E100001' || message.headers['ce_subject'] !== 'E100001')).toEqual([]);
    const ofCase = () => outbound.filter((message) => message.key === 'E100001');
    // Provider events only: its own requests as recorded, the decision and the move; no claim.
    expect(ofCase().map((message) => message.type)).toEqual([
      'case.allocated',
      'escalation.recorded',
      'breach-pack.recorded',
      'compliance.failure-recorded',
      'risk-information.recorded',
      'escalation.decided',
      'case.transferred',
    ]);
    const validate = providerEventValidator();
    for (const message of ofCase()) {
      const body = JSON.parse(message.value);
      expect(validate(body)).toEqual([]);
      expect(message.headers).toMatchObject({ ce_type: body.type, ce_id: body.id, ce_subject: 'E100001', ce_source: 'urn:escalation-hub' });
      expect(message.headers).not.toHaveProperty('ce_hubposition');
    }
    await waitUntil(async () =>
      (await provider.get('/v1/feed?after=0')).body.events.some((event: { type: string }) => event.type === 'case.transferred'),
    );
    const feed = (await provider.get('/v1/feed?after=0')).body.events as { id: string; type: string; cursor: string }[];
    // The feed and the topic carry the same provider events, with the same ids.
    expect(feed.map((event) => [event.type, event.id])).toEqual(ofCase().map((message) => [message.type, message.headers['ce_id']]));
    // Transferred: the provider can no longer post for the case, over HTTP or over Kafka.
    expect((await provider.post('/v1/cases/E100001/escalations', escalation('http-2'))).status).toBe(422);
    await postOnKafka('E100001', 'escalation.request', escalation('kafka-5'));
    await waitUntil(async () => refused.length === 8);
    expect(refused[7].headers['dlq-code']).toBe('CASE_NOT_MANAGED_BY_PROVIDER');

    // The public service goes on with the case: recall advice drafted, countersigned by an SPO and an
    // ACO, issued. None of it reaches the former provider's topic. A later case of the provider's is
    // the marker that the provider outbox has passed those events.
    const { recallAdviceId } = (
      await officer.post('/v1/cases/E100001/recall-advice', {
        recallType: 'STANDARD',
        emergency: true,
        rationale: 'Threats renewed; whereabouts unknown',
        basedOn: [escalationId],
        fixedTermExclusion: { reason: 'RISK_OF_SERIOUS_HARM', details: 'Threats renewed.' },
      })
    ).body;
    const spo = clientFor(services.decisions.baseUrl, issueToken(env, 'spo', 'spo-1'));
    const aco = clientFor(services.decisions.baseUrl, issueToken(env, 'aco', 'aco-1'));
    expect((await spo.post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale: 'SPO: agreed' })).status).toBe(200);
    expect((await aco.post(`/v1/recall-advice/${recallAdviceId}/countersign`, { rationale: 'ACO: agreed' })).body).toMatchObject({
      status: 'ISSUED',
    });
    expect((await allocate('E100002')).status).toBe(201);
    await waitUntil(async () => outbound.some((message) => message.key === 'E100002'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ofCase()).toHaveLength(7);
    expect(outbound.map((message) => message.value).join('\n')).not.toMatch(/recall|SPO: agreed|ACO: agreed|spo-1|aco-1|officer-1/);
    expect((await provider.get('/v1/cases/E100001')).body).toMatchObject({ managedBy: 'NPS', recallAdvice: [] });

    // The auditor's timeline, from the event store, holds everything, and the chain verifies.
    const timeline = (await auditor.get('/v1/cases/E100001/timeline')).body.events as { type: string; actor: { id: string } }[];
    expect(timeline.map((event) => event.type)).toEqual([
      'case.allocated',
      'escalation.requested',
      'breach-pack.submitted',
      'compliance.failure-recorded',
      'risk-information.recorded',
      'item.claimed',
      'escalation.decided',
      'case.transferred-to-nps',
      // The provider's officer held that information; with the case gone to the public service, its officer does.
      'risk-information.handed-over',
      'recall-advice.drafted',
      'recall-advice.countersigned-by-spo',
      'recall-advice.countersigned-by-aco',
      'recall-advice.issued',
    ]);
    expect(timeline.find((event) => event.type === 'breach-pack.submitted')?.actor.id).toBe('crc07-case-system');
    expect((await auditor.get('/v1/cases/E100001/verify')).body).toMatchObject({ valid: true, events: timeline.length });

    // What went to the provider is in the disclosure log, at the audit service: the reads, the feed
    // pages and the topic messages, each naming what it carried.
    await waitUntil(async () =>
      (await auditor.get('/v1/audit/disclosures?provider=CRC07&crn=E100001&limit=1000')).body.entries?.some(
        (entry: { channel: string; events: { type: string }[] }) =>
          entry.channel === 'topic' && entry.events.some((event) => event.type === 'case.transferred'),
      ),
    );
    const disclosed = (await auditor.get('/v1/audit/disclosures?provider=CRC07&crn=E100001&limit=1000')).body.entries as {
      channel: string;
      events: { id: string; crn: string }[];
    }[];
    expect(new Set(disclosed.map((entry) => entry.channel))).toEqual(new Set(['case-read', 'feed-page', 'topic']));
    const sentIds = disclosed
      .filter((entry) => entry.channel === 'topic')
      .flatMap((entry) => entry.events.filter((event) => event.crn === 'E100001').map((event) => event.id));
    expect(new Set(sentIds)).toEqual(new Set(ofCase().map((message) => message.headers['ce_id'])));
  }, 120_000);

  it('publishes every signed checkpoint of the whole log on hub.integrity.checkpoints.v1', async () => {
    const published = await follow(HUB_TOPICS.integrityCheckpoints);
    const signed = (await clientFor(services.audit.baseUrl).get('/v1/audit/checkpoints?limit=100')).body.checkpoints as {
      treeSize: number;
      rootHash: string;
      note: string;
    }[];
    expect(signed.length).toBeGreaterThan(0);
    await waitUntil(async () => published.length >= signed.length);
    const key = SigningKey.loadExisting(join(dataDir, 'integrity-key.pem')) as SigningKey;
    for (const message of published) {
      const head = JSON.parse(message.value) as { origin: string; treeSize: number; rootHash: string; note: string };
      expect(message).toMatchObject({ key: head.origin, type: 'integrity.tree-head-signed' });
      // Each message is a checkpoint the hub's key signed, and the one the audit service publishes.
      expect(verifiedSignature(parseNote(head.note), key.verifierFor(head.origin))).toBeDefined();
      const listed = signed.find((checkpoint) => checkpoint.treeSize === head.treeSize);
      if (listed) expect(listed.rootHash).toBe(head.rootHash);
    }
  });

  it('loses and doubles no queue item when the decisions service is killed mid-stream and restarted', async () => {
    const cases = Array.from({ length: 10 }, (_, index) => `K10000${index}`);
    for (const crn of cases) expect((await allocate(crn)).status).toBe(201);
    const escalationIds: string[] = [];
    const posting = (async () => {
      for (let index = 0; index < 60; index += 1) {
        const response = await provider.post(`/v1/cases/${cases[index % cases.length]}/escalations`, escalation(`kill-${index}`));
        expect(response.status).toBe(201);
        escalationIds.push(response.body.escalationId);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await waitUntil(async () => escalationIds.length >= 15);
    services.decisions.process.kill('SIGKILL');
    await services.decisions.exited;
    await new Promise((resolve) => setTimeout(resolve, 500));
    await start('decisions');
    officer = clientFor(services.decisions.baseUrl, issueToken(env, 'decision-maker', 'officer-2'));
    await posting;
    await waitUntil(async () => (await queueItems()).filter((item) => item.crn.startsWith('K')).length >= 60);
    await new Promise((resolve) => setTimeout(resolve, 500)); // anything doubled would show by now
    const queued = (await queueItems()).filter((item) => item.crn.startsWith('K')).map((item) => item.itemId);
    expect(queued.sort()).toEqual([...escalationIds].sort());
  }, 180_000);
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
