// Compiled, never run: the host helper's API.
import { connectToMerchant } from 'waftpay-checkout/host';
import { isCustomElement } from 'waftpay-checkout/vue';

const merchant = connectToMerchant({ merchantOrigins: ['https://shop.example'] });
await merchant.ready;
merchant.pending({ message: 'Approve on your phone' });
merchant.succeed({ checkoutReference: 'CHK1', amount: 1750, currency: 'KES' });
merchant.fail({ status: 'EXPIRED' });
// @ts-expect-error amounts are numbers
merchant.succeed({ amount: '1750' });
// @ts-expect-error not a result field
merchant.succeed({ cardNumber: '4242' });
// @ts-expect-error merchantOrigins is required
connectToMerchant({});
const yes: boolean = isCustomElement('waftpay-checkout');
void yes;
