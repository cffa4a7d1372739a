// A React app using waftpay-checkout/react, under StrictMode (which mounts effects twice in
// development: the checkout must still be one session, one order, one frame, one outcome). The
// element asks for the order itself (createSession) once it is in the page: one click on Pay.
// Like the storefront, it keeps the order in the address and shows every error in words.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { WaftpayCheckout } from '../../src/react.js';
import { describeOrder, isSettled, watchOrder } from '../order-status.js';
import { orderInUrl, showOrderInUrl } from '../order-url.js';
import {
  createOrder,
  fetchOrder,
  justCreated,
  openSession,
  type CheckoutSession,
  type ShopOrder,
} from '../shop-api.js';

function App() {
  const [msisdn, setMsisdn] = useState('254700000004');
  /** The order's open session, from the address (a reload); otherwise the element asks for one. */
  const [session, setSession] = useState<CheckoutSession>();
  const [order, setOrder] = useState<ShopOrder>();
  /** Each press of Pay is a new request to pay: a new element, which asks for its session. */
  const [attempt, setAttempt] = useState(0);
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const log = (line: string) => setEvents((all) => [...all, line]);
  const orderId = order?.id;
  const settled = order ? isSettled(order) : false;

  // The order in the address (a reload): as the server knows it, and its checkout while open.
  useEffect(() => {
    const id = orderInUrl();
    if (!id) return;
    const loading = new AbortController();
    fetchOrder(id, { signal: loading.signal })
      .then((known) => {
        if (loading.signal.aborted) return;
        if (!known) {
          showOrderInUrl(undefined);
          return setError(`This shop has no order ${id}.`);
        }
        setOrder(known);
        const open = openSession(known);
        if (open) {
          setSession(open);
          setShown(true);
        }
      })
      .catch((failure: Error) => loading.signal.aborted || setError(failure.message));
    return () => loading.abort();
  }, []);

  useEffect(() => {
    if (!orderId || settled) return;
    const watching = new AbortController();
    watchOrder(orderId, { show: setOrder, signal: watching.signal });
    return () => watching.abort();
  }, [orderId, settled]);

  /** The element's createSession: the order and its checkout, made when the customer asks to pay. */
  async function createSession(): Promise<CheckoutSession> {
    setError('');
    setBusy(true);
    try {
      const created = await createOrder(msisdn);
      showOrderInUrl(created.orderId);
      setEvents([]);
      setOrder(justCreated(created));
      return created;
    } finally {
      setBusy(false);
    }
  }

  function pay(): void {
    setSession(undefined);
    setAttempt((count) => count + 1);
    setShown(true);
  }

  const open = order?.status === 'CREATED';
  const paid = order?.status === 'PAID' || order?.status === 'PARTIALLY_PAID';
  const words = order && describeOrder(order);
  return (
    <main className="single">
      <section className="card">
        <h1>React demo</h1>
        <label htmlFor="msisdn">M-Pesa number</label>
        <input
          id="msisdn"
          value={msisdn}
          inputMode="numeric"
          disabled={busy || open || paid}
          onChange={(event) => setMsisdn(event.target.value)}
        />
        <button className="pay" type="button" disabled={busy || open || paid} onClick={pay}>
          {busy ? 'Starting your checkout…' : paid ? 'Paid · thank you' : 'Pay with Waftpay'}
        </button>
        <p className="error" id="error" role="alert">
          {error}
        </p>
        {words && (
          <div className="order">
            <p className="order-line">
              <span>
                Order <strong id="order-id">{order.id}</strong>
              </span>
              <span id="order-status" className="badge" data-tone={words.tone} role="status">
                {words.label}
              </span>
            </p>
            <p id="order-detail" className="detail">
              {words.detail}
            </p>
          </div>
        )}
        {shown && (
          <button type="button" onClick={() => setShown(false)}>
            Remove the checkout
          </button>
        )}
      </section>
      {shown && (
        <section className="card">
          <WaftpayCheckout
            key={attempt}
            checkoutUrl={session?.checkoutUrl}
            expiresAt={session?.expiresAt}
            successRedirectUrl={session?.successRedirectUrl}
            failRedirectUrl={session?.failRedirectUrl}
            createSession={createSession}
            expectHandshake
            onReady={() => log('ready')}
            onPending={(event) => log(`pending: ${event.info.message ?? ''}`)}
            onSuccess={(event) => log(`success: ${event.result.status} (${event.result.source})`)}
            onFailure={(event) => log(`failure: ${event.result.status}`)}
            onExpired={() => log('expired')}
            onDismiss={(event) => log(`dismiss${event.pending ? ' (a prompt may still be approved)' : ''}`)}
            onCancel={(event) => log(`cancel: ${event.reason}`)}
            onError={({ error: failure }) => {
              log(`error: ${failure.code}`);
              // The shop's own words when it could not make the order (createSession's reason).
              setError(
                failure.code === 'create-session-failed'
                  ? (failure.cause as Error).message
                  : `The checkout could not go on (${failure.code}). ${failure.message}`,
              );
            }}
          />
        </section>
      )}
      <section className="card">
        <h2>Events, through React props</h2>
        <ol id="events" className="events">
          {events.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ol>
      </section>
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
