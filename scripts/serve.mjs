#!/usr/bin/env node
// Serves the what-if simulator (www/dist, built by `node www/build.mjs`) or any folder on
// 127.0.0.1, with the right content types (application/wasm for the engine, so the browser
// compiles it while it downloads), each file revalidated at every use (an ETag, `no-cache`: a
// rebuild is seen at once, and the engine's .wasm, which the page and its two workers each load,
// is downloaded once a visit). No dependencies. Prints the URL and serves until Ctrl-C.
//   node scripts/serve.mjs [--port N] [--root DIR]
// Without --port it serves on 8080, or on a free port when 8080 is taken; --port 0 always picks
// a free one.
// Also a module: `const server = await serve({ root, port })` gives `{ url, close() }`.
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");

export const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** Starts serving `root` on 127.0.0.1:`port`; resolves to `{ url, port, close() }`. */
export async function serve({
  root = join(repo, "www", "dist"),
  port = 8080,
  log = () => {},
} = {}) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    const headers = { "cache-control": "no-cache", "x-content-type-options": "nosniff" };
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { ...headers, allow: "GET, HEAD" }).end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
    } catch {
      response.writeHead(400, headers).end();
      return;
    }
    let file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) {
      response.writeHead(403, headers).end();
      return;
    }
    let stat = statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      file = join(file, "index.html");
      stat = statSync(file, { throwIfNoEntry: false });
    }
    if (!stat?.isFile()) {
      log(`404 ${path}`);
      response
        .writeHead(404, { ...headers, "content-type": "text/plain; charset=utf-8" })
        .end(`not found: ${path}\n`);
      return;
    }
    // The file's size and modification time name its version: a copy the browser holds of
    // that version is answered "not modified", without the body.
    const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    if (request.headers["if-none-match"] === etag) {
      response.writeHead(304, { ...headers, etag }).end();
      return;
    }
    response.writeHead(200, {
      ...headers,
      etag,
      "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": stat.size,
    });
    if (request.method === "HEAD") response.end();
    else createReadStream(file).pipe(response);
  });
  return listen(server, port);
}

/** Starts `server` on 127.0.0.1:`port` (0: any free port): `{ url, port, close() }`. */
export async function listen(server, port) {
  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", done);
  });
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections?.();
        server.close(done);
      }),
  };
}

function usage(message) {
  if (message) console.error(`serve.mjs: ${message}`);
  console.error("usage: node scripts/serve.mjs [--port N] [--root DIR]");
  process.exit(2);
}

async function main(args) {
  let port = null;
  let root = join(repo, "www", "dist");
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => args[++i] ?? usage(`${arg} needs a value`);
    if (arg === "--port" || arg === "-p") port = Number(value());
    else if (arg.startsWith("--port=")) port = Number(arg.slice(7));
    else if (arg === "--root") root = value();
    else if (arg.startsWith("--root=")) root = arg.slice(7);
    else if (arg === "--help" || arg === "-h") usage();
    else usage(`unknown option ${arg}`);
  }
  if (port !== null && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    usage("--port must be a whole number from 0 to 65535");
  if (!statSync(join(root, "index.html"), { throwIfNoEntry: false })) {
    console.error(
      `serve.mjs: ${root} has no index.html: build the simulator first (node www/build.mjs)`,
    );
    process.exit(2);
  }
  let server;
  const log = (line) => console.error(line);
  try {
    server = await serve({ root, port: port ?? 8080, log });
  } catch (error) {
    if (port === null && error.code === "EADDRINUSE") server = await serve({ root, port: 0, log });
    else {
      console.error(
        `serve.mjs: cannot listen on 127.0.0.1:${port}: ${error.code === "EADDRINUSE" ? "the port is in use (try --port 0)" : error.message}`,
      );
      process.exit(2);
    }
  }
  console.log(`Serving ${root} at ${server.url} (Ctrl-C stops)`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  main(process.argv.slice(2));
