// A Web Test Runner browser launcher for WebKitGTK's MiniBrowser, over WebDriver
// (selenium-webdriver). One window runs one test file at a time (concurrency 1). Its type is
// 'webdriver', so @web/test-runner-commands' sendKeys and sendMouse reach it through `sendKeys()`
// and `sendMouseClick()`.
import { Key, Origin } from 'selenium-webdriver';
import { startWebKitSession } from './webkit.mjs';

/** sendKeys names keys as KeyboardEvent.key does; WebDriver wants its own code points. */
function toWebDriverKey(key) {
  if (key.length === 1) return key;
  const named = { Escape: Key.ESCAPE, Enter: Key.ENTER, Tab: Key.TAB, Backspace: Key.BACK_SPACE };
  if (named[key]) return named[key];
  const upper = key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  if (Key[upper]) return Key[upper];
  throw new Error(`WebKit launcher: no WebDriver key for "${key}"`);
}

class WebKitLauncher {
  name = 'WebKit';
  type = 'webdriver';
  concurrency = 1;
  /** Test session id → the URL it was started at. */
  #sessions = new Map();
  #started;
  /** @type {Promise<void>} the queue of WebDriver commands: one window does one thing at a time. */
  #queue = Promise.resolve();

  #browser() {
    this.#started ??= startWebKitSession().then((session) => {
      this.name = `WebKit (WebKitGTK ${session.version})`;
      return session;
    });
    return this.#started;
  }

  #enqueue(run) {
    const next = this.#queue.then(run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async initialize() {
    await this.#browser();
  }

  async stop() {
    if (!this.#started) return;
    await (await this.#started).stop();
  }

  async startSession(sessionId, url) {
    const { driver } = await this.#browser();
    this.#sessions.set(sessionId, url);
    // Test results come back over the runner's web socket; there is nothing to wait for here.
    void this.#enqueue(() => driver.get(url)).catch(() => undefined);
  }

  isActive(sessionId) {
    return this.#sessions.has(sessionId);
  }

  getBrowserUrl(sessionId) {
    return this.#sessions.get(sessionId);
  }

  async stopSession(sessionId) {
    const { driver } = await this.#browser();
    // A blank page stops whatever the test file left running.
    await this.#enqueue(() => driver.get('about:blank'));
    this.#sessions.delete(sessionId);
    return {};
  }

  async startDebugSession() {
    throw new Error('The WebKit launcher has no debug mode: run the tests in Chromium with --manual.');
  }

  /** Called by sendKeys() from @web/test-runner-commands. */
  async sendKeys(_sessionId, keys) {
    const { driver } = await this.#browser();
    await this.#enqueue(() =>
      driver
        .actions()
        .sendKeys(...keys.map(toWebDriverKey))
        .perform(),
    );
  }

  /** Called by sendMouse({ type: 'click' }): a real click at viewport pixels (x, y), as a customer's. */
  async sendMouseClick(_sessionId, x, y) {
    const { driver } = await this.#browser();
    await this.#enqueue(() =>
      driver
        .actions()
        .move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT })
        .press()
        .release()
        .perform(),
    );
  }

  /** Called by resetMouse(): nothing is held down between clicks. */
  async resetMouse() {}
}

/** WebKitGTK's MiniBrowser for Web Test Runner. */
export function webkitLauncher() {
  return new WebKitLauncher();
}
