// The drop-in's minifier (scripts/minify-drop-in.mjs) renames the properties of
// scripts/internal-properties.mjs. A renamed property that someone outside the file reads would
// break without a word: each name must be none of the package's public API, the DOM's, lit's, nor
// read by its name as text. And the licence notices of the code inside stay.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import ts from 'typescript';
import { internalProperties } from '../../scripts/internal-properties.mjs';
import { licenceNotices } from '../../scripts/minify-drop-in.mjs';

const require = createRequire(import.meta.url);
const read = (path) => readFileSync(path, 'utf8');
const found = (names) => internalProperties.filter((name) => names.has(name));

test('no renamed property is a member of the public API (the element entry, its types and classes)', () => {
  const program = ts.createProgram(['src/element.ts'], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
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
  const entry = checker.getSymbolAtLocation(program.getSourceFile('src/element.ts'));
  for (const exported of checker.getExportsOfModule(entry)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    walk(checker.getDeclaredTypeOfSymbol(symbol));
    if (declaration) walk(checker.getTypeOfSymbolAtLocation(symbol, declaration));
  }
  // The walk reaches the element's members and the events' fields (a check that it walks at all).
  for (const name of [
    'checkoutUrl',
    'allowedOrigins',
    'expectHandshake',
    'eventName',
    'retryable',
    'pending',
  ])
    assert.ok(names.has(name), `${name} is public`);
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
    .filter((file) => !file.includes('/server/'))
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
