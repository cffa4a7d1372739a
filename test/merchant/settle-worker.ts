// One of two processes settling the same orders at once (see order-store.test.ts).
import { openStore, type StoreOptions } from '../../demo/merchant/open-store.js';

process.send?.('ready');
process.once('message', (message) => {
  void (async () => {
    const { place, status, ids } = message as {
      place: StoreOptions;
      status: 'PAID' | 'FAILED';
      ids: string[];
    };
    const orders = await openStore(place);
    const applied: string[] = [];
    for (const id of ids) {
      const settlement = {
        from: ['CREATED'] as const,
        status,
        paidAmount: status === 'PAID' ? 1750 : null,
        paymentUuid: `${status}-${id}`,
        transactionReference: id,
        verifiedBy: 'webhook' as const,
      };
      if ((await orders.apply(id, { settlement }, Date.now())).applied) applied.push(id);
    }
    await orders.close();
    process.send?.(applied, undefined, {}, () => process.exit(0));
  })();
});
