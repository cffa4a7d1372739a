import vue from '@vitejs/plugin-vue';
import { defineConfig, type UserConfig } from 'vite';
import { compactTemplatesPlugin } from './scripts/compact-templates.mjs';
import { isCustomElement } from './src/vue.js';

/**
 * One drop-in file: dependencies inside, no chunk to load after it, and no comment a browser would
 * download for nothing (pure annotations only help a bundler, and nobody bundles this file again)
 * but the licence notices of the code inside (lit's), which travel with it.
 */
export function dropIn(name: string, entry: string): UserConfig['build'] {
  return {
    outDir: 'dist/cdn',
    lib: { entry: { [name]: entry }, formats: ['es'] },
    rolldownOptions: {
      output: {
        minify: true,
        codeSplitting: false,
        comments: { legal: true, annotation: false, jsdoc: false },
      },
    },
  };
}

/**
 * One config, one build per mode (`npm run build` runs them all):
 * - default: the npm build, one module per entry, dependencies (lit, @lit/react) and
 *   frameworks left to the consumer's bundler;
 * - `bundle` and `bundle-host`: the drop-in files for `<script type="module">` users, the element
 *   for shops and the host helper for hosted pages, each one self-contained file (two runs: one run
 *   with both entries would move the code they share into a third file, loaded one request later);
 * - `sandbox`: the sandbox server and its `waftpay-sandbox` bin, for Node, needing nothing else;
 * - `sandbox-page`: the sandbox's page scripts: the hosted page (host helper inside) and the phone.
 * `vite` with no build serves the demo storefront from the sources.
 */
const builds: Record<string, UserConfig['build']> = {
  production: {
    outDir: 'dist',
    lib: {
      entry: {
        index: 'src/index.ts',
        element: 'src/element.ts',
        host: 'src/host.ts',
        react: 'src/react.ts',
        vue: 'src/vue.ts',
        server: 'src/server.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^lit($|\/)/, 'react', '@lit/react', 'vue'],
      output: { minify: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
  bundle: dropIn('waftpay-checkout', 'src/index.ts'),
  'bundle-host': dropIn('host', 'src/host.ts'),
  sandbox: {
    outDir: 'dist/sandbox',
    target: 'node20',
    ssr: true,
    rolldownOptions: {
      input: { cli: 'sandbox/cli.ts', server: 'sandbox/server.ts' },
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
        banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
      },
    },
  },
  'sandbox-page': {
    outDir: 'dist/sandbox/assets',
    lib: {
      entry: { 'hosted-page': 'sandbox/client/hosted-page.ts', phone: 'sandbox/client/phone.ts' },
      formats: ['es'],
    },
    rolldownOptions: { output: { minify: true } },
  },
};

export default defineConfig(({ mode }) => ({
  plugins: [
    // Lit's templates without their source's indentation (minifiers keep template literals whole).
    compactTemplatesPlugin(),
    // For the Vue demo app: <waftpay-checkout> is a custom element, not a Vue component.
    vue({ template: { compilerOptions: { isCustomElement } } }),
  ],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: { target: 'es2022', emptyOutDir: false, sourcemap: true, ...builds[mode] },
}));
