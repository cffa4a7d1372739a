// Where the tests find a Chromium: CHROMIUM_PATH, then Debian's package. Browsers are never
// downloaded (our machines cannot, and a pinned system browser is reproducible).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const debianChromium = '/usr/bin/chromium';

/** Flags for headless Chromium on a closed network, possibly as root. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The Chromium executable to test with; throws with set-up instructions when there is none. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there.`);
  }
  if (existsSync(debianChromium)) return debianChromium;
  throw new Error(
    [
      'No Chromium found for the browser tests.',
      `  Debian/Ubuntu: sudo apt-get install chromium   (installs ${debianChromium})`,
      '  Anywhere else: set CHROMIUM_PATH to a Chrome or Chromium executable, e.g.',
      '    CHROMIUM_PATH="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" npm test',
    ].join('\n'),
  );
}

/** "Chromium 156.0.8078.108", for reports. */
export function chromiumVersion(path = findChromium()) {
  // Windows builds print no version to a console; the name alone will do there.
  if (process.platform === 'win32') return 'Chromium';
  const output = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return output.replace(/\s+built on.*$/s, '').trim();
}
