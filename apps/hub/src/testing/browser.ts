import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium, headless, with no calls home (the machine's network is closed). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Where Debian's Chromium is (or CHROMIUM_PATH), installing the `chromium` package first when it is
 * missing, as the Kafka tests fetch their jars: `npm test` sets up what it needs on a fresh machine.
 * Installing needs root (as the tests run here and in CI); otherwise it says what to install.
 */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error("The browser tests need Debian's Chromium: run `apt-get install chromium` as root, or set CHROMIUM_PATH");
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  try {
    install();
  } catch {
    // A fresh machine's package lists may be empty or stale.
    execFileSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    install();
  }
  const installed = findChromium();
  if (!installed) throw new Error('apt-get installed chromium, but no chromium binary was found in /usr/bin');
  return installed;
}

function findChromium(): string | undefined {
  return [process.env['CHROMIUM_PATH'], ...CANDIDATES].find((candidate): candidate is string => !!candidate && existsSync(candidate));
}
