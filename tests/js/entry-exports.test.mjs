// What the package's types declare as values (classes, functions, constants) each entry exports
// at run time: in Node (ES module and CommonJS) and in the browser entry's export list.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkg = new URL("../../pkg/", import.meta.url);

/** The values a type file declares (`export class X`, `export function f`, `export const c`). */
function declaredValues(typeFile) {
  const text = readFileSync(new URL(typeFile, pkg), "utf8");
  const names = [...text.matchAll(/^export (?:declare )?(?:class|function|const) (\w+)/gm)];
  return [...new Set(names.map((match) => match[1]))].sort();
}

/** The names a browser entry exports (its `export { ... }` list). */
function browserExports(entry) {
  const text = readFileSync(new URL(entry, pkg), "utf8");
  const list = text.match(/^export \{([^}]*)\};/m);
  assert.ok(list, `${entry} has an export list`);
  return list[1]
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean)
    .sort();
}

for (const [name, typeFile, browserEntry] of [
  ["leadscore", "index.d.ts", "web/index.js"],
  ["leadscore/full", "full.d.ts", "web/full/index.js"],
]) {
  test(`${name}: every value its types declare is exported, in Node and in the browser entry`, async () => {
    const declared = declaredValues(typeFile);
    assert.ok(declared.includes("Scorer"), "the type file is read");
    const esm = await import(name);
    const cjs = require(name);
    for (const value of declared) {
      assert.notEqual(esm[value], undefined, `${name} (ES module) exports ${value}`);
      assert.notEqual(cjs[value], undefined, `${name} (CommonJS) exports ${value}`);
    }
    const browser = browserExports(browserEntry);
    for (const value of declared) assert.ok(browser.includes(value), `${browserEntry}: ${value}`);
  });
}
