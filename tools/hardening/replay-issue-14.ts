/**
 * Replays the outside security test's findings (issue 14) against the built hub, a request or two each,
 * and prints one line per check: PASS or FAIL with what was seen. Exits 1 if any check fails. Runs in
 * CI through apps/hub/src/hardening.e2e.spec.ts.
 *
 *   npm run check:hardening
 *
 * The hub runs on a fresh data folder behind a pretend proxy (HUB_TRUST_PROXY=loopback). Item 10 (the
 * two commands on a fresh machine) is checked by CI itself, which runs them on a clean clone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  anAllocation,
  ON_LICENCE,
  clientFor,
  freePort,
  HUB_MAIN,
  issueToken,
  signInThroughProxy,
  startHub,
  stopHub,
  waitForReady,
} from '../../apps/hub/src/testing/hub-process';

const PASSWORD = 'correct horse battery staple';
const RATE = 50; // requests a second per token on this hub: a burst of 250 passes

type Check = [item: string, what: string, run: () => Promise<string | true>];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-hardening-'));
  const dataDir = join(dir, 'data');
  const cli = (args: string[], input?: string) =>
    execFileSync(process.execPath, [HUB_MAIN, ...args], {
      env: { ...process.env, HUB_DATA_DIR: dataDir },
      input,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    }).toString();
  const provider = issueToken(dataDir, 'provider', 'crc07-cms', 'CRC07');
  const flooder = issueToken(dataDir, 'provider', 'crc07-flood', 'CRC07');
  const officer = issueToken(dataDir, 'decision-maker', 'po.alice');
  const auditor = issueToken(dataDir, 'auditor', 'auditor.frank');
  cli(['user', 'add', '--role', 'decision-maker', '--name', 'jo.officer'], `${PASSWORD}\n`);
  const hub = startHub({
    HUB_DATA_DIR: dataDir,
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    HUB_TRUST_PROXY: 'loopback',
    HUB_TOKEN_RATE_LIMIT: String(RATE),
  });
  const base = hub.baseUrl;
  const as = (token: string) => clientFor(base, token);
  const rawPost = (path: string, body: string, token = provider) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  // Licence cases: recall advice is drafted on them (a community order is enforced in court, never recalled).
  const allocation = (crn: string, overrides: Record<string, unknown> = {}) => ({
    ...anAllocation(crn, { sentence: ON_LICENCE }),
    ...overrides,
  });
  const escalation = (requestId: string, overrides: Record<string, unknown> = {}) => ({
    requestId,
    raisedBy: 'Jo Bloggs, case manager',
    proposedRosh: 'HIGH',
    urgency: 'ROUTINE',
    triggers: ['VICTIM_CONCERN'],
    summary: 'Seen near the victim’s home.',
    ...overrides,
  });
  const breachPack = (requestId: string, failures: unknown) => ({
    requestId,
    requirement: 'Unpaid work',
    failures,
    warningsIssued: 1,
    providerRecommendation: 'WARNING',
    summary: 'Missed two sessions.',
  });
  const expectStatus = (seen: number, wanted: number, detail = '') =>
    seen === wanted ? true : `status ${seen}, wanted ${wanted} ${detail}`;

  const signIn = (name: string, password: string, client: string) => signInThroughProxy(base, name, password, client);
  let session = '';
  const page = async (path: string) => {
    const text = await (await fetch(`${base}${path}`, { headers: { cookie: session } })).text();
    return {
      csrf: /name="csrf" value="([^"]+)"/.exec(text)?.[1] ?? '',
      recallAdviceId: /name="recallAdviceId" value="([^"]+)"/.exec(text)?.[1] ?? '',
    };
  };
  const postForm = (path: string, form: Record<string, string>) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  const checks: Check[] = [
    [
      '1',
      'a recall advice id already used on another case is refused (web form), nothing recorded',
      async () => {
        const first = await page('/cases/H100001/recall-advice');
        const form = { recallType: 'FIXED_TERM', emergency: 'no', rationale: 'Risk cannot be managed.', basedOn: escalationOn.H100001 };
        const drafted = await postForm('/cases/H100001/recall-advice', { csrf: first.csrf, recallAdviceId: first.recallAdviceId, ...form });
        if (drafted.status !== 303) return `drafting on H100001 gave ${drafted.status}`;
        const second = await page('/cases/H100002/recall-advice');
        const before = (await as(auditor).get('/v1/cases/H100002/timeline')).body.events.length;
        const taken = await postForm('/cases/H100002/recall-advice', {
          csrf: second.csrf,
          recallAdviceId: first.recallAdviceId,
          ...form,
          basedOn: escalationOn.H100002,
        });
        const after = (await as(auditor).get('/v1/cases/H100002/timeline')).body.events.length;
        return taken.status === 409 && after === before ? true : `status ${taken.status}, H100002 events ${before} → ${after}`;
      },
    ],
    [
      '2',
      'failures: [[{…}]] and [[]] are 400 and leave the requestId free for another case',
      async () => {
        const nested = await as(provider).post(
          '/v1/cases/H100001/breach-packs',
          breachPack('hb-1', [[{ date: '2026-10-01', description: 'Absent' }]]),
        );
        const empty = await as(provider).post('/v1/cases/H100001/breach-packs', breachPack('hb-1', [[]]));
        const elsewhere = await as(provider).post(
          '/v1/cases/H100002/breach-packs',
          breachPack('hb-1', [{ date: '2026-10-01', description: 'Absent' }]),
        );
        return nested.status === 400 && empty.status === 400 && elsewhere.status === 201
          ? true
          : `statuses ${nested.status}, ${empty.status}, then ${elsewhere.status} on another case`;
      },
    ],
    [
      '3',
      'JSON nested 5,000 levels deep is 400 before validation',
      async () => expectStatus((await rawPost('/v1/cases/H100001/escalations', '['.repeat(5000) + ']'.repeat(5000))).status, 400),
    ],
    [
      '4',
      'twenty wrong passwords from one client behind the proxy do not lock out staff at other addresses',
      async () => {
        for (let attempt = 0; attempt < 20; attempt += 1) await signIn(`guess.${attempt % 5}`, 'wrong', '203.0.113.66');
        const guesser = await signIn('jo.officer', PASSWORD, '203.0.113.66');
        const staff = await signIn('jo.officer', PASSWORD, '198.51.100.10');
        const secure = /Secure/.test(staff.headers.get('set-cookie') ?? '');
        return guesser.status === 429 && staff.status === 303 && secure
          ? true
          : `guesser ${guesser.status}, staff ${staff.status}, Secure cookie ${secure}`;
      },
    ],
    [
      '5',
      `the ${101}st open request on one case is 429 TOO_MANY_OPEN_REQUESTS`,
      async () => {
        for (let index = 1; index < 100; index += 1) {
          // (the case has one open request from the setup)
          const posted = await as(provider).post('/v1/cases/H100003/escalations', escalation(`flood-${index}`));
          if (posted.status !== 201) return `request ${index + 1} gave ${posted.status}`;
        }
        const next = await as(provider).post('/v1/cases/H100003/escalations', escalation('flood-over'));
        return next.status === 429 && next.body.code === 'TOO_MANY_OPEN_REQUESTS' ? true : `status ${next.status} ${next.body.code}`;
      },
    ],
    [
      '5',
      `a token over ${RATE} requests a second gets 429 with Retry-After`,
      async () => {
        const statuses = await Promise.all(
          Array.from({ length: RATE * 10 }, () => fetch(`${base}/v1/feed?limit=1`, { headers: { authorization: `Bearer ${flooder}` } })),
        );
        const limited = statuses.find((response) => response.status === 429);
        return limited && limited.headers.get('retry-after') ? true : `no 429 among ${statuses.length} requests`;
      },
    ],
    [
      '6',
      'sign-out without its CSRF token is refused and the session stays',
      async () => {
        const refused = await postForm('/sign-out', {});
        const still = await fetch(`${base}/queue`, { headers: { cookie: session }, redirect: 'manual' });
        return refused.status === 400 && still.status === 200 ? true : `sign-out ${refused.status}, then /queue ${still.status}`;
      },
    ],
    [
      '7',
      '/v1 answers are no-store and nosniff; /v1/docs has a CSP and frame protection; the HTML report is an attachment with a CSP',
      async () => {
        const api = await fetch(`${base}/v1/cases/H100001`, { headers: { authorization: `Bearer ${officer}` } });
        const docs = await fetch(`${base}/v1/docs`);
        const report = await fetch(`${base}/v1/cases/H100001/timeline?format=html`, { headers: { authorization: `Bearer ${auditor}` } });
        const problems = [
          api.headers.get('cache-control') !== 'no-store' && 'no Cache-Control: no-store on /v1',
          api.headers.get('x-content-type-options') !== 'nosniff' && 'no nosniff on /v1',
          !docs.headers.get('content-security-policy') && 'no CSP on /v1/docs',
          docs.headers.get('x-frame-options') !== 'DENY' && 'no X-Frame-Options on /v1/docs',
          !/attachment/.test(report.headers.get('content-disposition') ?? '') && 'report not an attachment',
          !report.headers.get('content-security-policy') && 'no CSP on the report',
        ].filter(Boolean);
        return problems.length === 0 ? true : problems.join('; ');
      },
    ],
    [
      '8',
      'NUL, bidi controls, zero-width characters and lone surrogates in a name are 400',
      async () => {
        const statuses = [];
        for (const raisedBy of ['Jo\u0000Bloggs', 'Jo\u202eBloggs', 'Jo\u200bBloggs', 'Jo\ud800Bloggs']) {
          statuses.push((await as(provider).post('/v1/cases/H100001/escalations', escalation('h-text', { raisedBy }))).status);
        }
        return statuses.every((status) => status === 400) ? true : `statuses ${statuses.join(', ')}`;
      },
    ],
    [
      '8',
      'a blank LDU or sentence type is 400; an unknown provider code is 422 UNKNOWN_PROVIDER',
      async () => {
        const ldu = await as(officer).post('/v1/cases', allocation('H100009', { ldu: '  ' }));
        const type = await as(officer).post(
          '/v1/cases',
          allocation('H100009', { sentence: { type: ' ', lengthMonths: 1, offenceCategory: 'OTHER' } }),
        );
        const unknown = await as(officer).post('/v1/cases', allocation('H100009', { provider: 'CRC99' }));
        return ldu.status === 400 && type.status === 400 && unknown.status === 422 && unknown.body.code === 'UNKNOWN_PROVIDER'
          ? true
          : `statuses ${ldu.status}, ${type.status}, ${unknown.status} ${unknown.body?.code}`;
      },
    ],
    [
      '8',
      '__proto__ keys and a key given twice are 400',
      async () => {
        const proto = await rawPost(
          '/v1/cases/H100001/escalations',
          JSON.stringify(escalation('h-proto')).replace('{', '{"__proto__":{"x":1},'),
        );
        const twice = await rawPost(
          '/v1/cases/H100001/escalations',
          JSON.stringify(escalation('h-twice')).replace('{', '{"summary":"other",'),
        );
        return proto.status === 400 && twice.status === 400 ? true : `statuses ${proto.status}, ${twice.status}`;
      },
    ],
    [
      '8',
      'a web form with a field it never sends is 400',
      async () => {
        const form = await page('/cases/H100001/recall-advice');
        const posted = await postForm('/cases/H100001/recall-advice', {
          csrf: form.csrf,
          recallAdviceId: form.recallAdviceId,
          recallType: 'STANDARD',
          emergency: 'no',
          rationale: 'x',
          basedOn: escalationOn.H100001,
          isAdmin: 'true',
        });
        return expectStatus(posted.status, 400);
      },
    ],
    [
      '9',
      'health hides the data folder; store files are owner-only; hub- names are reserved',
      async () => {
        const ready = await (await fetch(`${base}/health/ready`)).text();
        const modes = ['events.sqlite', 'read-models.sqlite', 'identity.sqlite'].map((file) =>
          (statSync(join(dataDir, file)).mode & 0o777).toString(8),
        );
        let reserved = false;
        try {
          issueToken(dataDir, 'admin', 'hub-scheduler');
        } catch {
          reserved = true;
        }
        const problems = [
          ready.includes(dataDir) && 'health shows the data folder',
          modes.some((mode) => mode !== '600') && `file modes ${modes.join(', ')}`,
          !reserved && 'a token was named hub-scheduler',
        ].filter(Boolean);
        return problems.length === 0 ? true : problems.join('; ');
      },
    ],
  ];

  const escalationOn: Record<string, string> = {};
  let failed = 0;
  try {
    await waitForReady(hub);
    for (const crn of ['H100001', 'H100002', 'H100003']) {
      await as(officer).post('/v1/cases', allocation(crn));
      escalationOn[crn] = (await as(provider).post(`/v1/cases/${crn}/escalations`, escalation(`setup-${crn}`))).body.escalationId;
    }
    const signedIn = await signIn('jo.officer', PASSWORD, '198.51.100.9');
    session = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
    for (const [item, what, run] of checks) {
      let outcome: string | true;
      try {
        outcome = await run();
      } catch (error) {
        outcome = `threw ${error instanceof Error ? error.message : String(error)}`;
      }
      if (outcome !== true) failed += 1;
      console.log(`${outcome === true ? 'PASS' : 'FAIL'}  item ${item.padEnd(2)} ${what}${outcome === true ? '' : ` — ${outcome}`}`);
    }
  } finally {
    await stopHub(hub);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${checks.length - failed} of ${checks.length} checks passed.`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
