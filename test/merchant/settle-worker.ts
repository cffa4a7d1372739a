// One of two processes settling the same orders at once (see order-store.test.ts).
import { OrderStore } from '../../demo/merchant/orders.js';

process.send?.('ready');
process.once('message', (message) => {
  const { dataDir, status, ids } = message as { dataDir: string; status: 'PAID' | 'FAILED'; ids: string[] };
  const orders = new OrderStore(dataDir);
  const applied: string[] = [];
  for (const id of ids) {
    const settlement = {
      status,
      paidAmount: status === 'PAID' ? 1750 : null,
      paymentUuid: `${status}-${id}`,
      transactionReference: id,
      verifiedBy: 'webhook' as const,
    };
    if (orders.settle(id, settlement)) applied.push(id);
  }
  orders.close();
  process.send?.(applied, undefined, {}, () => process.exit(0));
});
