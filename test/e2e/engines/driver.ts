// The little the shared end-to-end scenarios (scenarios.ts) need from a browser, so that one
// scenario runs in every engine: puppeteer-core drives Firefox (puppeteer-driver.ts), WebDriver
// drives WebKit (webdriver-driver.ts), and Playwright drives Chromium (playwright-driver.ts).

/** A function run in the browser: it is sent as source, so it may use only its arguments. */
export type InBrowser<A extends unknown[], T> = (...args: A) => T | Promise<T>;

/** A window or frame that scripts can run in. */
export interface BrowsingContext {
  /** Runs `fn(...args)` there and resolves with its (JSON-serialisable) result. */
  evaluate<A extends unknown[], T>(fn: InBrowser<A, T>, ...args: A): Promise<T>;
}

/** Where to click: the first element matching `selector`, inside `host`'s shadow root if given. */
export interface Target {
  readonly selector: string;
  readonly host?: string;
}

/** A top-level tab. */
export interface EnginePage extends BrowsingContext {
  goto(url: string): Promise<void>;
  /** The frame (at any depth of shadow roots) whose `src` starts with `prefix`, once it exists. */
  frame(prefix: string): Promise<BrowsingContext>;
  /** A real click at the target's centre, as a customer's: it counts as a user gesture. */
  click(target: Target): Promise<void>;
  /**
   * A real click at the centre of `selector` in the frame whose `src` starts with `prefix` (at any
   * depth of shadow roots), as a customer's: the focus goes into that frame.
   */
  clickInFrame(prefix: string, selector: string): Promise<void>;
  /**
   * A real key press in whatever has focus. `inFrame`: the focus is in the frame whose `src` starts
   * with it (WebDriver sends keys to the frame it is switched to, not to the one that has the focus).
   */
  press(key: 'Escape' | 'Tab' | 'Enter', inFrame?: string): Promise<void>;
  /** Runs `open` (a click, say) and resolves with the window the page opened. */
  popup(open: () => Promise<void>): Promise<EnginePopup>;
  /**
   * Runs `during` with the tab hidden, as when the customer switches to another app, then shows it
   * again: another tab in front (puppeteer-core), or the window minimised (WebDriver). Absent
   * where the driver cannot hide a page (Playwright keeps every page visible).
   */
  hidden?(during: () => Promise<void>): Promise<void>;
  /**
   * Runs `during` with the page frozen, as a phone freezes a page in the background (Chromium's
   * page lifecycle, `Page.setWebLifecycleState`), then resumes it. Absent where no driver can.
   */
  frozen?(during: () => Promise<void>): Promise<void>;
}

/** A window a page opened. */
export interface EnginePopup extends BrowsingContext {
  /** Closes the window as its user would. */
  close(): Promise<void>;
  isClosed(): Promise<boolean>;
}

/** One browser, started for a run of scenarios. */
export interface Engine {
  /** "Firefox 153.8.0esr", "WebKitGTK 2.50.6": what the report names. */
  readonly version: string;
  /** A fresh tab, with no windows left from an earlier scenario. */
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}
