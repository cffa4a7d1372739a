// The order in the storefront's address (`?order=<id>`), so that a reload, a bookmark or a return
// page brings the customer back to it rather than to an empty shop.

const orderIdPattern = /^[A-Z0-9-]{1,40}$/;

/** The order named in the page's address, if any (and well-formed). */
export function orderInUrl(): string | undefined {
  const id = new URL(location.href).searchParams.get('order') ?? '';
  return orderIdPattern.test(id) ? id : undefined;
}

/** Puts the order in the address without a new history entry: Back still leaves the shop. */
export function showOrderInUrl(id: string | undefined): void {
  const url = new URL(location.href);
  if (id) url.searchParams.set('order', id);
  else url.searchParams.delete('order');
  history.replaceState(history.state, '', url);
}

/** The storefront's address of an order: where a return page sends the customer back. */
export function orderPageUrl(id: string): string {
  return `/?order=${encodeURIComponent(id)}`;
}
