// `npm run manifest`: custom-elements.json from the element's JSDoc (@fires, @slot, @csspart,
// @cssprop) and its Lit properties, for editors and tools that read `customElements`.
export default {
  globs: ['src/element/waftpay-checkout-element.ts', 'src/element/events.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // The analyzer also reads `new WaftpayFallbackEvent('popup', …)` as an event named "popup":
      // keep the documented events only.
      name: 'waftpay-events-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) {
              declaration.events = declaration.events.filter((event) => event.name?.startsWith('waftpay-'));
            }
          }
        }
      },
    },
  ],
};
