// Where the tests find a Firefox: FIREFOX_PATH, then Debian's firefox-esr (or a plain firefox).
// Puppeteer drives it over WebDriver BiDi; nothing is downloaded.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const debianFirefox = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

/**
 * Preferences for a test profile. Popups opened by a click are allowed anyway; these make the
 * browser quiet on a closed network and keep a window's timers running while it is not in front
 * (a popup covers its opener, and the opener's element watches it).
 */
export const firefoxPrefs = {
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'network.captive-portal-service.enabled': false,
  'dom.min_background_timeout_value': 4,
  'dom.timeout.enable_budget_timer_throttling': false,
};

/** The Firefox executable to test with; throws with set-up instructions when there is none. */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH is set to ${fromEnv}, but there is no file there.`);
  }
  const found = debianFirefox.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    [
      'No Firefox found for the browser tests.',
      '  Debian/Ubuntu: sudo apt-get install firefox-esr   (installs /usr/bin/firefox-esr)',
      '  Anywhere else: set FIREFOX_PATH to a Firefox executable (128 or newer, for WebDriver BiDi).',
    ].join('\n'),
  );
}

/** "Firefox 153.8.0esr", for reports. */
export function firefoxVersion(path = findFirefox()) {
  // Windows builds print no version to a console; the name alone will do there.
  if (process.platform === 'win32') return 'Firefox';
  return execFileSync(path, ['--version'], { encoding: 'utf8' })
    .replace(/^Mozilla\s+/, '')
    .trim();
}

/**
 * Options for puppeteer-core's `launch()`.
 * @returns {import('puppeteer-core').LaunchOptions}
 */
export function firefoxLaunchOptions() {
  return {
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    extraPrefsFirefox: firefoxPrefs,
  };
}
