// The demo apps' call to the shop's server: it creates the Waftpay session; the page only shows it.

export interface CreatedOrder {
  orderId: string;
  mode: 'iframe' | 'overlay' | 'popup' | 'redirect';
  checkoutUrl: string;
  expiresAt: string;
  successRedirectUrl: string;
  failRedirectUrl: string;
}

export async function createOrder(
  msisdn: string,
  mode: CreatedOrder['mode'] = 'iframe',
  expiresInSeconds?: number,
): Promise<CreatedOrder> {
  const response = await fetch('/api/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode, msisdn, expiresInSeconds }),
  });
  const reply = (await response.json()) as CreatedOrder & { error?: string };
  if (!response.ok) throw new Error(reply.error ?? 'The shop could not start a checkout.');
  return reply;
}
