// The simulator's server (scripts/serve.mjs) lets the browser keep what it downloaded and ask
// again at every use: the page and its two workers each load the engine's .wasm, which is then
// downloaded once a visit (answered "not modified" after that), and a rebuilt file is seen at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../../scripts/serve.mjs";

test("a file is revalidated: not modified while it is the same, sent again once rebuilt", async () => {
  const root = mkdtempSync(join(tmpdir(), "leadscore-serve-"));
  const file = join(root, "engine.wasm");
  writeFileSync(file, Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  const server = await serve({ root, port: 0 });
  try {
    const url = new URL("engine.wasm", server.url);
    const first = await fetch(url);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("content-type"), "application/wasm");
    assert.equal(first.headers.get("cache-control"), "no-cache");
    const etag = first.headers.get("etag");
    assert.ok(etag, "an ETag names the file's version");
    assert.equal((await first.arrayBuffer()).byteLength, 8);

    const again = await fetch(url, { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
    assert.equal((await again.arrayBuffer()).byteLength, 0, "no body: the browser's copy is used");

    // Rebuilt: another size and time, so the copy held is stale and the file is sent.
    writeFileSync(file, Buffer.from([0, 97, 115, 109, 1, 0, 0, 0, 0]));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const rebuilt = await fetch(url, { headers: { "if-none-match": etag } });
    assert.equal(rebuilt.status, 200);
    assert.notEqual(rebuilt.headers.get("etag"), etag);
    assert.equal((await rebuilt.arrayBuffer()).byteLength, 9);
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
