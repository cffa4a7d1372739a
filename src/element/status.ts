/** The element's state, reflected to the `status` attribute for CSS and scripts. */
export type CheckoutStatus =
  | 'idle'
  | 'loading'
  | 'ready'
  | 'pending'
  | 'redirecting'
  | 'success'
  | 'failure'
  | 'expired'
  | 'cancelled'
  | 'error';
