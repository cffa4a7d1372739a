// A React app using waftpay-checkout/react, under StrictMode (which mounts effects twice in
// development: the checkout must still be one session, one frame, one outcome). Like the
// storefront, it keeps the order in the address and shows every error in words.
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
  const [session, setSession] = useState<CheckoutSession>();
  const [order, setOrder] = useState<ShopOrder>();
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

  async function pay(): Promise<void> {
    setError('');
    setBusy(true);
    try {
      const created = await createOrder(msisdn);
      showOrderInUrl(created.orderId);
      setEvents([]);
      setOrder(justCreated(created));
      setSession(created);
      setShown(true);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
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
        <button className="pay" type="button" disabled={busy || open || paid} onClick={() => void pay()}>
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
      {session && shown && (
        <section className="card">
          <WaftpayCheckout
            checkoutUrl={session.checkoutUrl}
            expiresAt={session.expiresAt}
            successRedirectUrl={session.successRedirectUrl}
            failRedirectUrl={session.failRedirectUrl}
            expectHandshake
            onReady={() => log('ready')}
            onPending={(event) => log(`pending: ${event.info.message ?? ''}`)}
            onSuccess={(event) => log(`success: ${event.result.status} (${event.result.source})`)}
            onFailure={(event) => log(`failure: ${event.result.status}`)}
            onExpired={() => log('expired')}
            onDismiss={(event) => log(`dismiss${event.pending ? ' (a prompt may still be approved)' : ''}`)}
            onCancel={(event) => log(`cancel: ${event.reason}`)}
            onError={(event) => {
              log(`error: ${event.error.code}`);
              setError(`The checkout could not go on (${event.error.code}). ${event.error.message}`);
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
