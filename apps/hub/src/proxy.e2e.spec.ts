import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  anAllocation,
  clientFor,
  freePort,
  HUB_MAIN,
  issueToken,
  RunningHub,
  signInThroughProxy,
  startHub,
  stopHub,
  waitForReady,
} from './testing/hub-process';

const PASSWORD = 'correct horse battery staple';

/**
 * The hub behind a TLS-terminating proxy, as docs/deployment describe: with HUB_TRUST_PROXY naming the
 * proxy, the client's own address and HTTPS come from X-Forwarded-For and X-Forwarded-Proto; without
 * it, those headers (which any client can send) are ignored.
 */
describe('behind a proxy (HUB_TRUST_PROXY)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-proxy-'));
  const dataDir = join(dir, 'data');
  let hub: RunningHub | undefined;
  let auditor: string;
  let officer: string;

  beforeAll(() => {
    auditor = issueToken(dataDir, 'auditor', 'auditor.frank');
    officer = issueToken(dataDir, 'decision-maker', 'po.alice');
    issueToken(dataDir, 'provider', 'crc07-cms', 'CRC07'); // cases go only to providers the hub knows
    execFileSync(process.execPath, [HUB_MAIN, 'user', 'add', '--role', 'spo', '--name', 'sue.spo'], {
      env: { ...process.env, HUB_DATA_DIR: dataDir },
      input: `${PASSWORD}\n`,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  });

  afterEach(async () => {
    if (hub) await stopHub(hub);
    hub = undefined;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = async (extra: Record<string, string> = {}) => {
    hub = startHub({ HUB_DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'warn', ...extra });
    await waitForReady(hub);
    return hub;
  };

  const signIn = signInThroughProxy;

  it('believes the named proxy: real client addresses in the access log and the throttle, Secure cookies over HTTPS', async () => {
    const { baseUrl } = await start({ HUB_TRUST_PROXY: 'loopback' });
    expect((await clientFor(baseUrl, officer).post('/v1/cases', anAllocation('P100001'))).status).toBe(201);
    await fetch(`${baseUrl}/v1/cases/P100001`, { headers: { authorization: `Bearer ${auditor}`, 'x-forwarded-for': '203.0.113.7' } });
    const reads = (await clientFor(baseUrl, auditor).get('/v1/cases/P100001/access-log')).body.reads as { from: string }[];
    expect(reads[0].from).toBe('203.0.113.7');

    const signedIn = await signIn(baseUrl, 'sue.spo', PASSWORD, '198.51.100.9');
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('set-cookie')).toMatch(/ehub_session=[^;]+;.*Secure/);

    // One client guessing (twenty wrong passwords, five names) is slowed at its own address only:
    // the staff behind the same proxy still sign in.
    for (let attempt = 0; attempt < 20; attempt += 1) {
      expect((await signIn(baseUrl, `guess.${attempt % 5}`, 'wrong password here', '203.0.113.66')).status).toBe(401);
    }
    expect((await signIn(baseUrl, 'sue.spo', PASSWORD, '203.0.113.66')).status).toBe(429);
    expect((await signIn(baseUrl, 'sue.spo', PASSWORD, '198.51.100.10')).status).toBe(303);
  }, 60_000);

  it('ignores forwarded headers from a client when no proxy is named, and refuses a setting it cannot read', async () => {
    const { baseUrl } = await start();
    await fetch(`${baseUrl}/v1/cases/P100001`, { headers: { authorization: `Bearer ${auditor}`, 'x-forwarded-for': '203.0.113.8' } });
    const reads = (await clientFor(baseUrl, auditor).get('/v1/cases/P100001/access-log')).body.reads as { from: string }[];
    expect(reads[1].from).toMatch(/127\.0\.0\.1/);
    const signedIn = await signIn(baseUrl, 'sue.spo', PASSWORD, '198.51.100.11');
    expect(signedIn.headers.get('set-cookie')).not.toMatch(/Secure/);
    await stopHub(hub as RunningHub);

    hub = startHub({ HUB_DATA_DIR: dataDir, PORT: String(await freePort()), HUB_TRUST_PROXY: 'everyone, please' });
    expect(await hub.exited).toBe(78);
    expect(hub.output()).toContain('HUB_TRUST_PROXY: must be the number of proxy hops');
    hub = undefined;
  }, 60_000);
});
