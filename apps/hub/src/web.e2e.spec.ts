import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from './testing/browser';
import {
  anAllocation,
  ON_LICENCE,
  clientFor,
  freePort,
  HUB_MAIN,
  issueToken,
  RunningHub,
  startHub,
  stopHub,
  TEST_STORES,
  waitForReady,
} from './testing/hub-process';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'correct horse battery staple';

/** The London wall-clock fields of an instant, as a person would type them into the "as it stood at" picker. */
function londonFields(at: Date): { day: string; month: string; year: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return { day: part('day'), month: part('month'), year: part('year'), time: `${part('hour')}:${part('minute')}:${part('second')}` };
}

/**
 * The web interface in a real browser (Debian's Chromium driven by playwright-core) against the built
 * hub: sign in, the queue, claiming, deciding (with a conflict), recall advice countersigned twice,
 * the auditor's as-of replay, downloads and access log; roles and CSRF; axe-core on every page.
 */
describe('the web interface in a browser', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-web-'));
  let hub: RunningHub;
  let browser: Browser;
  let officerApi: ReturnType<typeof clientFor>;
  let providerApi: ReturnType<typeof clientFor>;
  let auditorApi: ReturnType<typeof clientFor>;
  let firstEscalation: string;
  let secondEscalation: string;
  let breachPack: string;
  /** A moment after the cases were set up and before anyone acted on them in the browser. */
  let beforeAnyAction: Date;

  const addUser = (role: string, name: string) =>
    execFileSync(process.execPath, [HUB_MAIN, 'user', 'add', '--role', role, '--name', name], {
      env: { ...process.env, HUB_DATA_DIR: dataDir },
      input: `${PASSWORD}\n`,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  const escalate = async (crn: string, requestId: string, urgency: string, summary: string) => {
    const posted = await providerApi.post(`/v1/cases/${crn}/escalations`, {
      requestId,
      raisedBy: 'Jo Bloggs',
      proposedRosh: 'HIGH',
      urgency,
      triggers: ['VICTIM_CONCERN'],
      summary,
    });
    expect(posted.status).toBe(201);
    return posted.body.escalationId as string;
  };

  beforeAll(async () => {
    for (const [role, name] of [
      ['decision-maker', 'jo.officer'],
      ['spo', 'sue.spo'],
      ['spo', 'sid.spo'],
      ['aco', 'al.aco'],
      ['auditor', 'sam.auditor'],
    ])
      addUser(role, name);
    hub = startHub({ HUB_DATA_DIR: dataDir, PORT: String(await freePort()) });
    await waitForReady(hub);
    officerApi = clientFor(hub.baseUrl, issueToken(dataDir, 'decision-maker', 'api-officer'));
    providerApi = clientFor(hub.baseUrl, issueToken(dataDir, 'provider', 'crc07-cms', 'CRC07'));
    auditorApi = clientFor(hub.baseUrl, issueToken(dataDir, 'auditor', 'api-auditor'));
    expect((await officerApi.post('/v1/cases', anAllocation('W100001'))).status).toBe(201);
    expect((await officerApi.post('/v1/cases', anAllocation('W100002', { sentence: ON_LICENCE }))).status).toBe(201);
    firstEscalation = await escalate('W100001', 'web-1', 'IMMEDIATE', 'Victim reports contact');
    secondEscalation = await escalate('W100001', 'web-2', 'ROUTINE', 'Missed two appointments');
    const pack = await providerApi.post('/v1/cases/W100002/breach-packs', {
      requestId: 'web-bp-1',
      requirement: 'Unpaid work',
      failures: [{ date: '2026-11-20', description: 'Did not attend' }],
      warningsIssued: 2,
      providerRecommendation: 'RECALL',
      summary: 'Third failure to attend after two warnings',
    });
    expect(pack.status).toBe(201);
    breachPack = pack.body.breachPackId;
    // Whole seconds apart from what the browser does next, so a person can name the moment in between.
    await new Promise((wait) => setTimeout(wait, 1100));
    beforeAnyAction = new Date(Math.floor(Date.now() / 1000) * 1000);
    await new Promise((wait) => setTimeout(wait, 1100));
    browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
  }, 600_000); // the first run on a fresh machine installs Chromium

  afterAll(async () => {
    await browser?.close();
    if (hub) await stopHub(hub);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Serious or critical accessibility violations on the page, by rule id. */
  const accessibilityProblems = async (page: Page): Promise<string[]> => {
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const result = await (
        globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }
      ).axe.run();
      return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact }));
    });
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => violation.id);
  };

  /** A page the tests may inject axe-core into: the hub's Content-Security-Policy allows no foreign inline script. */
  const newPage = () => browser.newPage({ bypassCSP: true });

  const signIn = async (name: string, password = PASSWORD): Promise<Page> => {
    const page = await newPage();
    await page.goto(`${hub.baseUrl}/sign-in`);
    await page.getByLabel('User name').fill(name);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  };

  /** Clicks a form's button and answers the status of the POST it sent (before any redirect is followed). */
  const submit = async (page: Page, button: string): Promise<number> => {
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
      page.getByRole('button', { name: button }).click(),
    ]);
    await page.waitForLoadState();
    return response.status();
  };

  const mainText = (page: Page) => page.locator('main').innerText();
  const eventTypes = async (crn: string): Promise<string[]> =>
    (await auditorApi.get(`/v1/cases/${crn}/timeline`)).body.events.map((event: { type: string }) => event.type);

  it('serves pages under a Content-Security-Policy that lets GOV.UK Frontend run and nothing else inline', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });
    const response = await page.goto(`${hub.baseUrl}/sign-in`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    // The layout's own inline script (nonce) and GOV.UK Frontend's module both ran.
    expect(await page.locator('body').getAttribute('class')).toContain('govuk-frontend-supported');
    await page.locator('.govuk-password-input__toggle:not([hidden])').waitFor();
    expect(refused).toEqual([]); // nothing of the page's own was blocked
    await expect(page.addScriptTag({ content: 'window.injected = true' })).rejects.toThrow(/Content Security Policy/);
    // The browsable API works under its own policy (the injection above was refused, as it should be).
    refused.length = 0;
    await page.goto(`${hub.baseUrl}/v1/docs`);
    await page.locator('.swagger-ui .info .title', { hasText: 'Escalation Hub API' }).waitFor();
    expect(refused).toEqual([]);
    await page.close();
  }, 60_000);

  it('signs a decision-maker in, shows the queue, claims an item and shows the case', async () => {
    const page = await newPage();
    await page.goto(`${hub.baseUrl}/queue`);
    expect(page.url()).toBe(`${hub.baseUrl}/sign-in`); // not signed in yet
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByLabel('User name').fill('jo.officer');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The user name or password is not right');
    expect(await page.title()).toBe('Error: Sign in – Escalation Hub');
    await page.close();

    const officer = await signIn('jo.officer');
    expect(officer.url()).toBe(`${hub.baseUrl}/queue`);
    expect(await officer.locator('#queue-count').innerText()).toMatch(/^Showing 1 to 3 of 3 open items/);
    const row = officer.locator('tr', { hasText: 'Victim reports contact' });
    expect(await row.innerText()).toContain('Risk escalation');
    expect(await row.innerText()).toMatch(/Due in (1 hour|2 hours|\d+ minutes)/);
    expect(await row.innerText()).toContain('Nobody');
    expect(await accessibilityProblems(officer)).toEqual([]);
    const cookies = await officer.context().cookies();
    expect(cookies.find((cookie) => cookie.name === 'ehub_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await row.getByRole('button', { name: /Claim/ }).click();
    expect(await officer.locator('.govuk-notification-banner').innerText()).toContain('You hold this item now');
    expect(await officer.locator('tr', { hasText: 'Victim reports contact' }).innerText()).toContain('You');

    await officer.locator('tr', { hasText: 'Victim reports contact' }).getByRole('link', { name: 'W100001' }).click();
    expect(await officer.locator('h1').innerText()).toBe('W100001');
    expect(await officer.locator('.govuk-summary-list').first().innerText()).toContain('CRC07');
    expect(await officer.locator('table').first().innerText()).toContain('jo.officer');
    expect(await officer.locator('#integrity').innerText()).toContain('Record intact');
    expect(await accessibilityProblems(officer)).toEqual([]);

    // A sign-out without the page's token (posted from elsewhere) ends nothing.
    const forged = await officer.request.post(`${hub.baseUrl}/sign-out`, { form: { csrf: 'forged' }, maxRedirects: 0 });
    expect(forged.status()).toBe(400);
    expect(await forged.text()).toContain('You are still signed in');
    const bare = await officer.request.post(`${hub.baseUrl}/sign-out`, { maxRedirects: 0 });
    expect(bare.status()).toBe(400);
    await officer.goto(`${hub.baseUrl}/queue`);
    expect(officer.url()).toBe(`${hub.baseUrl}/queue`);
    await officer.getByRole('button', { name: 'Sign out' }).click();
    expect(officer.url()).toBe(`${hub.baseUrl}/sign-in?notice=signedOut`);
    await officer.goto(`${hub.baseUrl}/queue`);
    expect(officer.url()).toBe(`${hub.baseUrl}/sign-in`);
    await officer.close();

    // Guessing is slowed: after five wrong passwords for a name, even the right one waits.
    const guesser = await newPage();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await guesser.goto(`${hub.baseUrl}/sign-in`);
      await guesser.getByLabel('User name').fill('sid.spo');
      await guesser.getByLabel('Password', { exact: true }).fill(`guess number ${attempt}`);
      expect(await submit(guesser, 'Sign in')).toBe(401);
    }
    await guesser.goto(`${hub.baseUrl}/sign-in`);
    await guesser.getByLabel('User name').fill('sid.spo');
    await guesser.getByLabel('Password', { exact: true }).fill(PASSWORD);
    expect(await submit(guesser, 'Sign in')).toBe(429);
    expect(await guesser.locator('.govuk-error-summary').innerText()).toMatch(/Too many wrong passwords. Wait 1[45] minutes/);
    await guesser.close();
  }, 60_000);

  it('decides an escalation, with errors in the GOV.UK summary first, and explains a decision made while someone was reading', async () => {
    const officer = await signIn('jo.officer');
    await officer.goto(`${hub.baseUrl}/items/${firstEscalation}/decision`);
    expect(await officer.locator('h1').innerText()).toBe('Decide this risk escalation');
    expect(await submit(officer, 'Record decision')).toBe(400);
    expect(await officer.title()).toBe('Error: Decide: risk escalation on case W100001 – Escalation Hub');
    const summary = officer.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Select what you have decided');
    expect(await summary.innerText()).toContain('Enter the reasons for your decision');
    expect(await summary.getByRole('link', { name: 'Enter the reasons for your decision' }).getAttribute('href')).toBe('#rationale');
    expect(await accessibilityProblems(officer)).toEqual([]);
    expect(await eventTypes('W100001')).not.toContain('escalation.decided');

    await officer.getByLabel('Transfer to the public service').check();
    await officer.getByLabel('Your reasons').fill('Threats against the victim: the public service takes the case.');
    await officer.getByLabel('Revised risk of serious harm (optional)').selectOption('VERY_HIGH');
    expect(await submit(officer, 'Record decision')).toBe(303);
    expect(officer.url()).toBe(`${hub.baseUrl}/cases/W100001?notice=decided`);
    expect(await officer.locator('.govuk-notification-banner').innerText()).toContain('Your decision is recorded');
    expect(await mainText(officer)).toContain('The public service (NPS)');
    expect(await officer.locator('#timeline').innerText()).toContain('decided: transfer to the public service, RoSH revised to Very high');
    // The provider learns of it through its feed, as from a decision over the API.
    const feed = await providerApi.get('/v1/feed');
    expect(feed.body.events.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['escalation.decided', 'case.transferred']),
    );

    // Two people read the same unclaimed item; one decides; the other's decision is refused and explained.
    const spo = await signIn('sue.spo');
    await spo.goto(`${hub.baseUrl}/items/${secondEscalation}/decision`);
    await officer.goto(`${hub.baseUrl}/items/${secondEscalation}/decision`);
    await officer.getByLabel('Keep with the provider').check();
    await officer.getByLabel('Your reasons').fill('Attendance issue only; the provider manages it.');
    expect(await submit(officer, 'Record decision')).toBe(303);
    await spo.getByLabel('Ask the provider for more information').check();
    await spo.getByLabel('Your reasons').fill('I want to see the attendance record first.');
    expect(await submit(spo, 'Record decision')).toBe(409);
    expect(await spo.locator('#refusal').innerText()).toContain('jo.officer decided this at');
    expect(await spo.locator('#refusal').innerText()).toContain('while you were reading. Your decision was not recorded.');
    expect(await spo.locator('#decision').innerText()).toContain('Keep with the provider');
    expect(await spo.locator('#your-draft').innerText()).toContain('What you wrote (not recorded)');
    expect(await spo.locator('form', { hasText: 'Record decision' }).count()).toBe(0);
    expect(await accessibilityProblems(spo)).toEqual([]);
    expect((await eventTypes('W100001')).filter((type) => type === 'escalation.decided')).toHaveLength(2);
    await Promise.all([officer.close(), spo.close()]);
  }, 60_000);

  it('records risk information on a public-service case, moves the case to another area, and closes it, from its page', async () => {
    expect((await officerApi.post('/v1/cases', { ...anAllocation('W100009'), rosh: 'HIGH' })).status).toBe(201);
    const officer = await signIn('jo.officer');
    await officer.goto(`${hub.baseUrl}/cases/W100009`);
    await officer.getByRole('button', { name: 'Record risk information' }).click();
    expect(await officer.locator('h1').innerText()).toBe('Record information bearing on risk');
    expect(await submit(officer, 'Record it')).toBe(400);
    const summary = await officer.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Select where it came from');
    expect(summary).toContain('Enter the day and time it became known');
    expect(await accessibilityProblems(officer)).toEqual([]);
    await officer.getByLabel('A victim or their family').check();
    await officer.getByLabel('How did it come?').fill('Phone call to the victim liaison officer');
    const today = new Date().toISOString().slice(0, 10);
    await officer.getByLabel('When did it become known? Day').fill(today);
    await officer.getByLabel('Time (London)').fill('00:05');
    await officer.getByLabel('Who received it?').fill('Sam Patel, victim liaison officer');
    await officer.getByRole('textbox', { name: 'What was said' }).fill('His partner says he waits outside her workplace.');
    expect(await submit(officer, 'Record it')).toBe(303);
    expect(officer.url()).toBe(`${hub.baseUrl}/cases/W100009?notice=riskRecorded`);
    expect(await mainText(officer)).toContain('Risk information to review');
    expect(await eventTypes('W100009')).toContain('risk-information.recorded');

    // The public service reassesses from the case page: a RoSH review, then a MAPPA level refused by the rules.
    const reviewAssessment = async () => {
      await officer.getByRole('button', { name: 'Record a RoSH review' }).click();
      await officer.getByLabel('Very high').check();
      await officer.getByLabel('Who assessed it?').fill('jo.officer');
      await officer.getByLabel('The day of the assessment').fill(today);
      await officer.getByLabel('Assessment reference').fill('OASYS-W100009-2');
      return submit(officer, 'Record the review');
    };
    expect(await reviewAssessment()).toBe(303);
    expect(officer.url()).toBe(`${hub.baseUrl}/cases/W100009?notice=reassessed`);
    expect(await officer.locator('#timeline').innerText()).toContain('RoSH reviewed: Very high (was High)');
    // The same review sent again (a form sent twice) records nothing, and the page does not say it was recorded.
    const reviewsBefore = (await eventTypes('W100009')).filter((type) => type === 'rosh.reviewed').length;
    expect(await reviewAssessment()).toBe(303);
    expect(officer.url()).toBe(`${hub.baseUrl}/cases/W100009?notice=nothingNew`);
    expect(await mainText(officer)).toContain('Nothing new was recorded');
    expect((await eventTypes('W100009')).filter((type) => type === 'rosh.reviewed')).toHaveLength(reviewsBefore);
    await officer.getByRole('button', { name: 'Record a MAPPA change' }).click();
    await officer.getByLabel('Category 3').check();
    await officer.getByLabel('Level 1').check();
    expect(await submit(officer, 'Record the change')).toBe(422);
    expect(await officer.locator('#refusal').innerText()).toContain('level 2 or 3');
    expect(await accessibilityProblems(officer)).toEqual([]);
    await officer.goto(`${hub.baseUrl}/cases/W100009`);

    await officer.getByRole('button', { name: 'Transfer to another area' }).click();
    await officer.getByLabel('Receiving area (LDU code)').fill('LDU-LDS-S');
    await officer.getByLabel('Its contracted provider').fill('CRC07');
    await officer.getByLabel('Why should the case move?').fill('He has moved to Leeds.');
    expect(await submit(officer, 'Ask the receiving area')).toBe(303);
    expect(officer.url()).toBe(`${hub.baseUrl}/cases/W100009?notice=transferRequested`);
    const transferId = (await officerApi.get('/v1/queue?kind=TRANSFER')).body.items.find(
      (item: { crn: string }) => item.crn === 'W100009',
    ).itemId;
    // Its requester cannot answer it; another officer, for the receiving area, accepts it.
    await officer.goto(`${hub.baseUrl}/items/${transferId}/decision`);
    expect(await officer.locator('#blocker').innerText()).toContain('the receiving area must answer it');
    const spo = await signIn('sue.spo');
    await spo.goto(`${hub.baseUrl}/items/${transferId}/decision`);
    await spo.getByLabel('Accept the case into the receiving area').check();
    await spo.getByLabel('Your reasons').fill('Address verified in Leeds.');
    expect(await submit(spo, 'Record decision')).toBe(303);
    expect(await mainText(spo)).toContain('LDU-LDS-S');

    await officer.goto(`${hub.baseUrl}/cases/W100009`);
    await officer.getByRole('button', { name: 'Close the case' }).click();
    await officer.getByLabel('Other').check();
    await officer.getByLabel('The day it ended').fill(today);
    expect(await submit(officer, 'Close the case')).toBe(400);
    expect(await officer.locator('.govuk-error-summary').innerText()).toContain('Enter why supervision has ended when the reason is Other');
    await officer.getByLabel('Sentence ended').check();
    expect(await submit(officer, 'Close the case')).toBe(303);
    expect(officer.url()).toBe(`${hub.baseUrl}/cases/W100009?notice=closed`);
    expect(await mainText(officer)).toContain('Sentence ended, from');
    // A closed case offers only a new sentence, which opens it again.
    expect(await officer.locator('#case-actions').innerText()).toBe('Record a new sentence');
    const types = await eventTypes('W100009');
    expect(types.slice(-2)).toEqual(['item.withdrawn', 'case.closed']);
    expect(await accessibilityProblems(officer)).toEqual([]);
    await Promise.all([officer.close(), spo.close()]);
  }, 60_000);

  it('drafts recall advice and has it countersigned by an SPO and then an ACO; a decision-maker cannot countersign', async () => {
    const officer = await signIn('jo.officer');
    await officer.goto(`${hub.baseUrl}/items/${breachPack}/decision`);
    await officer.getByLabel('Recall', { exact: true }).check();
    await officer.getByLabel('Your reasons').fill('Third failure after two warnings; risk is rising.');
    expect(await submit(officer, 'Record decision')).toBe(303);

    await officer.goto(`${hub.baseUrl}/cases/W100002`);
    await officer.getByRole('button', { name: 'Advise recall' }).click();
    expect(await officer.locator('h1').innerText()).toBe('Advise recall');
    expect(await submit(officer, 'Send for countersignature')).toBe(400);
    const summary = await officer.locator('.govuk-error-summary').innerText();
    for (const message of ['Select the type of recall', 'Select yes if this is an emergency recall', 'Enter the reasons for recall'])
      expect(summary).toContain(message);
    expect(await accessibilityProblems(officer)).toEqual([]);
    await officer.getByLabel('Fixed-term recall', { exact: true }).check();
    await officer.getByLabel('No', { exact: true }).check();
    await officer.getByLabel(`Breach pack ${breachPack}`).check();
    await officer.getByLabel('Reasons for recall').fill('Risk can no longer be managed in the community.');
    expect(await submit(officer, 'Send for countersignature')).toBe(303);
    expect(await officer.locator('.govuk-notification-banner').innerText()).toContain('It now waits for an SPO');
    const recallAdviceId = (await officer.locator('#timeline').innerText()).match(/ra-[\w-]+/)?.[0];
    expect(recallAdviceId).toBeDefined();

    // A decision-maker (here its author) reads the advice but is offered no countersignature, and cannot post one.
    await officer.goto(`${hub.baseUrl}/items/${recallAdviceId}/countersignature`);
    expect(await officer.locator('#blocker').innerText()).toContain('You wrote this recall advice');
    expect(await officer.getByRole('button', { name: /Countersign/ }).count()).toBe(0);
    const csrf = await officer.locator('input[name=csrf]').first().inputValue();
    const posted = await officer.request.post(`${hub.baseUrl}/items/${recallAdviceId}/countersignature`, {
      form: { csrf, rationale: 'I sign this myself' },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(403);
    expect(await accessibilityProblems(officer)).toEqual([]);

    // An ACO cannot go first: the page says who must sign next, and offers no form.
    const aco = await signIn('al.aco');
    await aco.goto(`${hub.baseUrl}/items/${recallAdviceId}/countersignature`);
    expect(await aco.locator('#blocker').innerText()).toContain('needs a senior probation officer (SPO) to countersign it next');
    expect(await aco.getByRole('button', { name: /Countersign/ }).count()).toBe(0);

    const spo = await signIn('sue.spo');
    await spo.goto(`${hub.baseUrl}/queue?kind=RECALL_COUNTERSIGN`);
    await spo.getByRole('link', { name: 'Recall advice to countersign' }).click();
    expect(await spo.locator('h1').innerText()).toBe('Countersign recall advice');
    expect(await submit(spo, 'Countersign')).toBe(400);
    expect(await spo.locator('.govuk-error-summary').innerText()).toContain('Enter your comment on the recall advice');
    await spo.getByLabel('Your comment').fill('Agree: recall is necessary.');
    expect(await submit(spo, 'Countersign')).toBe(303);
    expect(await spo.locator('.govuk-notification-banner').innerText()).toContain('now waits for an ACO');
    await spo.goto(`${hub.baseUrl}/items/${recallAdviceId}/countersignature`);
    expect(await spo.locator('#blocker').innerText()).toContain('You have countersigned this advice already');
    expect(await accessibilityProblems(spo)).toEqual([]);

    await aco.goto(`${hub.baseUrl}/items/${recallAdviceId}/countersignature`);
    expect(await aco.locator('#signatures').innerText()).toContain('sue.spo');
    await aco.getByLabel('Your comment').fill('Approved for issue.');
    expect(await accessibilityProblems(aco)).toEqual([]);
    expect(await submit(aco, 'Countersign and issue')).toBe(303);
    expect(await aco.locator('.govuk-notification-banner').innerText()).toContain('the recall advice is issued');
    expect(await eventTypes('W100002')).toEqual(
      expect.arrayContaining(['recall-advice.countersigned-by-spo', 'recall-advice.countersigned-by-aco', 'recall-advice.issued']),
    );
    const issued = (await providerApi.get('/v1/feed')).body.events.find((event: { type: string }) => event.type === 'recall-advice.issued');
    // Issued advice, with its reasons; who drafted and countersigned it stays inside the public service.
    expect(issued.data).toMatchObject({ recallAdviceId, recallType: expect.any(String) });
    expect(JSON.stringify(issued)).not.toMatch(/sue\.spo|al\.aco|jo\.officer/);

    // The ACO keeps a case with the public service for an exceptional public interest; its page says why, and who authorised it.
    expect((await officerApi.post('/v1/cases', anAllocation('W100005'))).status).toBe(201);
    await aco.goto(`${hub.baseUrl}/cases/W100005`);
    await aco.getByRole('button', { name: 'Record an exceptional public interest' }).click();
    await aco
      .getByLabel('Why the public interest calls for the public service to manage the case')
      .fill('Sustained national press interest.');
    expect(await submit(aco, 'Record and authorise')).toBe(303);
    expect(aco.url()).toBe(`${hub.baseUrl}/cases/W100005?notice=reassessed`);
    expect(await aco.locator('.govuk-summary-list').innerText()).toMatch(
      /Exceptional public interest\s+Sustained national press interest\. \(authorised by al\.aco\)/,
    );

    // The same form sent twice (a double click, a resend) records one advice.
    await officer.goto(`${hub.baseUrl}/cases/W100002/recall-advice`);
    const form = {
      csrf: await officer.locator('input[name=csrf]').first().inputValue(),
      recallAdviceId: await officer.locator('input[name=recallAdviceId]').inputValue(),
      recallType: 'STANDARD',
      emergency: 'no',
      exclusion: 'CHARGED_WITH_FURTHER_OFFENCE',
      exclusionDetails: 'Charged with burglary.',
      rationale: 'New charge: standard recall.',
      basedOn: breachPack,
    };
    const drafted = async () => (await eventTypes('W100002')).filter((type) => type === 'recall-advice.drafted').length;
    const before = await drafted();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await officer.request.post(`${hub.baseUrl}/cases/W100002/recall-advice`, { form, maxRedirects: 0 })).status()).toBe(303);
    }
    expect(await drafted()).toBe(before + 1);
    // Back to the form (a new id) and the same advice sent again: still one.
    await officer.goto(`${hub.baseUrl}/cases/W100002/recall-advice`);
    const again = { ...form, recallAdviceId: await officer.locator('input[name=recallAdviceId]').inputValue() };
    expect(again.recallAdviceId).not.toBe(form.recallAdviceId);
    expect((await officer.request.post(`${hub.baseUrl}/cases/W100002/recall-advice`, { form: again, maxRedirects: 0 })).status()).toBe(303);
    expect(await drafted()).toBe(before + 1);

    // Another case's pending advice id, posted with a form for another licence case: refused, and nothing changes on either case.
    expect((await officerApi.post('/v1/cases', anAllocation('W100004', { sentence: ON_LICENCE }))).status).toBe(201);
    const w100004Before = await eventTypes('W100004');
    await officer.goto(`${hub.baseUrl}/cases/W100004/recall-advice`);
    const { basedOn: _basis, ...withoutBasis } = form;
    const hijack = { ...withoutBasis, csrf: await officer.locator('input[name=csrf]').first().inputValue() };
    const taken = await officer.request.post(`${hub.baseUrl}/cases/W100004/recall-advice`, { form: hijack, maxRedirects: 0 });
    expect(taken.status()).toBe(409);
    expect(await eventTypes('W100004')).toEqual(w100004Before);
    const w100001Before = await eventTypes('W100001');
    expect((await officerApi.get(`/v1/queue?kind=RECALL_COUNTERSIGN&limit=1000`)).body.items).toContainEqual(
      expect.objectContaining({ itemId: form.recallAdviceId, crn: 'W100002' }),
    );
    // A field the form never sends is refused like an unknown JSON field: nothing recorded.
    await officer.goto(`${hub.baseUrl}/cases/W100001/recall-advice`);
    const padded = {
      ...hijack,
      recallAdviceId: await officer.locator('input[name=recallAdviceId]').inputValue(),
      csrf: await officer.locator('input[name=csrf]').first().inputValue(),
      constructor: 'x',
    };
    const unknownField = await officer.request.post(`${hub.baseUrl}/cases/W100001/recall-advice`, { form: padded, maxRedirects: 0 });
    expect(unknownField.status()).toBe(400);
    expect(await unknownField.text()).toContain('this page does not send constructor');
    expect(await eventTypes('W100001')).toEqual(w100001Before);
    await Promise.all([officer.close(), spo.close(), aco.close()]);
  }, 90_000);

  it('lets the ACO return recall advice, its author revise it, both sign again, and staff record what followed', async () => {
    const officer = await signIn('jo.officer');
    await officer.goto(`${hub.baseUrl}/cases/W100002/recall-advice`);
    await officer.getByLabel('Standard recall', { exact: true }).check();
    await officer.getByLabel('Yes', { exact: true }).check();
    await officer.getByLabel('Risk of serious harm if released at the end of a fixed term').check();
    await officer.getByLabel('Reasons for recall').fill('Whereabouts unknown since Tuesday.');
    expect(await submit(officer, 'Send for countersignature')).toBe(422);
    expect(await officer.locator('#refusal').innerText()).toContain('needs its details in words');
    await officer.getByLabel('Details of the exclusion').fill('Threats to his former partner; she lives near the hostel.');
    expect(await submit(officer, 'Send for countersignature')).toBe(303);
    const advice = (await officerApi.get('/v1/queue?kind=RECALL_COUNTERSIGN&limit=1000')).body.items.find(
      (item: { crn: string; summary: string }) => item.crn === 'W100002' && item.summary.startsWith('Emergency STANDARD'),
    );
    expect(advice).toBeDefined();
    const signAs = async (page: Page, comment: string, button: string) => {
      await page.goto(`${hub.baseUrl}/items/${advice.itemId}/countersignature`);
      await page.getByLabel('Your comment').fill(comment);
      expect(await submit(page, button)).toBe(303);
    };

    // The SPO signs; the ACO sends it back instead of signing.
    const spo = await signIn('sue.spo');
    await signAs(spo, 'Agreed.', 'Countersign');
    const aco = await signIn('al.aco');
    await aco.goto(`${hub.baseUrl}/items/${advice.itemId}/countersignature`);
    await aco.getByRole('link', { name: 'Return it to the author instead' }).click();
    expect(await aco.locator('h1').innerText()).toBe('Return recall advice to its author');
    expect(await accessibilityProblems(aco)).toEqual([]);
    await aco.getByLabel('What must change, and why?').fill('Say when he was last seen, and by whom.');
    expect(await submit(aco, 'Return to the author')).toBe(303);
    expect(await aco.locator('.govuk-notification-banner').innerText()).toContain('back with its author');
    await aco.goto(`${hub.baseUrl}/items/${advice.itemId}/countersignature`);
    expect(await aco.locator('#blocker').innerText()).toContain('returned this advice to jo.officer');
    expect(await aco.getByRole('button', { name: /Countersign/ }).count()).toBe(0);

    // Their work page tells the author the advice is back with them, and takes them to it.
    await officer.goto(`${hub.baseUrl}/my-work`);
    expect(await officer.locator('#returned').innerText()).toContain('W100002');
    expect(await accessibilityProblems(officer)).toEqual([]);
    await officer.locator('#returned').getByRole('link', { name: 'Recall advice to countersign' }).first().click();
    expect(officer.url()).toBe(`${hub.baseUrl}/items/${advice.itemId}/countersignature`);
    // The author revises it from the item page; it needs the SPO again, then the ACO.
    await officer.goto(`${hub.baseUrl}/items/${advice.itemId}/countersignature`);
    expect(await officer.locator('main').innerText()).toContain('Say when he was last seen, and by whom.');
    await officer.getByRole('link', { name: 'Revise the advice' }).click();
    await officer.getByLabel('Standard recall', { exact: true }).check();
    await officer.getByLabel('Yes', { exact: true }).check();
    await officer.getByLabel('Risk of serious harm if released at the end of a fixed term').check();
    await officer.getByLabel('Details of the exclusion').fill('Threats to his former partner.');
    await officer
      .getByLabel('Reasons for recall')
      .fill('Not seen at the hostel since Tuesday 18:00 (hostel staff); threats to his former partner.');
    await officer.getByLabel('What changed since the return?').fill('Added when and by whom he was last seen.');
    expect(await accessibilityProblems(officer)).toEqual([]);
    expect(await submit(officer, 'Send for countersignature again')).toBe(303);
    await signAs(spo, 'Agreed, as revised.', 'Countersign');
    await signAs(aco, 'Approved for issue.', 'Countersign and issue');
    const issued = (await providerApi.get('/v1/feed?limit=1000')).body.events.filter(
      (event: { type: string; data: { recallAdviceId: string } }) =>
        event.type === 'recall-advice.issued' && event.data.recallAdviceId === advice.itemId,
    );
    expect(issued).toHaveLength(1);
    expect(issued[0].data.rationale).toContain('hostel staff');
    expect(JSON.stringify(issued)).not.toContain('Say when he was last seen');

    // After issue: what followed, in order, each step told to the provider without its details.
    await officer.goto(`${hub.baseUrl}/items/${advice.itemId}/countersignature`);
    await officer.getByRole('link', { name: 'Record what followed the recall' }).click();
    await officer.getByLabel('Sent to the public protection casework section').check();
    // Now, on London's clocks, to the minute the form takes.
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date())
        .map((part) => [part.type, part.value]),
    );
    const [today, now] = [`${parts['year']}-${parts['month']}-${parts['day']}`, `${parts['hour']}:${parts['minute']}`];
    await officer.getByLabel('The day it happened').fill(today);
    await officer.getByLabel('The time it happened (London)').fill(now);
    await officer.getByLabel('Details (optional)').fill('Sent by secure email to the PPCS duty desk.');
    expect(await accessibilityProblems(officer)).toEqual([]);
    expect(await submit(officer, 'Record it')).toBe(303);
    await officer.goto(`${hub.baseUrl}/items/${advice.itemId}/countersignature`);
    await officer.getByRole('link', { name: 'Record what followed the recall' }).click();
    await officer.getByLabel('Returned to custody').check();
    await officer.getByLabel('The day it happened').fill(today);
    await officer.getByLabel('The time it happened (London)').fill(now);
    expect(await submit(officer, 'Record it')).toBe(409);
    expect(await officer.locator('#refusal').innerText()).toContain('LICENCE_REVOKED');
    const steps = (await providerApi.get('/v1/feed?limit=1000')).body.events.filter(
      (event: { type: string }) => event.type === 'recall.progressed',
    );
    expect(steps.map((event: { data: object }) => event.data)).toEqual([
      { recallAdviceId: advice.itemId, step: 'SENT_TO_PPCS', happenedAt: expect.any(String) },
    ]);
    expect(JSON.stringify(steps)).not.toContain('secure email');
    await Promise.all([officer.close(), spo.close(), aco.close()]);
  }, 90_000);

  it('lets an auditor replay a case as it stood, check it, download it and see who read it, but not decide', async () => {
    const auditor = await signIn('sam.auditor');
    expect(auditor.url()).toBe(`${hub.baseUrl}/cases`);
    expect(await accessibilityProblems(auditor)).toEqual([]);
    await auditor.getByLabel('Find a case').fill('W999999');
    await auditor.getByRole('button', { name: 'Find the case' }).click();
    expect(await auditor.locator('.govuk-error-summary').innerText()).toContain('There is no case W999999');
    await auditor.getByLabel('Find a case').fill('w100001');
    await auditor.getByRole('button', { name: 'Find the case' }).click();
    expect(auditor.url()).toBe(`${hub.baseUrl}/cases/W100001`);
    await auditor.goto(`${hub.baseUrl}/cases/w100001`);
    expect(auditor.url()).toBe(`${hub.baseUrl}/cases/W100001`);
    expect(await auditor.locator('#integrity').innerText()).toContain('Record intact');
    expect(await auditor.locator('#integrity').innerText()).toContain(
      `All ${(await eventTypes('W100001')).length} events match their hashes`,
    );
    expect(await accessibilityProblems(auditor)).toEqual([]);

    // As it stood before anyone acted: with the provider, both escalations open, three events.
    const then = londonFields(beforeAnyAction);
    await auditor.getByLabel('Day', { exact: true }).fill(then.day);
    await auditor.getByLabel('Month', { exact: true }).fill(then.month);
    await auditor.getByLabel('Year', { exact: true }).fill(then.year);
    await auditor.getByLabel('Time', { exact: true }).fill(then.time);
    await auditor.getByRole('button', { name: 'Show the case then' }).click();
    expect(await auditor.locator('#as-of').innerText()).toMatch(/: 3 of its \d+ events had happened/);
    expect(await auditor.locator('.govuk-summary-list').innerText()).toMatch(/Managed by\s+CRC07/);
    expect(await auditor.locator('#timeline tbody tr').count()).toBe(3);
    expect(await auditor.locator('table', { hasText: 'Victim reports contact' }).first().innerText()).toContain('Nobody');
    expect(await accessibilityProblems(auditor)).toEqual([]);
    // A date that is not a date is named against its field, and the whole case shown meanwhile.
    await auditor.getByLabel('Day', { exact: true }).fill('31');
    await auditor.getByLabel('Month', { exact: true }).fill('2');
    await auditor.getByRole('button', { name: 'Show the case then' }).click();
    expect(await auditor.locator('.govuk-error-summary').innerText()).toContain('The date must be a real date');

    // Downloads: the timeline as it stood (CSV) and the signed evidence bundle, checked offline.
    await auditor.goto(`${hub.baseUrl}/cases/W100001?asOf=${encodeURIComponent(beforeAnyAction.toISOString())}`);
    const [csv] = await Promise.all([auditor.waitForEvent('download'), auditor.getByRole('link', { name: /timeline as CSV/ }).click()]);
    const csvText = readFileSync((await csv.path()) as string, 'utf8');
    expect(csvText.split('\r\n')[0]).toMatch(/^position,revision,type,/);
    expect(csvText.trim().split('\r\n')).toHaveLength(4); // header and three events
    const [bundleDownload] = await Promise.all([
      auditor.waitForEvent('download'),
      auditor.getByRole('link', { name: /evidence bundle/ }).click(),
    ]);
    expect(bundleDownload.suggestedFilename()).toBe('case-W100001-evidence.json');
    const keyFile = join(dataDir, 'public-key.pem');
    writeFileSync(keyFile, (await auditorApi.get('/v1/audit/public-key')).body.publicKeyPem);
    const offline = spawnSync(
      process.execPath,
      [HUB_MAIN, 'verify-bundle', (await bundleDownload.path()) as string, '--public-key', keyFile],
      {
        env: { ...process.env, HUB_DATA_DIR: join(dataDir, 'nowhere') },
        encoding: 'utf8',
      },
    );
    expect(offline.stdout).toMatch(/^VALID: case W100001, \d+ events/);
    expect(offline.status).toBe(0);

    // Every reading is in the access log, this one included.
    await auditor.getByRole('link', { name: 'Who has read this case' }).click();
    const reads = await auditor.locator('#reads').innerText();
    const [, shown, total] = /^Showing 1 to (\d+) of (\d+) readings/.exec(await auditor.locator('#reads-count').innerText()) ?? [];
    expect(shown).toBe(total);
    expect(await auditor.locator('#reads tbody tr').count()).toBe(Number(total));
    for (const view of ['access-log', 'export', 'timeline.csv', 'case page', 'decision page']) expect(reads).toContain(view);
    expect(reads).toContain('sam.auditor');
    expect(reads).toContain('jo.officer');
    expect(await accessibilityProblems(auditor)).toEqual([]);

    await auditor.getByRole('link', { name: 'Late decisions' }).click();
    expect(await auditor.locator('h1').innerText()).toBe('Late decisions');
    expect(await accessibilityProblems(auditor)).toEqual([]);
    // Only the providers' late items (which items match is the API's tests'): the filter stays chosen, and the download keeps it.
    await auditor.getByLabel('Whose move the items were').selectOption('PROVIDER');
    await auditor.getByRole('button', { name: 'Show late decisions' }).click();
    expect(new URL(auditor.url()).searchParams.get('awaiting')).toBe('PROVIDER');
    expect(await auditor.locator('#awaiting').inputValue()).toBe('PROVIDER');
    expect(await auditor.getByRole('link', { name: 'Download as CSV' }).getAttribute('href')).toContain('awaiting=PROVIDER');
    expect((await auditor.goto(`${hub.baseUrl}/reports/late-decisions?awaiting=CRC07`))?.status()).toBe(400);
    expect(await auditor.locator('.govuk-error-summary').innerText()).toContain('Select whose move the items were');

    // The case page says which events reached the provider: those the rule discloses, no others.
    await auditor.goto(`${hub.baseUrl}/cases/W100001`);
    expect(await auditor.locator('.govuk-summary-list').innerText()).toMatch(/Managed before\s+CRC07, until/);
    const timelineApi = (await auditorApi.get('/v1/cases/W100001/timeline')).body.events as { type: string; disclosedTo: string | null }[];
    const shared = timelineApi.filter((event) => event.disclosedTo === 'CRC07').map((event) => event.type);
    expect(shared).toEqual(
      expect.arrayContaining(['case.allocated', 'escalation.requested', 'escalation.decided', 'case.transferred-to-nps']),
    );
    expect(timelineApi.filter((event) => event.type === 'item.claimed').every((event) => event.disclosedTo === null)).toBe(true);
    expect(await auditor.locator('#timeline .govuk-tag', { hasText: 'Shared with CRC07' }).count()).toBe(shared.length);

    // The disclosure log: what went to providers, filtered by case; reading it is a reading of the case.
    await auditor.goto(`${hub.baseUrl}/cases/W100001/access-log`);
    await auditor.getByRole('link', { name: 'the disclosure log' }).click();
    expect(await auditor.getByLabel('Case reference number').inputValue()).toBe('W100001');
    await auditor.getByRole('link', { name: 'Disclosures' }).click();
    expect(await auditor.locator('h1').innerText()).toBe('Disclosures to providers');
    expect(await auditor.locator('#disclosures tbody tr').count()).toBeGreaterThan(0);
    expect(await accessibilityProblems(auditor)).toEqual([]);
    await auditor.getByLabel('Provider').fill('crc 07!');
    await auditor.getByRole('button', { name: 'Show disclosures' }).click();
    expect(await auditor.locator('.govuk-error-summary').innerText()).toContain('Enter a provider code, like CRC07');
    expect(await accessibilityProblems(auditor)).toEqual([]);
    await auditor.getByLabel('Provider').fill('crc07');
    await auditor.getByLabel('Case reference number').fill('W100001');
    await auditor.getByRole('button', { name: 'Show disclosures' }).click();
    const disclosed = await auditor.locator('#disclosures').innerText();
    expect(disclosed).toContain('Feed page');
    expect(disclosed).toContain('W100001');
    const [disclosuresCsv] = await Promise.all([
      auditor.waitForEvent('download'),
      auditor.getByRole('link', { name: 'Download as CSV' }).click(),
    ]);
    expect(readFileSync((await disclosuresCsv.path()) as string, 'utf8').split('\r\n')[0]).toMatch(/^at,provider,channel,/);
    const lastReads = (await auditorApi.get('/v1/cases/W100001/access-log')).body.reads.map((read: { view: string }) => read.view);
    expect(lastReads).toEqual(expect.arrayContaining(['disclosures', 'disclosures.csv']));

    // The disclosure log is for auditors only.
    const officerPage = await signIn('jo.officer');
    await officerPage.goto(`${hub.baseUrl}/reports/disclosures`);
    expect(await officerPage.locator('h1').innerText()).toBe('You cannot use this page');
    await officerPage.close();

    // An auditor cannot decide: no page, and a post with their own valid token changes nothing.
    const before = await eventTypes('W100002');
    await auditor.goto(`${hub.baseUrl}/items/${breachPack}/decision`);
    expect(await auditor.locator('h1').innerText()).toBe('You cannot use this page');
    const csrf = await auditor.locator('input[name=csrf]').first().inputValue();
    const posted = await auditor.request.post(`${hub.baseUrl}/items/${secondEscalation}/decision`, {
      form: { csrf, outcome: 'TRANSFER_TO_NPS', rationale: 'Not mine to decide' },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(403);
    expect(await eventTypes('W100002')).toEqual(before);

    // A record edited behind the hub's back shows as altered, and the hub will not sign an export of it.
    await TEST_STORES[0].open(dataDir).editEventData('case-W100002', 1, 'summary', 'Nothing to see here');
    await auditor.goto(`${hub.baseUrl}/cases/W100002`);
    expect(await auditor.locator('#integrity').innerText()).toContain('Record altered');
    expect(await auditor.locator('#integrity').innerText()).toContain(
      'revision 1 fails its check (its content no longer matches its hash)',
    );
    const refused = await auditor.request.get(`${hub.baseUrl}/cases/W100002/evidence-bundle.json`);
    expect(refused.status()).toBe(409);
    expect(await refused.text()).toContain('The hub will not sign this record');
    await auditor.close();
  }, 90_000);

  it('keeps the queue from an auditor, and refuses a form posted without its token, or with another', async () => {
    const openItem = await escalate('W100002', 'web-3', 'URGENT', 'Disclosed a threat at reporting');
    const holder = async () =>
      (await officerApi.get('/v1/queue?limit=1000')).body.items.find((item: { itemId: string }) => item.itemId === openItem).claimedBy;
    const auditor = await signIn('sam.auditor');
    await auditor.goto(`${hub.baseUrl}/queue`);
    expect(await auditor.locator('h1').innerText()).toBe('You cannot use this page');
    const auditorsToken = await auditor.locator('input[name=csrf]').first().inputValue();
    const byAuditor = await auditor.request.post(`${hub.baseUrl}/queue/${openItem}/claim`, {
      form: { csrf: auditorsToken },
      maxRedirects: 0,
    });
    expect(byAuditor.status()).toBe(403);
    await auditor.close();

    const officer = await signIn('jo.officer');
    const forms: Record<string, string>[] = [{}, { csrf: 'forged' }, { csrf: auditorsToken }];
    for (const form of forms) {
      const claim = await officer.request.post(`${hub.baseUrl}/queue/${openItem}/claim`, { form, maxRedirects: 0 });
      expect(claim.status()).toBe(400);
      const decision = await officer.request.post(`${hub.baseUrl}/items/${openItem}/decision`, {
        form: { ...form, outcome: 'TRANSFER_TO_NPS', rationale: 'forged' },
        maxRedirects: 0,
      });
      expect(decision.status()).toBe(400);
    }
    expect(await holder()).toBeNull();
    expect((await eventTypes('W100002')).filter((type) => type === 'escalation.decided')).toEqual([]);

    // An SPO may give back an item someone else holds.
    expect((await officerApi.post(`/v1/queue/${openItem}/claim`)).status).toBe(200);
    const spo = await signIn('sue.spo');
    const row = spo.locator('tr', { hasText: 'Disclosed a threat at reporting' });
    expect(await row.innerText()).toContain('api-officer');
    await row.getByRole('button', { name: /Release .* from api-officer/ }).click();
    expect(await spo.locator('.govuk-notification-banner').innerText()).toContain('You have given the item back to the queue');
    expect(await holder()).toBeNull();
    await Promise.all([officer.close(), spo.close()]);
  }, 60_000);

  it('pages a long queue, fifty items at a time, most urgent first, with its filters', async () => {
    expect((await officerApi.post('/v1/cases', anAllocation('W100003'))).status).toBe(201);
    for (let index = 0; index < 55; index += 1) await escalate('W100003', `bulk-${index}`, 'ROUTINE', `Bulk item ${index}`);
    await escalate('W100003', 'bulk-urgent', 'IMMEDIATE', 'The most urgent of them');
    const total = (await officerApi.get('/v1/queue?limit=1000')).body.items.length;
    expect(total).toBeGreaterThan(56);
    const officer = await signIn('jo.officer');
    expect(await officer.locator('#queue-count').innerText()).toMatch(new RegExp(`^Showing 1 to 50 of ${total} open items`));
    expect(await officer.locator('tbody tr').count()).toBe(50);
    expect(await officer.locator('tbody tr').first().innerText()).toContain('The most urgent of them');
    await officer.getByRole('link', { name: 'Next' }).click();
    expect(await officer.locator('#queue-count').innerText()).toMatch(new RegExp(`^Showing 51 to ${total} of ${total} open items`));
    expect(await officer.locator('tbody tr').count()).toBe(total - 50);
    expect(await accessibilityProblems(officer)).toEqual([]);
    // Filters travel with the pages.
    await officer.goto(`${hub.baseUrl}/queue?kind=ESCALATION&provider=crc07`);
    const next = await officer.getByRole('link', { name: 'Next' }).getAttribute('href');
    expect(new URLSearchParams(next?.split('?')[1])).toEqual(new URLSearchParams({ kind: 'ESCALATION', provider: 'CRC07', page: '2' }));
    await officer.goto(`${hub.baseUrl}/queue?kind=BREACH_PACK`);
    expect(await officer.locator('#queue-count').innerText()).toBe('No open items match these filters.');
    // The LDU and provider to filter by are the ones that have open items.
    expect(await officer.getByLabel('LDU').locator('option').allInnerTexts()).toEqual(['Any', 'N07-LDU1']);
    expect(await officer.getByLabel('Provider').locator('option').allInnerTexts()).toEqual(['Any', 'CRC07']);
    // Nonsense in the query is ignored, not an error.
    await officer.goto(`${hub.baseUrl}/queue?page=abc&page=2&ldu=a&ldu=b&kind=NOPE`);
    expect(await officer.locator('h1').innerText()).toBe('Decision queue');

    // A long timeline is shown a hundred events at a time: 57 events so far, 46 more from claims and releases.
    const item = (await officerApi.get('/v1/queue?limit=1')).body.items[0].itemId;
    for (let index = 0; index < 23; index += 1) {
      expect((await officerApi.post(`/v1/queue/${item}/claim`)).status).toBe(200);
      expect((await officerApi.post(`/v1/queue/${item}/release`)).status).toBe(200);
    }
    await officer.goto(`${hub.baseUrl}/cases/W100003`);
    expect(await officer.locator('#timeline tbody tr').count()).toBe(100);
    await officer
      .getByRole('navigation', { name: /Pagination/i })
      .getByRole('link', { name: 'Next' })
      .click();
    expect(await officer.locator('#timeline tbody tr').count()).toBe(3);
    expect(await officer.locator('#timeline tbody tr').first().innerText()).toMatch(/^100\t/);
    await officer.close();
  }, 90_000);
});
