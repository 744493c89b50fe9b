/**
 * Screenshots of every page of the web interface, for docs/screenshots and the README. Runs the built
 * hub's demo in a fresh data folder on a free port, signs in as the demo's people in headless Chromium
 * (Debian's package), walks the real flows and saves a full-page PNG of each page.
 *
 *   npm run screenshots            (installs Debian's Chromium if it is missing; builds the hub)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../apps/hub/src/testing/browser';
import { freePort, HUB_MAIN } from '../../apps/hub/src/testing/hub-process';

const OUT = resolve(__dirname, '../../docs/screenshots');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-screenshots-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const hub = spawn(process.execPath, [HUB_MAIN, 'demo'], { env: { ...process.env, HUB_DATA_DIR: dataDir, PORT: String(port) } });
  let output = '';
  hub.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  hub.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let browser: Browser | undefined;
  try {
    const password = await demoPassword(() => output);
    browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
    const as = async (name: string) => {
      const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(`${base}/sign-in`);
      await page.getByLabel('User name').fill(name);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      return page;
    };
    const shot = async (page: Page, file: string, fullPage = true) => {
      await page.screenshot({ path: join(OUT, file), fullPage });
      console.log(`docs/screenshots/${file}`);
    };

    const visitor = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await visitor.goto(`${base}/sign-in`);
    await shot(visitor, '01-sign-in.png');

    const officer = await as('po.alice');
    await shot(officer, '02-queue.png', false); // fifty rows a page: the top tells the story
    // An escalation nobody holds (its row offers Claim), so the SPO below can open its form too.
    const unclaimed = officer.locator('tbody tr', { has: officer.getByRole('button', { name: /^Claim/ }) });
    const decideHref = await unclaimed.locator('a', { hasText: 'Risk escalation' }).first().getAttribute('href');
    await officer.goto(`${base}${decideHref}`);
    await officer.getByRole('button', { name: 'Record decision' }).click();
    await shot(officer, '03-decide-errors.png');

    // Someone else decides while the SPO is reading: the SPO's submission is refused and explained.
    const spo = await as('spo.carol');
    await spo.goto(`${base}${decideHref}`);
    await officer.getByLabel('Keep with the provider').check();
    await officer.getByLabel('Your reasons').fill('Protective factors hold; the provider is to increase reporting to twice weekly.');
    await officer.getByRole('button', { name: 'Record decision' }).click();
    await shot(officer, '04-case-after-decision.png');
    await spo.getByLabel('Transfer to the public service').check();
    await spo.getByLabel('Your reasons').fill('Escalating threats: the public service should hold this case.');
    await spo.getByRole('button', { name: 'Record decision' }).click();
    await shot(spo, '05-decided-while-reading.png');

    await officer.goto(`${base}/cases/${new URL(officer.url()).pathname.split('/')[2]}/recall-advice`);
    await shot(officer, '06-recall-advice.png');
    await spo.goto(`${base}/queue?kind=RECALL_COUNTERSIGN`);
    const countersignHref = await spo
      .locator('tr', { hasText: 'awaiting SPO' })
      .getByRole('link', { name: 'Recall advice to countersign' })
      .first()
      .getAttribute('href');
    await spo.goto(`${base}${countersignHref}`);
    await shot(spo, '07-countersign.png');

    const auditor = await as('auditor.frank');
    await shot(auditor, '08-find-a-case.png');
    await auditor.goto(`${base}/reports/late-decisions`);
    await shot(auditor, '09-late-decisions.png');
    const lateCase = await auditor.locator('#main-content table a').first().innerText();
    await auditor.goto(`${base}/cases/${lateCase}`);
    await shot(auditor, '10-case-timeline.png');
    const firstEvent = await auditor.locator('#timeline time').nth(1).getAttribute('datetime');
    await auditor.goto(`${base}/cases/${lateCase}?asOf=${encodeURIComponent(firstEvent ?? '')}`);
    await shot(auditor, '11-case-as-of.png');
    // The provider reads its feed and a case, as its system would: what the disclosure log then lists.
    const providerToken = /export PROVIDER_TOKEN=(\S+)/.exec(output)?.[1];
    const fromProvider = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${providerToken}` } });
    await fromProvider('/v1/feed?limit=200');
    await fromProvider(`/v1/cases/${lateCase}`);
    await auditor.goto(`${base}/cases/${lateCase}/access-log`);
    await shot(auditor, '12-access-log.png');
    await auditor.goto(`${base}/reports/disclosures`);
    await shot(auditor, '13-disclosures.png', false);
  } finally {
    await browser?.close();
    hub.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function demoPassword(output: () => string): Promise<string> {
  for (let waited = 0; waited < 120_000; waited += 200) {
    const match = /password for each: (\S+)/.exec(output());
    if (match) return match[1];
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new Error(`The demo did not start:\n${output()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
