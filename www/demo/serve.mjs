#!/usr/bin/env node
// Serves the demo site (www/dist/demo, built by `node www/demo/build.mjs`) on 127.0.0.1 the way
// a site would: a strict Content-Security-Policy on every page, and the visitor scorer's beacon
// endpoint, POST /api/score, answered by the serverless fetch handler
// (examples/serverless/fetch.mjs) with the same visitor model, so the server re-scores the
// events it receives. Prints the URL and serves until Ctrl-C.
//   node www/demo/serve.mjs [--port N]
// Also a module: `const server = await serveDemo({ port, onScore })` gives `{ url, close() }`;
// `onScore({ request, response })` sees each beacon and the server's answer.
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Scorer } from "leadscore";
import { fetchHandler } from "../../examples/serverless/fetch.mjs";
import { createScoringService } from "../../examples/serverless/scoring-service.mjs";
import { CONTENT_TYPES, listen } from "../../scripts/serve.mjs";

const demo = dirname(fileURLToPath(import.meta.url));
const ROOT = join(demo, "..", "dist", "demo");

/** The policy the demo is served with: scripts and Wasm from the site itself, nothing inline. */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

/**
 * Starts serving the built demo (or another `root`); resolves to `{ url, port, close() }`.
 * `contentSecurityPolicy`: the header to send (null: none).
 */
export async function serveDemo({
  port = 8081,
  root = ROOT,
  onScore = () => {},
  contentSecurityPolicy = CONTENT_SECURITY_POLICY,
} = {}) {
  const model = readFileSync(join(demo, "model.json"), "utf8");
  const handler = fetchHandler(createScoringService(new Scorer(model)));
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
    if (contentSecurityPolicy) headers["content-security-policy"] = contentSecurityPolicy;
    const url = new URL(request.url, "http://127.0.0.1");
    if (url.pathname.endsWith("/api/score")) {
      const body = await readBody(request);
      const answer = await handler.fetch(
        new Request(url, {
          method: request.method,
          headers: { "content-type": request.headers["content-type"] ?? "" },
          body: request.method === "POST" ? body : undefined,
        }),
      );
      const text = await answer.text();
      onScore({ request: body, status: answer.status, response: JSON.parse(text) });
      response
        .writeHead(answer.status, { ...headers, ...Object.fromEntries(answer.headers) })
        .end(text);
      return;
    }
    let file = resolve(base, `.${decodeURIComponent(url.pathname)}`);
    if (file !== base && !file.startsWith(base + sep))
      return void response.writeHead(403, headers).end();
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = join(file, "index.html");
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) {
      return void response
        .writeHead(404, { ...headers, "content-type": "text/plain; charset=utf-8" })
        .end("not found\n");
    }
    const type =
      extname(file) === ".pdf"
        ? "application/pdf"
        : (CONTENT_TYPES[extname(file)] ?? "application/octet-stream");
    response.writeHead(200, { ...headers, "content-type": type }).end(readFileSync(file));
  });
  return listen(server, port);
}

function readBody(request) {
  return new Promise((done, fail) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
    request.on("error", fail);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const portIndex = process.argv.indexOf("--port");
  const server = await serveDemo({
    port: portIndex >= 0 ? Number(process.argv[portIndex + 1]) : 8081,
  });
  console.log(`the demo site: ${server.url} (Ctrl-C stops it)`);
}
