// The sandbox's phone, in the browser: the payment prompts sent to one number, kept up to date by
// the sandbox (Server-Sent Events), each answered with Approve or Decline as on a handset.
import type { PhonePrompt, PhoneScreen } from '../phone-data.js';

const handset = document.querySelector('.handset') as HTMLElement;
const msisdn = handset.dataset.msisdn ?? '';
const list = document.getElementById('prompts') as HTMLOListElement;
const empty = document.getElementById('empty') as HTMLElement;
const signal = document.getElementById('signal') as HTMLElement;
const clock = document.getElementById('clock') as HTMLElement;

const money = (prompt: PhonePrompt): string => `${prompt.currency} ${prompt.amount.toLocaleString('en-KE')}`;
const time = (iso: string): string =>
  new Date(iso).toLocaleTimeString('en-KE', { hour: '2-digit', minute: '2-digit' });

/** What the phone says about a prompt once it stopped waiting. */
function endedText(prompt: PhonePrompt): string {
  const to = prompt.merchantName;
  switch (prompt.state) {
    case 'SUCCESS':
      return `You paid ${money(prompt)} to ${to}.${prompt.receipt ? ` Receipt ${prompt.receipt}.` : ''}`;
    case 'FAILED':
      return `You declined ${money(prompt)} to ${to}. Nothing was paid.`;
    case 'EXPIRED':
      return `The request of ${money(prompt)} from ${to} expired. Nothing was paid.`;
    default:
      return `The request of ${money(prompt)} from ${to} was cancelled. Nothing was paid.`;
  }
}

function paragraph(className: string, text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

/** Why an answer did not go through, in the customer's words. */
async function refusal(response: Response | undefined): Promise<string> {
  if (!response) return 'No network: your answer was not sent. Try again.';
  if (response.status === 409) return 'This request is no longer waiting for an answer.';
  if (response.status === 404) return 'This request is no longer on the phone.';
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  return body.message ?? 'Your answer was not sent. Try again.';
}

function answer(item: HTMLLIElement, prompt: PhonePrompt, approved: boolean): void {
  const buttons = [...item.querySelectorAll('button')];
  const error = item.querySelector('.error') as HTMLElement;
  for (const button of buttons) button.disabled = true;
  error.textContent = '';
  void (async () => {
    const response = await fetch(
      `/phone/${msisdn}/prompts/${prompt.id}/${approved ? 'approve' : 'decline'}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
    ).catch(() => undefined);
    if (response?.ok) return show((await response.json()) as PhoneScreen);
    error.textContent = await refusal(response);
    for (const button of buttons) button.disabled = false;
  })();
}

function pendingItem(prompt: PhonePrompt): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'pending';
  item.append(
    paragraph('from', 'M-Pesa · Waftpay'),
    paragraph('text', `Pay ${money(prompt)} to ${prompt.merchantName}?`),
    paragraph('meta', `Sent ${time(prompt.sentAt)} · waits until ${time(prompt.expiresAt)}`),
  );
  const row = document.createElement('div');
  row.className = 'row';
  for (const [label, approved] of [
    ['Decline', false],
    ['Approve', true],
  ] as const) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.className = approved ? 'approve' : 'decline';
    button.setAttribute('aria-label', `${label} ${money(prompt)} to ${prompt.merchantName}`);
    button.addEventListener('click', () => answer(item, prompt, approved));
    row.append(button);
  }
  item.append(row, paragraph('error', ''));
  item.querySelector('.error')?.setAttribute('role', 'alert');
  return item;
}

function endedItem(prompt: PhonePrompt): HTMLLIElement {
  const item = document.createElement('li');
  item.className = prompt.state.toLowerCase();
  item.append(
    paragraph('from', 'M-Pesa · Waftpay'),
    paragraph('text', endedText(prompt)),
    paragraph('meta', `Sent ${time(prompt.sentAt)}`),
  );
  return item;
}

/** The items on screen, by prompt and state: an unchanged prompt keeps its item (and focus). */
let shown = new Map<string, HTMLLIElement>();

function show(screen: PhoneScreen): void {
  const next = new Map<string, HTMLLIElement>();
  for (const prompt of screen.prompts) {
    const key = `${prompt.id}:${prompt.state}`;
    next.set(key, shown.get(key) ?? (prompt.state === 'PENDING' ? pendingItem(prompt) : endedItem(prompt)));
  }
  list.replaceChildren(...next.values());
  shown = next;
  empty.hidden = screen.prompts.length > 0;
  const waiting = screen.prompts.filter((prompt) => prompt.state === 'PENDING').length;
  document.title = `${waiting ? `(${waiting}) ` : ''}Phone ${msisdn} · Waftpay sandbox`;
}

function tickClock(): void {
  clock.textContent = new Date().toLocaleTimeString('en-KE', { hour: '2-digit', minute: '2-digit' });
}

tickClock();
setInterval(tickClock, 15_000);
const updates = new EventSource(`/phone/${msisdn}/events`);
updates.addEventListener('message', (event: MessageEvent<string>) => {
  signal.textContent = '';
  show(JSON.parse(event.data) as PhoneScreen);
});
// The browser connects again by itself (every 2 s, as the sandbox asks); meanwhile, say so.
updates.addEventListener('error', () => {
  signal.textContent = 'No signal: the sandbox cannot be reached. Reconnecting…';
});
