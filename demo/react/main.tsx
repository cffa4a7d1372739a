// A React app using waftpay-checkout/react, under StrictMode (which mounts effects twice in
// development: the checkout must still be one session, one frame, one outcome).
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { WaftpayCheckout } from '../../src/react.js';
import { createOrder, type CreatedOrder } from '../create-order.js';
import { describeOrder, watchOrder } from '../order-status.js';

function App() {
  const [msisdn, setMsisdn] = useState('254700000004');
  const [session, setSession] = useState<CreatedOrder>();
  const [shown, setShown] = useState(false);
  const [events, setEvents] = useState<string[]>([]);
  const [order, setOrder] = useState('no order yet');
  const log = (line: string) => setEvents((all) => [...all, line]);

  useEffect(() => {
    if (!session) return;
    const watching = new AbortController();
    watchOrder(session.orderId, (known) => setOrder(describeOrder(known)), watching.signal);
    return () => watching.abort();
  }, [session]);

  async function pay(): Promise<void> {
    setEvents([]);
    setSession(await createOrder(msisdn));
    setShown(true);
  }

  return (
    <main className="single">
      <h1>React demo</h1>
      <label>
        M-Pesa number <input value={msisdn} onChange={(event) => setMsisdn(event.target.value)} />
      </label>
      <button type="button" onClick={() => void pay()}>
        Pay with Waftpay
      </button>
      {shown && (
        <button type="button" onClick={() => setShown(false)}>
          Remove the checkout
        </button>
      )}
      {session && shown && (
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
          onError={(event) => log(`error: ${event.error.code}`)}
        />
      )}
      <h2>Events, through React props</h2>
      <ol id="events">
        {events.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
      <p>
        Order: <strong id="order-status">{order}</strong>
      </p>
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
