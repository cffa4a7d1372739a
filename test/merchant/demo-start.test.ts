// `npm start`'s set-up (finding 15): the orders' database lives outside what the dev server
// serves, nothing under a dot folder is served, and the README's tunnel set-up gets past Vite's
// host check.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { relative, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultDataDir, startDemo, type RunningDemo } from '../../demo/merchant/demo.js';
import { newDataDir } from './shop.js';

const root = resolve(import.meta.dirname, '../..');

/** A GET with a Host header of our choosing (as a tunnel forwards it). */
function get(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += String(chunk)));
      response.on('end', () => done({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('npm start behind a tunnel (PUBLIC_URL)', () => {
  let demo: RunningDemo;
  before(async () => {
    demo = await startDemo({
      port: 0,
      sandboxPort: 0,
      publicUrl: 'https://mama-mboga.tunnel.example',
      dataDir: newDataDir(),
      log: () => undefined,
    });
  });
  after(() => demo.close());

  test('the storefront answers a request for the tunnel’s host', async () => {
    const page = await get(`${demo.shop.url}/`, 'mama-mboga.tunnel.example');
    assert.equal(page.status, 200, page.body.slice(0, 200));
    assert.match(page.body, /Mama Mboga Market/);
  });

  test('any other host is still refused (Vite’s guard against DNS rebinding stays on)', async () => {
    assert.equal((await get(`${demo.shop.url}/`, 'attacker.example')).status, 403);
  });

  test('checkouts name the tunnel in their callback and return URLs, and the sandbox accepts them', async () => {
    const response = await fetch(`${demo.shop.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msisdn: '254712345678' }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const order = (await response.json()) as { successRedirectUrl: string };
    assert.match(order.successRedirectUrl, /^https:\/\/mama-mboga\.tunnel\.example\/return\/success\?/);
  });

  test('files under dot folders are not served, though they are in the served root', async () => {
    assert.equal((await get(`${demo.shop.url}/.gitignore`, '127.0.0.1')).status, 404);
    assert.equal((await get(`${demo.shop.url}/.prettierrc.json`, '127.0.0.1')).status, 404);
  });
});

test('the default database folder is outside the repository the dev server serves', () => {
  const where = relative(root, defaultDataDir());
  assert.ok(where.startsWith('..'), where);
});
