import { expect } from '@open-wc/testing';
import { connectToMerchant } from '../../src/host.js';

describe('the host helper, outside a frame', () => {
  it('opened directly (a redirect): ready never resolves and every call is a no-op', async () => {
    const merchant = connectToMerchant({ merchantOrigins: ['https://shop.example'] });
    merchant.pending({ message: 'Approve on your phone' });
    merchant.succeed({ checkoutReference: 'C1' });
    merchant.fail();
    merchant.expire();
    merchant.cancel();
    merchant.destroy();
    merchant.destroy();
    const outcome = await Promise.race([
      merchant.ready.then(() => 'resolved'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200)),
    ]);
    expect(outcome).to.equal('still waiting');
  });

  for (const origins of [
    ['*'],
    ['https://*'],
    ['https://*.shop.example'],
    ['https://shop.example', 'http://*:8080'],
    ['https://shop.example/checkout'],
    ['null'],
    ['shop.example'],
    [''],
  ]) {
    it(`refuses merchantOrigins ${JSON.stringify(origins)} with a clear error`, () => {
      expect(() => connectToMerchant({ merchantOrigins: origins }))
        .to.throw(/merchantOrigins must list origins/)
        .with.property('code', 'invalid-allowed-origins');
    });
  }

  for (const origins of [['http://shop.example'], ['https://shop.example', 'http://192.168.1.5:5173']]) {
    it(`refuses merchantOrigins ${JSON.stringify(origins)}: plain http only on loopback`, () => {
      expect(() => connectToMerchant({ merchantOrigins: origins }))
        .to.throw(/merchantOrigins must use https: \(plain http: is allowed only for localhost/)
        .with.property('code', 'invalid-allowed-origins');
    });
  }

  it('accepts an origin written with a trailing slash', () => {
    expect(() => connectToMerchant({ merchantOrigins: ['https://shop.example/'] })).not.to.throw();
  });

  it('accepts loopback, IPv6, port and punycode origins', () => {
    const origins = [
      'http://127.0.0.1:4311',
      'http://localhost:5173',
      'http://[::1]:8080',
      'https://xn--bcher-kva.example',
    ];
    expect(() => connectToMerchant({ merchantOrigins: origins })).not.to.throw();
  });
});
