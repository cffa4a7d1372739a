// The checkout frame's attributes, shared by the element (which creates the frame in the browser)
// and the server rendering (which writes it into the shop's HTML), so the two cannot drift apart.

/**
 * The sandbox of the checkout frame: only what a hosted payment page needs.
 * - `allow-scripts`: the payment page is an application.
 * - `allow-forms`: it submits the customer's details.
 * - `allow-same-origin`: it keeps its own origin, so its cookies, storage and API calls work and
 *   the element can read the frame's URL once it lands back on the merchant's return URL.
 * - `allow-popups`: 3-D Secure challenges and wallets open windows.
 * - `allow-popups-to-escape-sandbox`: those windows are a bank's or wallet's pages, which break
 *   when they inherit this sandbox.
 * - `allow-top-navigation-by-user-activation`: a "return to shop" link works when the customer
 *   clicks it; a script alone can never take over the merchant's page.
 * Not granted: modals, downloads, pointer lock, presentation, storage-access prompts, and
 * top navigation without a click.
 */
export const frameSandbox = [
  'allow-scripts',
  'allow-forms',
  'allow-same-origin',
  'allow-popups',
  'allow-popups-to-escape-sandbox',
  'allow-top-navigation-by-user-activation',
].join(' ');

/** Payment Request API (wallets, Secure Payment Confirmation) inside the frame. */
export const framePermissions = 'payment';

/** The hosted page learns which shop frames it (the origin), never the page's path or query. */
export const frameReferrerPolicy = 'strict-origin';
