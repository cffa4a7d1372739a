import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from './scripts/chromium.mjs';
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
const shop = 'http://127.0.0.1:5300';
const hosted = (s, q = {}) => `http://localhost:5301/hosted/protocol.html?${new URLSearchParams({ session: s, ...q })}`;
const st = (page) => page.evaluate(() => [document.querySelector('waftpay-checkout')?.getAttribute('status'), (window.__events ?? []).map((e) => e.type + (e.pending !== undefined ? ':' + e.pending : '')).join(','), document.querySelector('waftpay-checkout')?.shadowRoot?.querySelector('dialog')?.open, window.restored]);
const approve = (s) => fetch(`http://localhost:5301/payments/${s}/approve`, { method: 'POST' });
const record = async (s) => (await fetch(`http://localhost:5301/payments/${s}`)).json();
async function trial(name, s, attrs, act) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log(name, 'pageerror', e.message));
  await page.goto(`${shop}/pages/checkout.html?` + new URLSearchParams(attrs));
  await page.waitForTimeout(1500);
  await page.evaluate(() => addEventListener('pageshow', (e) => (window.restored = e.persisted)));
  try { await act(page); } catch (e) { console.log(name, 'error', e.message.split('\n')[0]); }
  console.log(name, await st(page).catch((e) => e.message), await record(s));
  await page.close();
}
const away = async (page, during) => { await page.goto(`${shop}/pages/return/fail.html`); if (during) await during(); await page.waitForTimeout(300); await page.goBack({ waitUntil: 'commit' }); await page.waitForTimeout(2000); };
let s;
s = 'bfp-' + Date.now(); await trial('iframe approved while away', s, { 'checkout-url': hosted(s, { phone: '' }) }, async (page) => { await away(page, () => approve(s)); });
s = 'bfo-' + Date.now(); await trial('overlay approved while away', s, { mode: 'overlay', open: '', 'checkout-url': hosted(s, { phone: '' }) }, async (page) => { await away(page, () => approve(s)); });
s = 'bfd-' + Date.now(); await trial('overlay dismissed, away, back, approved', s, { mode: 'overlay', open: '', 'checkout-url': hosted(s, { phone: '' }) }, async (page) => { await page.keyboard.press('Escape'); await page.waitForTimeout(300); await away(page); console.log('   restored', await st(page)); await approve(s); await page.waitForTimeout(2000); });
s = 'bfpp-' + Date.now(); await trial('popup closed, away, back', s, { mode: 'popup', 'checkout-url': hosted(s, { phone: '' }) }, async (page) => {
  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.locator('waftpay-checkout').getByRole('button', { name: 'Pay with Waftpay' }).click()]);
  await page.waitForTimeout(1500); await popup.close(); await page.waitForTimeout(500);
  await away(page); console.log('   restored', await st(page)); await approve(s); await page.waitForTimeout(1000);
});
s = 'bfpo-' + Date.now(); await trial('popup open, away, back', s, { mode: 'popup', 'checkout-url': hosted(s, { phone: '' }) }, async (page) => {
  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.locator('waftpay-checkout').getByRole('button', { name: 'Pay with Waftpay' }).click()]);
  await page.waitForTimeout(1500);
  await away(page); console.log('   restored', await st(page), 'popup closed?', popup.isClosed()); await approve(s); await page.waitForTimeout(2000);
});
await browser.close();
