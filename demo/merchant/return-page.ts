/** Escapes text for HTML element content and quoted attributes. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Where the hosted checkout sends the customer back. What the checkout said is only a hint: the
 * page shows the order as the server knows it (from Waftpay's webhook, or a status query).
 */
export function renderReturnPage(kind: 'success' | 'fail', orderId: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mama Mboga Market · back from checkout</title>
<link rel="stylesheet" href="/demo/storefront.css">
<script type="module" src="/demo/return-page.ts"></script>
</head>
<body>
<header><h1>Mama Mboga Market</h1></header>
<main class="single">
  <p id="hint" data-kind="${kind}">${kind === 'success' ? 'The checkout says the payment went through.' : 'The checkout says the payment did not go through.'}</p>
  <p>Order <strong id="order" data-order="${escapeHtml(orderId)}">${escapeHtml(orderId)}</strong>:
     <strong id="status" role="status">checking with the shop’s server…</strong></p>
  <p><a href="/">Back to the shop</a></p>
</main>
</body>
</html>`;
}
