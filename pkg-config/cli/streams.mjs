// Files and standard streams for the commands: opening inputs and outputs with errors a person
// can act on, writing with backpressure (so memory stays flat however much goes through), and
// the progress bar.
import { createReadStream, createWriteStream, statSync } from "node:fs";
import { once } from "node:events";
import cliProgress from "cli-progress";
import { UsageError, StopError } from "./errors.mjs";

const READ_CHUNK = 1 << 20;

/**
 * Opens `path` ("-" or undefined: `stdin`) for reading. Returns `{ name, size, chunks }`:
 * `chunks` is an async iterable of Buffers read on demand, `size` the byte size when known, and
 * `bytesRead()` what has been consumed so far (for the progress bar).
 */
export function openInput(path, stdin, what) {
  if (path === undefined || path === "-") {
    return counted({ name: "standard input", size: null, stream: stdin });
  }
  let size;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`${what} ${path} is a directory, not a file`);
    size = stat.isFile() ? stat.size : null;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read ${what} ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
    );
  }
  return counted({
    name: path,
    size,
    stream: createReadStream(path, { highWaterMark: READ_CHUNK }),
  });
}

function counted({ name, size, stream }) {
  let bytes = 0;
  async function* chunks() {
    try {
      for await (const chunk of stream) {
        bytes += chunk.length;
        yield chunk;
      }
    } catch (error) {
      throw new StopError(`cannot read ${name}: ${error.message}`);
    }
  }
  return { name, size, chunks: chunks(), bytesRead: () => bytes };
}

/**
 * Opens `path` for writing (undefined or "-": `stdout`). Returns `{ write(text), close() }`;
 * `write` waits while the stream's buffer is full.
 */
export async function openOutput(path, stdout) {
  const toFile = path !== undefined && path !== "-";
  const stream = toFile ? createWriteStream(path) : stdout;
  if (toFile) {
    try {
      await once(stream, "open");
    } catch (error) {
      throw new UsageError(
        `cannot write ${path}: ${error.code === "ENOENT" ? "no such directory" : error.message}`,
      );
    }
  }
  let failure = null;
  const onError = (error) => {
    failure ??= error;
  };
  stream.on("error", onError);
  const check = () => {
    if (failure) {
      // The reader went away (`| head`): stop quietly. Anything else ends the run.
      if (failure.code === "EPIPE") throw new OutputClosed();
      throw new StopError(`cannot write ${toFile ? path : "standard output"}: ${failure.message}`);
    }
  };
  return {
    async write(text) {
      check();
      if (text.length === 0) return;
      if (!stream.write(text)) {
        await drained(stream);
        check();
      }
    },
    async close() {
      check();
      if (toFile) {
        stream.end();
        await once(stream, "finish").catch(() => {});
        check();
      }
    },
  };
}

/** Resolves once `stream` drains, closes or fails (the caller then checks which). */
function drained(stream) {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      stream.off("error", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
    stream.on("error", done);
  });
}

/** Thrown by `write` when the reader of standard output has gone away. */
export class OutputClosed extends Error {
  name = "OutputClosed";
}

/**
 * A progress bar on `stderr`, shown only when it is a terminal and `enabled`. With `total`
 * (bytes) it shows a bar, a percentage and an ETA; without, a running count.
 */
export function progressBar(stderr, { enabled, total, noun }) {
  if (!enabled || !stderr.isTTY) return { update() {}, stop() {} };
  const known = typeof total === "number" && total > 0;
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr,
      format: known
        ? `{bar} {percentage}% | {count} ${noun} | {rate} ${noun}/s | ETA {eta_formatted}`
        : `{count} ${noun} | {rate} ${noun}/s`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
      etaBuffer: 30,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(known ? total : 1, 0, { count: "0", rate: "0" });
  return {
    update(done, count) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(known ? Math.min(done, total) : 0, {
        count: count.toLocaleString("en-US"),
        rate: Math.round(count / seconds).toLocaleString("en-US"),
      });
    },
    stop() {
      bar.stop();
    },
  };
}
