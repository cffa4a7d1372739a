// The build (scripts/minify.mjs) renames the properties of scripts/internal-properties.mjs. A
// renamed property that someone outside the package reads would break without a word: each name
// must be none of the package's public API, the DOM's, lit's, nor read by its name as text; and
// every built file renames them all, the same way (chunks share objects). The licence notices of
// the code inside the drop-in stay.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import ts from 'typescript';
import { internalProperties } from '../../scripts/internal-properties.mjs';
import { licenceNotices } from '../../scripts/minify.mjs';

const require = createRequire(import.meta.url);
const read = (path) => readFileSync(path, 'utf8');
const found = (names) => internalProperties.filter((name) => names.has(name));

test("no renamed property is a member of the public API (every entry's exports, their types and classes)", () => {
  const entries = ['src/element.ts', 'src/host.ts', 'src/react.ts', 'src/vue.ts', 'src/server.ts'];
  const program = ts.createProgram(entries, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const ours = (symbol) =>
    symbol.declarations?.some((d) => d.getSourceFile().fileName.includes('/src/')) ?? false;
  // `#private` fields and `private`/`protected` members are not the API.
  const hidden = (symbol) =>
    /^(__)?#/.test(symbol.getName()) ||
    (symbol.declarations ?? []).some(
      (d) => ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected),
    );
  const names = new Set();
  const seen = new Set();
  // Every member reachable from an export, through the members' own types, declared by us.
  const walk = (type) => {
    if (seen.has(type)) return;
    seen.add(type);
    for (const part of type.isUnionOrIntersection() ? type.types : [type]) {
      for (const property of checker.getPropertiesOfType(part)) {
        if (!ours(property) || hidden(property)) continue;
        names.add(property.getName());
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        if (declaration) walk(checker.getTypeOfSymbolAtLocation(property, declaration));
      }
      for (const signature of [...part.getCallSignatures(), ...part.getConstructSignatures()]) {
        walk(signature.getReturnType());
        for (const parameter of signature.getParameters())
          if (parameter.valueDeclaration)
            walk(checker.getTypeOfSymbolAtLocation(parameter, parameter.valueDeclaration));
      }
    }
  };
  const exports = entries.flatMap((entry) =>
    checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry))),
  );
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    walk(checker.getDeclaredTypeOfSymbol(symbol));
    if (declaration) walk(checker.getTypeOfSymbolAtLocation(symbol, declaration));
  }
  // The walk reaches the element's members, the events' fields, the host helper's and the server's
  // options (a check that it walks at all).
  const samples = [
    'checkoutUrl',
    'expectHandshake',
    'eventName',
    'retryable',
    'merchantOrigins',
    'timeoutMs',
  ];
  for (const name of samples) assert.ok(names.has(name), `${name} is public`);
  assert.deepEqual(found(names), []);
});

test('no renamed property is a member of a DOM or JavaScript interface', () => {
  const lib = require.resolve('typescript/lib/lib.dom.d.ts').replace(/lib\.dom\.d\.ts$/, '');
  const files = ['lib.dom.d.ts', 'lib.dom.iterable.d.ts', 'lib.es5.d.ts', 'lib.es2015.core.d.ts'];
  const text = files.map((file) => read(lib + file)).join('\n');
  const names = new Set(
    [...text.matchAll(/^\s+(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*[:(<]/gm)].map((match) => match[1]),
  );
  assert.ok(names.has('postMessage') && names.has('contentWindow'));
  assert.deepEqual(found(names), []);
});

test("no renamed property is one of lit's (its code is in the same file)", () => {
  const modules = [
    'lit-html/lit-html.js',
    'lit-element/lit-element.js',
    '@lit/reactive-element/reactive-element.js',
    '@lit/reactive-element/css-tag.js',
  ];
  const text = modules.map((module) => read(`node_modules/${module}`)).join('\n');
  const names = new Set([...text.matchAll(/[.{,]\s*([A-Za-z_$][\w$]*)/g)].map((match) => match[1]));
  assert.ok(names.has('renderRoot'));
  assert.deepEqual(found(names), []);
});

test('no renamed property is read by its name as text (`own(x, name)`, `x[name]`, `name in x`)', () => {
  const sources = ts.sys
    .readDirectory('src', ['.ts'])
    .map((file) => read(file))
    .join('\n');
  const names = new Set(
    [...sources.matchAll(/(?:own\([^,()]+,\s*|\[\s*)'(\w+)'|'(\w+)'\s+in\s/g)].map((m) => m[1] ?? m[2]),
  );
  assert.ok(names.has('protocol'));
  assert.deepEqual(found(names), []);
});

test('each distinct licence notice is kept once, as written', () => {
  const notice = (year, indent) =>
    `/**\n${indent}* @license\n${indent}* Copyright ${year} Google LLC\n${indent}* SPDX-License-Identifier: BSD-3-Clause\n${indent}*/`;
  const code = `${notice(2019, ' ')}\nconst a=1;\n${notice(2017, ' ')}\nlet b;\n${notice(2017, '')}\n/** not one */\nb=a;`;
  assert.deepEqual(licenceNotices(code), [notice(2019, ''), notice(2017, '')]);
});

test("every built file of the package's entries renames them all, in every chunk", () => {
  // The sandbox (dist/sandbox/) is built on its own, whole, and renames nothing.
  const files = ts.sys.readDirectory('dist', ['.js']).filter((file) => !file.includes('/sandbox/'));
  assert.ok(files.some((file) => file.endsWith('/cdn/waftpay-checkout.js')));
  const left = files.flatMap((file) => {
    const names = new Set(
      [...read(file).matchAll(/[.{,]\s*([A-Za-z_$][\w$]*)\s*(?=[:(=,}]|\?\.|\.|$)/gm)].map((m) => m[1]),
    );
    return found(names).map((name) => `${file}: ${name}`);
  });
  assert.deepEqual(left, []);
});
