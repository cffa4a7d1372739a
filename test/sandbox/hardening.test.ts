// What a security review of the sandbox found (issue 14, finding 16; issue 13's wildcard origin),
// each reproduced here: memory that only grew, a request line that gave a 500, webhooks sent to
// any host, and a return URL that put a wildcard into frame-ancestors.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../sandbox/clock.js';
import { checkoutBody, receiver, sandbox, useSandbox, type Sandbox } from './helpers.js';

const createPath = '/checkout-backend-api/v1/request';
const queryPath = '/payments-tsq-service/v1/query/payments';

/** Sends raw bytes and returns the raw answer (the status line first). */
function raw(origin: string, request: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += String(chunk)));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    // Only a bound on a server that never closes: every answer the tests ask for closes by itself.
    socket.setTimeout(30_000, () => socket.destroy());
    socket.end(request);
  });
}

describe('the sandbox forgets', () => {
  test('ended sessions, once their retention is over', async () => {
    const clock = new ManualClock();
    const api = await sandbox({ sessionRetentionMs: 200, clock });
    try {
      const token = await api.token();
      const references: string[] = [];
      for (let i = 0; i < 30; i++) {
        const body = checkoutBody();
        await api.post(createPath, body, token);
        references.push(body.checkout_reference);
      }
      const open = checkoutBody();
      const { body: created } = await api.post(createPath, open, token);
      assert.equal(api.sessionCount, 31);
      for (const reference of references) await api.act(reference, 'expire');
      clock.advance(199);
      assert.equal(api.sessionCount, 31, 'kept until their retention is over');
      clock.advance(1);
      assert.equal(api.sessionCount, 1);
      const query = await api.post(queryPath, { transaction_reference: references[0] }, token);
      assert.equal(query.body.status, 'NOT_FOUND');
      // The session still open is kept.
      assert.equal((await fetch(created.data.checkout_url)).status, 200);
    } finally {
      await api.close();
    }
  });

  test('tokens: nothing is kept per token, so nothing grows; a token cannot be altered or reused elsewhere', async () => {
    const first = await sandbox();
    const second = await sandbox();
    try {
      const payouts = await first.token('payouts-shop');
      const [header, payload, signature] = payouts.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const promoted = Buffer.from(JSON.stringify({ ...claims, product: 'collections' })).toString(
        'base64url',
      );
      const forged = `${header}.${promoted}.${signature}`;
      assert.equal((await first.post(createPath, checkoutBody(), forged)).status, 401);
      assert.equal((await second.post(createPath, checkoutBody(), await first.token())).status, 401);
      assert.equal((await first.post(createPath, checkoutBody(), `${header}.${payload}`)).status, 401);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('malformed request targets get a 4xx, never a 500 or a crash', () => {
  const ctx = useSandbox();

  for (const line of [
    'GET //a:99999/ HTTP/1.1',
    'GET http://a:99999/ HTTP/1.1',
    'GET //a:99999/api/payments-tsq-service/v1/query/payments HTTP/1.1',
    'OPTIONS * HTTP/1.1',
    'GET /%zz%% HTTP/1.1',
    'GET \u0000\u0001 HTTP/1.1',
    'NOT A REQUEST LINE',
  ]) {
    test(JSON.stringify(line), async () => {
      const answer = await raw(ctx.api.origin, `${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.match(answer, /^HTTP\/1\.1 4\d\d /, answer.slice(0, 200));
    });
  }

  test('a header too large is answered too, and the sandbox still works after all of them', async () => {
    const answer = await raw(
      ctx.api.origin,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(answer, /^HTTP\/1\.1 4\d\d /);
    assert.equal((await ctx.api.post(createPath, checkoutBody(), ctx.token)).status, 200);
  });

  test('the answer to //a:99999/ is Waftpay’s error shape', async () => {
    const answer = await raw(
      ctx.api.origin,
      'GET //a:99999/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    assert.equal(body.code, '400.000.106');
    assert.equal(body.status, 'REJECTED');
  });
});

describe('where webhooks may go', () => {
  let api: Sandbox;
  let token: string;
  before(async () => {
    api = await sandbox({ webhookHosts: ['hooks.shop.example'] });
    token = await api.token();
  });
  after(() => api.close());

  for (const url of [
    'http://localhost:9/hook',
    'http://127.0.0.1:9/hook',
    'http://[::1]:9/hook',
    'https://hooks.shop.example/waftpay',
  ]) {
    test(`allowed: ${url}`, async () => {
      assert.equal((await api.post(createPath, checkoutBody({ callback_url: url }), token)).status, 200);
    });
  }

  for (const url of [
    'https://attacker.example/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.1/admin',
  ]) {
    test(`refused unless allowed: ${url}`, async () => {
      const { status, body } = await api.post(createPath, checkoutBody({ callback_url: url }), token);
      assert.equal(status, 400);
      assert.equal(body.code, '400.001.307');
      assert.equal(body.param, 'callback_url');
      assert.match(body.message, /--webhook-host/);
    });
  }

  test('--webhook-host * allows any host', async () => {
    const open = await sandbox({ webhookHosts: ['*'] });
    try {
      const reply = await open.post(
        createPath,
        checkoutBody({ callback_url: 'https://attacker.example/hook' }),
        await open.token(),
      );
      assert.equal(reply.status, 200);
    } finally {
      await open.close();
    }
  });
});

describe('a return URL never puts a wildcard into frame-ancestors', () => {
  const ctx = useSandbox();

  for (const url of ['https://*/thanks', 'https://*.shop.example/thanks', 'http://*:8080/x']) {
    test(`refused: ${url}`, async () => {
      for (const field of ['success_redirect_url', 'fail_redirect_url']) {
        const { status, body } = await ctx.api.post(createPath, checkoutBody({ [field]: url }), ctx.token);
        assert.equal(status, 400, `${field} ${url}`);
        assert.equal(body.code, '400.001.307');
        assert.equal(body.param, field);
      }
    });
  }

  test('a named host and an address are fine, and are what frame-ancestors lists', async () => {
    const { body } = await ctx.api.post(
      createPath,
      checkoutBody({
        success_redirect_url: 'https://shop.example/a',
        fail_redirect_url: 'http://127.0.0.1:5173/b',
      }),
      ctx.token,
    );
    const csp = (await fetch(body.data.checkout_url)).headers.get('content-security-policy') ?? '';
    assert.match(csp, /^frame-ancestors https:\/\/shop\.example http:\/\/127\.0\.0\.1:5173;/);
    assert.doesNotMatch(csp, /\*/);
  });
});

describe('webhooks never follow a redirect (issue 19’s security review)', () => {
  test('a callback_url that answers 302 to another host: that host gets nothing; the webhook is retried, then given up', async () => {
    const elsewhere = await receiver();
    const redirecting = await receiver();
    redirecting.answer = () => 302;
    const clock = new ManualClock();
    const api = await sandbox({ webhookAttempts: 2, clock });
    try {
      // The receiver answers 302 with a Location on another host (here, another port).
      redirecting.location = elsewhere.url;
      const body = checkoutBody({ callback_url: redirecting.url });
      await api.post(createPath, body, await api.token());
      await api.act(body.checkout_reference, 'expire');
      await api.webhooksIdle();
      clock.advance(60_000);
      await api.webhooksIdle();
      assert.equal(redirecting.deliveries.length, 2);
      assert.equal(elsewhere.deliveries.length, 0);
    } finally {
      await api.close();
      await redirecting.close();
      await elsewhere.close();
    }
  });
});

describe('listening beyond this machine is said', () => {
  test('--host 0.0.0.0: a warning that the phone and its Approve buttons are open to the network', async () => {
    const warnings: string[] = [];
    const open = await sandbox({ host: '0.0.0.0', warn: (message) => warnings.push(message) });
    await open.close();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /WARNING: listening on 0\.0\.0\.0/);
    assert.match(warnings[0], /phone pages .* Approve/);
  });

  test('on this machine only: no warning', async () => {
    const warnings: string[] = [];
    for (const host of ['localhost', '127.0.0.1', '::1']) {
      const local = await sandbox({ host, warn: (message) => warnings.push(message) });
      await local.close();
    }
    assert.deepEqual(warnings, []);
  });
});
