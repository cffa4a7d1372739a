/** The element's state, reflected to the `status` attribute for CSS and scripts. */
export type CheckoutStatus =
  | 'idle'
  | 'loading'
  | 'ready'
  | 'pending'
  | 'redirecting'
  /** The overlay or popup was closed before an outcome; the session goes on, `open()` resumes it. */
  | 'dismissed'
  | 'success'
  | 'failure'
  | 'expired'
  | 'cancelled'
  | 'error';
