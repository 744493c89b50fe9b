import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientFor, freePort, HUB_MAIN, issueToken, startHub, stopHub, waitForReady } from './testing/hub-process';

/** The operator's command line against a real data folder. */
describe('hub command line: replay and rebuild-projections', () => {
  let dir: string;
  let dataDir: string;
  const hubCli = (...args: string[]) =>
    spawnSync(process.execPath, [HUB_MAIN, ...args], { env: { ...process.env, HUB_DATA_DIR: dataDir }, encoding: 'utf8' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
    dataDir = join(dir, 'data');
    const officer = issueToken(dataDir, 'decision-maker', 'po.alice');
    const provider = issueToken(dataDir, 'provider', 'crc07', 'CRC07');
    const hub = startHub({ PORT: String(await freePort()), HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    await waitForReady(hub);
    await clientFor(hub.baseUrl, officer).post('/v1/cases', {
      crn: 'R100001',
      ldu: 'LDU-MAN-N',
      provider: 'CRC07',
      sentence: { type: 'Licence', lengthMonths: 30, offenceCategory: 'VIOLENT' },
      rosh: 'LOW',
      mappa: null,
      exceptionalPublicInterest: false,
    });
    await clientFor(hub.baseUrl, provider).post('/v1/cases/R100001/escalations', {
      requestId: 'cli-1',
      raisedBy: 'Jo',
      proposedRosh: 'HIGH',
      urgency: 'URGENT',
      triggers: ['VICTIM_CONCERN'],
      summary: 'Waiting outside her workplace.',
    });
    await stopHub(hub);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays a case in the terminal and confirms its chain', () => {
    const result = hubCli('replay', 'R100001');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\s+0 {2}\S+ {2}case\.allocated\s+po\.alice \(decision-maker\)/m);
    expect(result.stdout).toMatch(/^\s+1 {2}\S+ {2}escalation\.requested\s+crc07 \(provider CRC07\)/m);
    expect(result.stdout).toContain('Chain intact: 2 events');
    expect(hubCli('replay', 'R100001', '--as-of', '2000-01-01T00:00:00Z').status).toBe(1);
    expect(hubCli('replay').status).toBe(64);
  });

  it('rebuilds every read model from the events, to the same answers', async () => {
    const result = hubCli('rebuild-projections');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Rebuilt 5 read models from 3 events');
    const officer = execFileSync(process.execPath, [HUB_MAIN, 'token', 'issue', '--role', 'decision-maker', '--name', 'po.bob'], {
      env: { ...process.env, HUB_DATA_DIR: dataDir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const hub = startHub({ PORT: String(await freePort()), HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    try {
      await waitForReady(hub);
      const queue = await clientFor(hub.baseUrl, officer).get('/v1/queue');
      expect(queue.body.items).toEqual([expect.objectContaining({ crn: 'R100001', kind: 'ESCALATION' })]);
    } finally {
      await stopHub(hub);
    }
  }, 60_000);
});
