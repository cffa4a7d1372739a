import { defineConfig } from 'vite';

/**
 * `vite build` makes the npm build: one module per entry, lit and penpal left to the consumer's
 * bundler. `vite build --mode bundle` makes the drop-in files for `<script type="module">` users
 * (the element, and the host helper for hosted pages), dependencies inside.
 * `vite` (the demo) serves index.html from the sources.
 */
export default defineConfig(({ mode }) => {
  const bundle = mode === 'bundle';
  const entry: Record<string, string> = bundle
    ? { 'waftpay-checkout': 'src/index.ts', host: 'src/host.ts' }
    : { index: 'src/index.ts', element: 'src/element.ts', host: 'src/host.ts' };
  return {
    server: { host: '127.0.0.1', port: 5173, strictPort: true },
    build: {
      target: 'es2022',
      outDir: bundle ? 'dist/cdn' : 'dist',
      emptyOutDir: false,
      sourcemap: true,
      lib: {
        entry,
        formats: ['es'],
      },
      rolldownOptions: {
        external: bundle ? [] : [/^lit($|\/)/, 'penpal'],
        output: { minify: true, chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});
