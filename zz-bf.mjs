import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from './scripts/chromium.mjs';
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
const shop = 'http://127.0.0.1:5300';
const hosted = (s, q = {}) => `http://localhost:5301/hosted/protocol.html?${new URLSearchParams({ session: s, ...q })}`;
const st = (page) => page.evaluate(() => [document.querySelector('waftpay-checkout')?.getAttribute('status'), (window.__events ?? []).map((e) => e.type).join(','), document.querySelector('waftpay-checkout')?.shadowRoot?.querySelector('dialog')?.open]);
async function trial(name, attrs, act) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log(name, 'pageerror', e.message));
  await page.goto(`${shop}/pages/checkout.html?` + new URLSearchParams(attrs));
  await page.waitForTimeout(1500);
  await page.evaluate(() => addEventListener('pageshow', (e) => (window.restored = e.persisted)));
  try { await act(page); } catch (e) { console.log(name, 'error', e.message.split('\n')[0]); }
  console.log(name, await st(page).catch((e) => e.message), 'restored', await page.evaluate(() => window.restored).catch(() => '?'));
  await page.close();
}
const away = async (page, ms = 300) => { await page.goto(`${shop}/pages/return/fail.html`); await page.waitForTimeout(ms); await page.goBack({ waitUntil: 'commit' }); await page.waitForTimeout(1500); };
const press = async (page, label) => { const f = page.frames().find((x) => x.url().startsWith('http://localhost:5301/hosted/')); await f.evaluate((l) => [...document.querySelectorAll('button')].find((b) => b.textContent === l).click(), label); };
await trial('iframe bf then pay', { 'checkout-url': hosted('bf-i-' + Date.now()) }, async (page) => { await press(page, 'Send prompt'); await page.waitForTimeout(500); await away(page); console.log('  restored state', await st(page)); await press(page, 'Pay'); await page.waitForTimeout(1500); });
await trial('overlay bf then pay', { mode: 'overlay', open: '', 'checkout-url': hosted('bf-o-' + Date.now()) }, async (page) => { await press(page, 'Send prompt'); await page.waitForTimeout(500); await away(page); console.log('  restored state', await st(page), await page.evaluate(() => document.documentElement.style.overflow)); await press(page, 'Pay'); await page.waitForTimeout(1500); });
await trial('iframe bf across expiry', { 'checkout-url': hosted('bf-e-' + Date.now()), 'expires-at': new Date(Date.now() + 4000).toISOString() }, async (page) => { await away(page, 4000); });
await trial('iframe frozen across expiry', { 'checkout-url': hosted('fz-' + Date.now()), 'expires-at': new Date(Date.now() + 4000).toISOString() }, async (page) => { const cdp = await page.context().newCDPSession(page); await cdp.send('Page.setWebLifecycleState', { state: 'frozen' }); await new Promise((r) => setTimeout(r, 5000)); await cdp.send('Page.setWebLifecycleState', { state: 'active' }); await page.waitForTimeout(1500); });
await trial('iframe frozen long then pay', { 'checkout-url': hosted('fz2-' + Date.now()), 'load-timeout': '3000' }, async (page) => { const cdp = await page.context().newCDPSession(page); await cdp.send('Page.setWebLifecycleState', { state: 'frozen' }); await new Promise((r) => setTimeout(r, 9000)); await cdp.send('Page.setWebLifecycleState', { state: 'active' }); await page.waitForTimeout(4000); await press(page, 'Pay'); await page.waitForTimeout(1500); });
await browser.close();
