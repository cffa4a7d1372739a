/** Escapes text for HTML element content and quoted attributes. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Where the hosted checkout sends the customer back. What the checkout said is only a hint: the
 * page shows the order as the server knows it (from Waftpay's webhook, or a status query), and
 * leads back to the order on the storefront; opened in the checkout's popup, it closes it.
 */
export function renderReturnPage(kind: 'success' | 'fail', orderId: string): string {
  const order = escapeHtml(orderId);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mama Mboga Market · your order</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/demo/storefront.css">
<script type="module" src="/demo/return-page.ts"></script>
</head>
<body>
<header class="masthead"><a class="brand" href="/"><span class="logo" aria-hidden="true">MM</span> Mama Mboga Market</a></header>
<main class="single">
  <section class="card" aria-labelledby="heading">
    <h1 id="heading">${kind === 'success' ? 'Thank you' : 'Your payment did not go through'}</h1>
    <p id="hint" data-kind="${kind}">${kind === 'success' ? 'Waftpay’s checkout says the payment went through. The shop confirms it with Waftpay before preparing your order.' : 'Waftpay’s checkout says the payment did not go through. Nothing is charged for an unpaid order.'}</p>
    <div class="order">
      <p class="order-line"><span>Order <strong id="order" data-order="${order}">${order}</strong></span>
        <span id="status" class="badge" role="status">Checking…</span></p>
      <p id="detail" class="detail">Asking the shop’s server…</p>
    </div>
    <p id="popup-note" hidden>This window closes by itself; your order is in the shop’s window.</p>
    <a id="back" class="button-link" href="/?order=${encodeURIComponent(orderId)}" target="_top">Back to your order</a>
  </section>
</main>
</body>
</html>`;
}
