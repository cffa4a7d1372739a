// The customer's phone beside the shop: the sandbox's phone page for the order's number, framed,
// with a link to open it in its own window. With a real Waftpay there is no such page: the real
// phone gets the prompt.

const panel = (): HTMLElement | null => document.getElementById('phone');
const link = (): HTMLAnchorElement | null => document.querySelector<HTMLAnchorElement>('#phone-link');

/** Shows the phone of `msisdn` (at `phoneUrl`, the sandbox's), or says where the prompt goes. */
export function showPhone(msisdn: string | undefined, phoneUrl: string | undefined): void {
  const slot = panel();
  const anchor = link();
  if (!slot || !anchor) return;
  if (!phoneUrl) {
    const note = document.createElement('p');
    note.className = 'placeholder';
    note.textContent = `The payment prompt goes to ${msisdn ?? 'your phone'}: approve it there.`;
    slot.replaceChildren(note);
    anchor.hidden = true;
    return;
  }
  // The same phone stays as it is (a reload of the frame would lose nothing, but would flicker).
  if (slot.querySelector('iframe')?.getAttribute('src') === phoneUrl) return;
  const frame = document.createElement('iframe');
  frame.src = phoneUrl;
  frame.title = `Sandbox phone of ${msisdn ?? 'the customer'}`;
  frame.className = 'phone-frame';
  // Its own origin (the sandbox's) for its live updates; nothing more.
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
  frame.referrerPolicy = 'no-referrer';
  slot.replaceChildren(frame);
  anchor.href = phoneUrl;
  anchor.hidden = false;
}
