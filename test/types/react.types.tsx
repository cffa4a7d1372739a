// Compiled, never run: the React wrapper's props and event props.
import { WaftpayCheckout, type WaftpayCheckoutProps, type WaftpaySuccessEvent } from 'waftpay-checkout/react';

export const good = (
  <WaftpayCheckout
    checkoutUrl="https://pay.example/checkout/1"
    mode="popup"
    expiresAt="2026-03-02T14:08:41.921Z"
    expectHandshake
    pageOrigin="https://shop.example"
    onReady={() => undefined}
    onPending={(event) => event.info.message}
    onSuccess={(event) => event.result.checkoutReference}
    onFailure={(event) => event.result.status}
    onExpired={(event) => event.expiresAt}
    onDismiss={(event) => event.pending}
    onCancel={(event) => event.reason}
    onError={(event) => event.error.code}
    onRedirect={(event) => event.preventDefault()}
    onFallback={(event) => event.reason}
  />
);

export const onDemand = (
  <WaftpayCheckout
    mode="popup"
    createSession={async () => ({ checkoutUrl: 'https://pay.example/checkout/1' })}
    onSuccess={(event) => event.checkoutUrl}
  />
);
// @ts-expect-error createSession resolves to the session, not to its URL
export const badCreate = <WaftpayCheckout createSession={async () => 'https://pay.example/1'} />;

// @ts-expect-error not a mode
export const badMode = <WaftpayCheckout mode="modal" />;
// @ts-expect-error a misspelt event prop
export const badEventName = <WaftpayCheckout onSucces={() => undefined} />;
// @ts-expect-error a cancel handler does not get a success event
export const badHandler = <WaftpayCheckout onCancel={(event: WaftpaySuccessEvent) => event.result} />;
// @ts-expect-error the page's origin is a string
export const badPageOrigin = <WaftpayCheckout pageOrigin={new URL('https://shop.example')} />;
// @ts-expect-error a dismissal carries no result
export const badDismiss = <WaftpayCheckout onDismiss={(event) => event.result} />;

export const props: WaftpayCheckoutProps = { checkoutUrl: 'https://pay.example/checkout/1' };
