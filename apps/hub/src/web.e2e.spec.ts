import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import {
  anAllocation,
  clientFor,
  freePort,
  HUB_MAIN,
  issueToken,
  RunningHub,
  startHub,
  stopHub,
  waitForReady,
} from './testing/hub-process';

/** Debian's Chromium, headless, with no calls home (the machine's network is closed). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The web interface in a real browser (Chromium driven by playwright-core) against the built hub:
 * sign in, the queue, claiming, the case page, roles, sign out; axe-core checks every page.
 */
describe('the web interface in a browser', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-web-'));
  let hub: RunningHub;
  let browser: Browser;
  let escalationId: string;

  const addUser = (role: string, name: string, password: string) =>
    execFileSync(process.execPath, [HUB_MAIN, 'user', 'add', '--role', role, '--name', name], {
      env: { ...process.env, HUB_DATA_DIR: dataDir },
      input: `${password}\n`,
      stdio: ['pipe', 'ignore', 'ignore'],
    });

  beforeAll(async () => {
    addUser('decision-maker', 'jo.officer', 'correct horse battery staple');
    addUser('auditor', 'sam.auditor', 'another long passphrase');
    hub = startHub({ HUB_DATA_DIR: dataDir, PORT: String(await freePort()) });
    await waitForReady(hub);
    const officer = clientFor(hub.baseUrl, issueToken(dataDir, 'decision-maker', 'api-officer'));
    const provider = clientFor(hub.baseUrl, issueToken(dataDir, 'provider', 'crc07-cms', 'CRC07'));
    expect((await officer.post('/v1/cases', anAllocation('W100001'))).status).toBe(201);
    const posted = await provider.post('/v1/cases/W100001/escalations', {
      requestId: 'web-1',
      raisedBy: 'Jo Bloggs',
      proposedRosh: 'HIGH',
      urgency: 'IMMEDIATE',
      triggers: ['VICTIM_CONCERN'],
      summary: 'Victim reports contact',
    });
    escalationId = posted.body.escalationId;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  }, 60_000);

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

  const signIn = async (page: Page, name: string, password: string) => {
    await page.goto(`${hub.baseUrl}/sign-in`);
    await page.getByLabel('User name').fill(name);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('signs a decision-maker in, shows the queue, claims an item and shows the case', async () => {
    const page = await browser.newPage();
    await page.goto(`${hub.baseUrl}/queue`);
    expect(page.url()).toBe(`${hub.baseUrl}/sign-in`); // not signed in yet
    expect(await accessibilityProblems(page)).toEqual([]);

    await signIn(page, 'jo.officer', 'not the password');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The user name or password is not right');
    expect(await page.title()).toBe('Error: Sign in – Escalation Hub');

    await signIn(page, 'jo.officer', 'correct horse battery staple');
    expect(page.url()).toBe(`${hub.baseUrl}/queue`);
    const row = page.locator('tr', { hasText: 'W100001' });
    expect(await row.innerText()).toContain('Risk escalation');
    expect(await row.innerText()).toMatch(/Due in (1 hour|2 hours|\d+ minutes)/);
    expect(await row.innerText()).toContain('Nobody');
    expect(await accessibilityProblems(page)).toEqual([]);
    const cookies = await page.context().cookies();
    expect(cookies.find((cookie) => cookie.name === 'ehub_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await row.getByRole('button', { name: /Claim/ }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('You hold this item now');
    expect(await page.locator('tr', { hasText: 'W100001' }).innerText()).toContain('jo.officer');

    await page.getByRole('link', { name: 'W100001' }).click();
    expect(await page.locator('h1').innerText()).toBe('W100001');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('CRC07');
    expect(await page.locator('table').innerText()).toContain('jo.officer');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(page.url()).toBe(`${hub.baseUrl}/sign-in?notice=signedOut`);
    await page.goto(`${hub.baseUrl}/queue`);
    expect(page.url()).toBe(`${hub.baseUrl}/sign-in`);
    await page.close();
    expect(escalationId).toMatch(/^esc-/);
  }, 60_000);

  it('keeps the queue from an auditor, and refuses a form posted without its token', async () => {
    const page = await browser.newPage();
    await signIn(page, 'sam.auditor', 'another long passphrase');
    await page.goto(`${hub.baseUrl}/queue`);
    expect(await page.locator('h1').innerText()).toBe('You cannot use this page');
    // A claim posted from elsewhere (no CSRF token) changes nothing.
    const forged = await page.request.post(`${hub.baseUrl}/queue/${escalationId}/claim`, { form: { csrf: 'forged' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await page.close();

    const officer = await browser.newPage();
    await signIn(officer, 'jo.officer', 'correct horse battery staple');
    const noToken = await officer.request.post(`${hub.baseUrl}/queue/${escalationId}/claim`, { form: {}, maxRedirects: 0 });
    expect(noToken.status()).toBe(400);
    await officer.close();
  }, 60_000);
});
