// A stand-in for Waftpay's hosted checkout page as it is today: a plain page that speaks no
// protocol. It shows the order, and "Pay" or "Decline" sends the customer's browser (or the
// frame it is in) to the merchant's success or fail URL, as a real hosted page would.
//
// GET /checkout/<id>?success=<url>&fail=<url>&amount=<n>&currency=<ccy>
// The return URLs travel in the query only because this stand-in keeps no sessions; the full
// sandbox (a later milestone) stores them server-side, as Waftpay does.

const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page({ id, success, fail, amount, currency }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Waftpay Checkout</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem; color: #1b1f24; background: #f6f8fa; }
  main { max-width: 28rem; margin: auto; background: #fff; border-radius: 12px; padding: 1.5rem; box-shadow: 0 1px 3px #0002; }
  .amount { font-size: 2rem; font-weight: 700; margin: .5rem 0 1.5rem; }
  button { font: inherit; padding: .7rem 1.2rem; border-radius: 8px; border: 1px solid #d0d7de; cursor: pointer; }
  #pay { background: #1a7f37; color: #fff; border-color: #1a7f37; }
</style>
</head>
<body>
<main>
  <p>Waftpay Checkout · session <code>${escapeHtml(id)}</code></p>
  <p class="amount">${escapeHtml(currency)} ${escapeHtml(amount)}</p>
  <button id="pay" type="button" data-to="${escapeHtml(success)}" data-status="SUCCESS">Pay</button>
  <button id="decline" type="button" data-to="${escapeHtml(fail)}" data-status="FAILED">Decline</button>
</main>
<script>
  for (const button of document.querySelectorAll('button')) {
    button.addEventListener('click', () => {
      if (!button.dataset.to) return;
      const back = new URL(button.dataset.to);
      if (back.protocol !== 'https:' && back.protocol !== 'http:') return;
      back.searchParams.set('checkout_reference', ${JSON.stringify(id).replace(/</g, '\\u003c')});
      back.searchParams.set('status', button.dataset.status);
      back.searchParams.set('amount', ${JSON.stringify(amount).replace(/</g, '\\u003c')});
      back.searchParams.set('currency', ${JSON.stringify(currency).replace(/</g, '\\u003c')});
      location.assign(back.href);
    });
  }
</script>
</body>
</html>`;
}

/** Returns true when it answered the request (a `/checkout/<id>` page), false otherwise. */
export function servePlainHostedPage(request, response) {
  const url = new URL(request.url, 'http://stand-in');
  const match = /^\/checkout\/([A-Za-z0-9_=-]{1,128})$/.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const query = url.searchParams;
  const amount = Number(query.get('amount') ?? '1750');
  const html = page({
    id: match[1],
    success: query.get('success') ?? '',
    fail: query.get('fail') ?? '',
    amount: Number.isFinite(amount) ? String(amount) : '1750',
    currency: /^[A-Z]{3}$/.test(query.get('currency') ?? '') ? query.get('currency') : 'KES',
  });
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(html);
  return true;
}
