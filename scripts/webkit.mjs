// Where the tests find WebKit: WebKitGTK's WebDriver (WEBKIT_DRIVER_PATH, then Debian's
// webkit2gtk-driver) driving its MiniBrowser (MINIBROWSER_PATH, then the one Debian's
// libwebkit2gtk ships). The browser needs a display: without one the driver runs under
// xvfb-run, which starts a virtual one for it. Nothing is downloaded.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const debianDriver = '/usr/bin/WebKitWebDriver';
const xvfbRun = '/usr/bin/xvfb-run';

/** MiniBrowser's place differs by architecture and WebKitGTK API version: look in each. */
function debianMiniBrowsers() {
  const found = [];
  for (const root of ['/usr/lib', '/usr/libexec']) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root)) {
      for (const dir of [join(root, entry), root]) {
        for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
          const candidate = join(dir, api, 'MiniBrowser');
          if (existsSync(candidate)) found.push(candidate);
        }
      }
    }
  }
  return found;
}

function fromEnv(name) {
  const path = process.env[name];
  if (!path) return undefined;
  if (existsSync(path)) return path;
  throw new Error(`${name} is set to ${path}, but there is no file there.`);
}

const setUp = [
  '  Debian/Ubuntu: sudo apt-get install webkit2gtk-driver xvfb',
  '    (WebKitWebDriver, and the MiniBrowser that libwebkit2gtk-4.1-0 ships)',
  '  Anywhere else: set WEBKIT_DRIVER_PATH to a WebKitWebDriver and MINIBROWSER_PATH to the',
  '    MiniBrowser it should drive.',
];

/** WebKitGTK's WebDriver; throws with set-up instructions when there is none. */
export function findWebKitDriver() {
  const path = fromEnv('WEBKIT_DRIVER_PATH') ?? (existsSync(debianDriver) ? debianDriver : undefined);
  if (path) return path;
  throw new Error(['No WebKitWebDriver found for the browser tests.', ...setUp].join('\n'));
}

/** WebKitGTK's MiniBrowser; throws with set-up instructions when there is none. */
export function findMiniBrowser() {
  const path = fromEnv('MINIBROWSER_PATH') ?? debianMiniBrowsers()[0];
  if (path) return path;
  throw new Error(['No WebKitGTK MiniBrowser found for the browser tests.', ...setUp].join('\n'));
}

/** Throws unless the driver, the browser and (without a display) xvfb-run are all there. */
export function findWebKit() {
  findWebKitDriver();
  findMiniBrowser();
  if (!hasDisplay() && !existsSync(xvfbRun))
    throw new Error(['WebKit needs a display, and xvfb-run is missing.', ...setUp].join('\n'));
}

function hasDisplay() {
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/**
 * WebDriver capabilities for a MiniBrowser session. Automation mode; windows that a page opens
 * from script are allowed, as a browser allows a popup opened by a click (MiniBrowser has no
 * popup blocker that knows about clicks).
 */
export function webkitCapabilities() {
  return {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': {
      binary: findMiniBrowser(),
      args: ['--automation', '--javascript-can-open-windows-automatically=true'],
    },
  };
}

/** A TCP port nobody listens on now: the driver is started on it. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts WebKitWebDriver (under xvfb-run when there is no display) on a free port and waits until
 * it answers. `stop()` ends it with everything it started (virtual display, browsers).
 * @returns {Promise<{ url: string, stop(): void }>}
 */
export async function startWebKitDriver() {
  const driver = findWebKitDriver();
  const port = await freePort();
  const [command, args] = hasDisplay()
    ? [driver, [`--port=${port}`]]
    : [xvfbRun, ['-a', '-s', '-screen 0 1280x1024x24', driver, `--port=${port}`]];
  // A process group of its own, so stopping it reaches the display and the browsers too.
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await Promise.race([
      fetch(`${url}/status`).then(
        (response) => response.ok,
        () => false,
      ),
      exited.then(() => 'exited'),
    ]);
    if (answer === true) return { url, stop };
    if (answer === 'exited' || Date.now() > deadline) {
      stop();
      throw new Error(`WebKitWebDriver did not start (${command} ${args.join(' ')}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A WebDriver session in MiniBrowser, on a WebKitWebDriver of its own (see startWebKitDriver).
 * `version` is WebKitGTK's; `stop()` ends the session and the driver with all it started.
 * @returns {Promise<{ driver: import('selenium-webdriver').WebDriver, version: string, stop(): Promise<void> }>}
 */
export async function startWebKitSession() {
  // Loaded here, not with this file: the test runner's entry reads only where WebKit is.
  const { Builder } = await import('selenium-webdriver');
  const driverProcess = await startWebKitDriver();
  try {
    const driver = await new Builder()
      .usingServer(driverProcess.url)
      .withCapabilities(webkitCapabilities())
      .build();
    const version = (await driver.getCapabilities()).get('browserVersion');
    const stop = async () => {
      await driver.quit().catch(() => undefined);
      driverProcess.stop();
    };
    return { driver, version, stop };
  } catch (error) {
    driverProcess.stop();
    throw error;
  }
}
