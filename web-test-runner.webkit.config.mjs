// The element tests in WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver, under a virtual
// display when there is none): `wtr --config web-test-runner.webkit.config.mjs`. Coverage is
// measured in Chromium only (V8's), so it is off here.
import { defaultReporter } from '@web/test-runner';
import base from './web-test-runner.config.mjs';
import { countsReporter } from './scripts/wtr-counts-reporter.mjs';
import { webkitLauncher } from './scripts/wtr-webkit-launcher.mjs';

export default {
  ...base,
  browsers: [webkitLauncher()],
  coverage: false,
  reporters: [defaultReporter(), countsReporter('reports/element-webkit.json')],
};
