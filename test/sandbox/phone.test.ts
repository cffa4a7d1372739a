// The sandbox's phone: /phone/<msisdn> shows the prompts sent to that number, apart from the
// checkout page, and answers them as a handset does; its screen is kept up to date by the sandbox.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkoutBody, receiver, sandbox, sessionId, until, type Receiver, type Sandbox } from './helpers.js';

const createPath = '/checkout-backend-api/v1/request';
const queryPath = '/payments-tsq-service/v1/query/payments';

describe('the sandbox phone', () => {
  let api: Sandbox;
  let token: string;
  let hook: Receiver;
  let numbers = 0;
  before(async () => {
    api = await sandbox({ webhookRetryMs: 50 });
    token = await api.token();
    hook = await receiver();
  });
  after(async () => {
    await api.close();
    await hook.close();
  });

  /** A number of its own for each test: phones are shared by every session sent to them. */
  const newNumber = () => `2547120000${String(++numbers).padStart(2, '0')}`;

  async function checkout(msisdn: string, overrides: Record<string, unknown> = {}) {
    const body = checkoutBody({ msisdn, callback_url: hook.url, ...overrides });
    const { body: created } = await api.post(createPath, body, token);
    const id = sessionId(created.data.checkout_url);
    return {
      reference: body.checkout_reference as string,
      /** The customer presses "Send payment prompt" on the hosted page. */
      prompt: async () =>
        (
          await fetch(`${api.origin}/checkout/${id}/prompt`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
        ).status,
    };
  }
  const screen = async (msisdn: string) =>
    (await (await fetch(`${api.origin}/phone/${msisdn}/prompts`)).json()) as {
      msisdn: string;
      prompts: Array<Record<string, any>>;
    };
  const answer = (msisdn: string, id: string, action: 'approve' | 'decline', init: RequestInit = {}) =>
    fetch(`${api.origin}/phone/${msisdn}/prompts/${id}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      ...init,
    });

  test('a prompt reaches the phone only once it is sent, and only the phone of its number', async () => {
    const msisdn = newNumber();
    const session = await checkout(msisdn, { meta_data: { merchant_name: 'Mama Mboga Market' } });
    assert.deepEqual(await screen(msisdn), { msisdn, prompts: [] });
    assert.equal(await session.prompt(), 200);
    const { prompts } = await screen(msisdn);
    assert.equal(prompts.length, 1);
    assert.deepEqual(
      { ...prompts[0], id: undefined, sentAt: undefined, expiresAt: undefined },
      {
        id: undefined,
        merchantName: 'Mama Mboga Market',
        amount: 1750,
        currency: 'KES',
        state: 'PENDING',
        sentAt: undefined,
        expiresAt: undefined,
      },
    );
    assert.match(prompts[0].id, /^\d+$/);
    assert.deepEqual((await screen(newNumber())).prompts, []);
  });

  test('Approve on the phone pays: the status query says succeeded, the webhooks PENDING then SUCCESS', async () => {
    const msisdn = newNumber();
    const session = await checkout(msisdn);
    await session.prompt();
    const [prompt] = (await screen(msisdn)).prompts;
    const response = await answer(msisdn, prompt.id, 'approve');
    assert.equal(response.status, 200);
    const shown = (await response.json()) as { prompts: Array<Record<string, any>> };
    assert.equal(shown.prompts[0].state, 'SUCCESS');
    assert.match(shown.prompts[0].receipt, /^[0-9A-Z]{10}$/);
    const query = await api.post(queryPath, { transaction_reference: session.reference }, token);
    assert.equal(query.body.data.state, 'succeeded');
    const webhooks = () =>
      hook.deliveries
        .filter((delivery) => delivery.results.transaction_reference === session.reference)
        .map((delivery) => delivery.status);
    await until(() => webhooks().length === 2);
    assert.deepEqual(webhooks(), ['PENDING', 'SUCCESS']);
  });

  test('Decline on the phone: failed; a second answer is refused with 409, the first one stands', async () => {
    const msisdn = newNumber();
    const session = await checkout(msisdn);
    await session.prompt();
    const [prompt] = (await screen(msisdn)).prompts;
    assert.equal((await answer(msisdn, prompt.id, 'decline')).status, 200);
    const again = await answer(msisdn, prompt.id, 'approve');
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as Record<string, string>).code, '409.005.320');
    const query = await api.post(queryPath, { transaction_reference: session.reference }, token);
    assert.equal(query.body.data.state, 'failed');
  });

  test('answers that are not the phone’s are refused, and change nothing', async () => {
    const msisdn = newNumber();
    const session = await checkout(msisdn);
    await session.prompt();
    const [prompt] = (await screen(msisdn)).prompts;
    // Another number's phone, an unknown prompt, and a body another site's page could send unasked.
    assert.equal((await answer(newNumber(), prompt.id, 'approve')).status, 404);
    assert.equal((await answer(msisdn, '123456789', 'approve')).status, 404);
    const unasked = await answer(msisdn, prompt.id, 'approve', {
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(unasked.status, 415);
    assert.equal((await answer(msisdn, prompt.id, 'approve', { body: undefined, headers: {} })).status, 415);
    assert.equal((await screen(msisdn)).prompts[0].state, 'PENDING');
    // A session whose prompt was never sent is not on the phone, and cannot be answered from it.
    const quiet = await checkout(msisdn);
    const id = (await api.post(queryPath, { transaction_reference: quiet.reference }, token)).body.data
      .payment_uuid;
    assert.equal((await answer(msisdn, id, 'approve')).status, 404);
  });

  test('the page: only the shops that sent this number a session may frame it; it runs only its script', async () => {
    const msisdn = newNumber();
    const before = await fetch(`${api.origin}/phone/${msisdn}`);
    assert.equal(before.status, 200);
    assert.match(before.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.match(await before.text(), /src="\/assets\/phone\.js"/);
    await checkout(msisdn, {
      success_redirect_url: 'http://127.0.0.1:5173/return/success',
      fail_redirect_url: 'http://localhost:8080/return/fail',
    });
    const policy = (await fetch(`${api.origin}/phone/${msisdn}`)).headers.get('content-security-policy');
    assert.match(policy ?? '', /frame-ancestors http:\/\/127\.0\.0\.1:5173 http:\/\/localhost:8080;/);
    assert.match(policy ?? '', /script-src 'self'/);
    assert.equal((await fetch(`${api.origin}/phone/not-a-number`)).status, 404);
  });

  test('the screen updates by itself: an event stream sends it now and after each change', async () => {
    const msisdn = newNumber();
    const session = await checkout(msisdn);
    const controller = new AbortController();
    const response = await fetch(`${api.origin}/phone/${msisdn}/events`, { signal: controller.signal });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    let received = '';
    const screens = () =>
      [...received.matchAll(/^data: (.*)$/gm)].map((line) => JSON.parse(line[1]) as { prompts: any[] });
    const readUntil = async (count: number) => {
      while (screens().length < count) received += (await reader.read()).value ?? '';
    };
    try {
      await readUntil(1);
      assert.match(received, /^retry: 2000$/m);
      assert.deepEqual(screens()[0].prompts, []);
      assert.equal(api.phoneScreens, 1);
      await session.prompt();
      await readUntil(2);
      assert.equal(screens()[1].prompts[0].state, 'PENDING');
      await api.act(session.reference, 'approve');
      await readUntil(3);
      assert.equal(screens()[2].prompts[0].state, 'SUCCESS');
    } finally {
      controller.abort();
    }
    await until(() => api.phoneScreens === 0);
  });
});
