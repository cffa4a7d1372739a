import { defineConfig } from 'vite';

/**
 * `vite build` makes the npm build: one module per entry, lit left to the consumer's bundler.
 * `vite build --mode bundle` makes the drop-in file for `<script type="module">` users, lit inside.
 * `vite` (the demo) serves index.html from the sources.
 */
export default defineConfig(({ mode }) => {
  const bundle = mode === 'bundle';
  const entry: Record<string, string> = bundle
    ? { 'waftpay-checkout': 'src/index.ts' }
    : { index: 'src/index.ts', element: 'src/element.ts' };
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
        external: bundle ? [] : [/^lit($|\/)/],
        output: { minify: true, chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});
