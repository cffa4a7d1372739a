// 1. Size: min, gzip and brotli of what each kind of user loads, against the floor of what is
// unavoidable (lit alone, as little of it as the element uses).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const cases = [
  { name: 'npm entry, lit bundled in', contents: "export * from 'waftpay-checkout';" },
  {
    name: 'npm entry, lit left out',
    contents: "export * from 'waftpay-checkout';",
    external: ['lit', 'lit/*'],
  },
  { name: 'host helper', contents: "export * from 'waftpay-checkout/host';" },
  {
    name: 'React wrapper (react left out)',
    contents: "export * from 'waftpay-checkout/react';",
    external: ['react'],
  },
  // The drop-in files as served: measured as they are, not bundled again.
  { name: 'drop-in bundle', file: 'dist/cdn/waftpay-checkout.js' },
  { name: 'host helper drop-in', file: 'dist/cdn/host.js' },
  {
    name: 'floor: lit alone',
    contents: "export { LitElement, html, svg, nothing, unsafeCSS } from 'lit';",
  },
];

async function bundle(entry) {
  if (entry.file) return readFileSync(entry.file);
  const result = await build({
    stdin: { contents: entry.contents, resolveDir: process.cwd() },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external: entry.external ?? [],
    logLevel: 'silent',
  });
  return Buffer.from(result.outputFiles[0].contents);
}

export async function measureSizes() {
  const rows = [];
  for (const entry of cases) {
    const code = await bundle(entry);
    rows.push({
      name: entry.name,
      min: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return rows;
}
