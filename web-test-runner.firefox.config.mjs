// The element tests in Firefox (Debian's firefox-esr, or FIREFOX_PATH), driven by puppeteer-core
// over WebDriver BiDi: `wtr --config web-test-runner.firefox.config.mjs`. Coverage is measured in
// Chromium only (V8's), so it is off here.
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import * as puppeteer from 'puppeteer-core';
import base from './web-test-runner.config.mjs';
import { firefoxLaunchOptions, firefoxVersion } from './scripts/firefox.mjs';
import { countsReporter } from './scripts/wtr-counts-reporter.mjs';

// Passing puppeteer-core as the launcher's own puppeteer makes it launch Firefox as Firefox.
const firefox = chromeLauncher({ launchOptions: firefoxLaunchOptions(), puppeteer });
// The version, for the report: "Firefox 153.8.0esr".
firefox.name = firefoxVersion();

export default {
  ...base,
  browsers: [firefox],
  coverage: false,
  reporters: [defaultReporter(), countsReporter('reports/element-firefox.json')],
};
