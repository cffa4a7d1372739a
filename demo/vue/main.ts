// A Vue 3 app using <waftpay-checkout> directly: the element is a custom element to Vue's
// compiler (isCustomElement from waftpay-checkout/vue, in vite.config.ts).
import { createApp } from 'vue';
import '../../src/index.js';
import App from './App.vue';

createApp(App).mount('#app');
