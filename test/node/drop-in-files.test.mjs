// The check that keeps each drop-in file whole (scripts/drop-in-files.mjs, a step of `npm test`):
// it must see every way a module can reach another file, and pass a file that reaches none.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dropInProblems, importsOf } from '../../scripts/drop-in-files.mjs';

test('finds static, re-exported, dynamic and import.meta imports, minified or not', async () => {
  const code = [
    'import{a as e}from"./chunks/origins-1.js";',
    "import './side-effect.js';",
    'export{b}from"./chunks/b.js";',
    'export*from"./c.js";',
    'const lazy=()=>import("./lang-sw.js");',
    'const any=(x)=>import(x);',
    'const asset=new URL("./x.wasm",import.meta.url);',
  ].join('\n');
  assert.deepEqual(await importsOf(code), [
    { kind: 'static', specifier: './chunks/origins-1.js' },
    { kind: 'static', specifier: './side-effect.js' },
    { kind: 'static', specifier: './chunks/b.js' },
    { kind: 'static', specifier: './c.js' },
    { kind: 'dynamic', specifier: './lang-sw.js' },
    { kind: 'dynamic', specifier: 'x' },
    { kind: 'import.meta', specifier: 'import.meta' },
  ]);
});

test('finds nothing in a whole program, even one that mentions import in strings', async () => {
  const code = 'const s="import x from \'y\'";class A{import(){}}export{A};';
  assert.deepEqual(await importsOf(code), []);
});

test('a drop-in folder with a shared chunk fails; one file each passes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'drop-in-'));
  writeFileSync(join(dir, 'waftpay-checkout.js'), 'import{a}from"./chunks/origins-1.js";a();');
  writeFileSync(join(dir, 'host.js'), 'export const h=1;');
  mkdirSync(join(dir, 'chunks'));
  assert.deepEqual(await dropInProblems(dir), [
    'waftpay-checkout.js has a static import of ./chunks/origins-1.js',
    `${dir}/chunks is not a drop-in file`,
  ]);

  const whole = mkdtempSync(join(tmpdir(), 'drop-in-'));
  writeFileSync(join(whole, 'waftpay-checkout.js'), 'export class E{}');
  writeFileSync(join(whole, 'waftpay-checkout.js.map'), '{}');
  writeFileSync(join(whole, 'host.js'), 'export const h=1;');
  assert.deepEqual(await dropInProblems(whole), []);
});
