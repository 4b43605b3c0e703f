// `leadscore score`: streams leads through a compiled model in batches (JSON text in, through
// `scoreBatch`, the fast path) and writes results as they come, waiting on the output when it is
// full, so memory stays flat whatever the input size.
import { Scorer } from "../node/index.mjs";
import { EXIT, UsageError, StopError } from "./errors.mjs";
import { readModelText, describeIssues } from "./model-file.mjs";
import { openInput, openOutput, progressBar, OutputClosed } from "./streams.mjs";
import { leadRecords, readEventsCsv } from "./lead-sources.mjs";
import { createFormatter } from "./formats.mjs";

/** A batch also ends once its leads' text reaches this many characters. */
const MAX_BATCH_CHARS = 8 << 20;

export async function scoreCommand(options, io) {
  const startedAt = Date.now();
  const scorer = compileModel(options.model, io, Scorer, limitsOf(options));
  const asOf = resolveAsOf(scorer, options.asOf);
  const failFast = options.onError === "fail";
  const tally = { scored: 0, mql: 0, skipped: 0 };
  const reportBad = (line, text) => {
    tally.skipped++;
    io.stderr.write(`line ${line}: ${text}\n`);
  };

  if ((options.leads === undefined || options.leads === "-") && io.stdin.isTTY) {
    throw new UsageError("no leads: pass --leads FILE, or pipe leads into standard input");
  }
  let events = null;
  if (options.events !== undefined) {
    events = await loadEvents(options, io, failFast);
  }
  const input = openInput(options.leads, io.stdin, "the leads");
  const { format, records } = await leadRecords(input, options, events);

  const out = await openOutput(options.out, io.stdout);
  const formatter = createFormatter(options.format, {
    explain: Boolean(options.explain),
    title: `${scorer.modelName ?? options.model}, as of ${asOf}`,
  });
  // No bar over results that are going to the same terminal.
  const toTerminal = (options.out === undefined || options.out === "-") && io.stdout.isTTY;
  const progress = progressBar(io.stderr, {
    enabled: !options.quiet && !toTerminal,
    total: input.size,
    noun: "leads",
  });
  const wantsName = options.format === "table";

  let opened = false;
  /** Writes `text`, after the format's opening (a CSV header, a table title) the first time. */
  async function emit(text) {
    if (!opened) {
      opened = true;
      text = formatter.start() + text;
    }
    await out.write(text);
  }

  /** Scores a batch, writes its results and reports its bad leads (throws to stop: --on-error fail). */
  async function flush(batch) {
    if (batch.length === 0) return;
    const results = scoreRecords(scorer, batch, asOf);
    const rows = [];
    for (let i = 0; i < batch.length; i++) {
      const result = results[i];
      const record = batch[i];
      if (result.error !== undefined) {
        const problem = describeLeadError(record, result.error, format);
        reportBad(problem.line, problem.text);
        if (failFast) {
          if (rows.length > 0) await emit(formatter.batch(rows));
          throw stopAt(problem.line, tally);
        }
        continue;
      }
      if (wantsName && record.name === undefined) record.name = leadName(record.text);
      rows.push({ result, record });
      tally.scored++;
      if (result.mql) tally.mql++;
    }
    if (rows.length > 0) await emit(formatter.batch(rows));
    progress.update(input.bytesRead(), tally.scored + tally.skipped);
  }

  let stopped = null;
  try {
    let batch = [];
    let chars = 0;
    const leads = afterFlushing(records, async () => {
      // Input that breaks off: the leads before the break are still scored and written.
      await flush(batch);
      batch = [];
    });
    for await (const record of leads) {
      if (record.error !== undefined) {
        // A row the CSV reader rejected: flush what came before it, to keep the output in order.
        await flush(batch);
        batch = [];
        chars = 0;
        reportBad(
          record.line,
          `${record.error.path ? `${record.error.path}: ` : ""}${record.error.message}`,
        );
        if (failFast) throw stopAt(record.line, tally);
        continue;
      }
      batch.push(record);
      chars += record.text.length;
      if (batch.length >= options.batchSize || chars >= MAX_BATCH_CHARS) {
        await flush(batch);
        batch = [];
        chars = 0;
      }
    }
    await flush(batch);
    await emit(formatter.end());
    await out.close();
  } catch (error) {
    if (error instanceof OutputClosed) return EXIT.OK;
    if (!(error instanceof StopError)) throw error;
    stopped = error;
  } finally {
    progress.stop();
    scorer.free();
  }

  if (events) noteUnusedEvents(events, options, io);
  if (stopped) throw stopped;
  if (!options.quiet) io.stderr.write(summary(tally, Date.now() - startedAt));
  return tally.skipped > 0 ? EXIT.PROBLEMS : EXIT.OK;
}

/** The records of `source`; when reading fails, `beforeFailing` runs before the error goes on. */
async function* afterFlushing(source, beforeFailing) {
  try {
    yield* source;
  } catch (error) {
    await beforeFailing();
    throw error;
  }
}

function stopAt(line, { scored }) {
  return new StopError(
    `stopped at line ${line} (--on-error fail) after scoring ${scored.toLocaleString("en-US")} ${scored === 1 ? "lead" : "leads"}`,
  );
}

/**
 * The engine's limits from the --max-* flags (each left out keeps the engine's default). A batch
 * holds at most --batch-size leads, so that is its limit.
 */
export function limitsOf(options) {
  const limits = { batchSize: options.batchSize };
  const flags = {
    eventsPerLead: options.maxEventsPerLead,
    rulesPerModel: options.maxRules,
    stringLength: options.maxStringLength,
    nestingDepth: options.maxNestingDepth,
  };
  for (const [name, value] of Object.entries(flags)) if (value !== undefined) limits[name] = value;
  return limits;
}

/** The model compiled by `ScorerClass` (the scoring-only module's by default) within `limits`. */
export function compileModel(path, io, ScorerClass = Scorer, limits = undefined) {
  const text = readModelText(path);
  try {
    return new ScorerClass(text, { limits });
  } catch (error) {
    if (error?.name !== "ModelError") throw error;
    io.stderr.write(describeIssues(path, error.errors));
    throw new StopError(
      `the model ${path} is not valid (${error.errors.length} ${error.errors.length === 1 ? "problem" : "problems"}; see \`leadscore validate\`)`,
    );
  }
}

/** The as-of time as the engine reads it (RFC 3339, UTC, milliseconds): fixed for the whole run. */
export function resolveAsOf(scorer, asOf) {
  try {
    return scorer.score(
      { id: "as-of" },
      { asOf: asOf === undefined || asOf === "now" ? new Date() : asOf },
    ).asOf;
  } catch (error) {
    if (error?.name !== "InputError") throw error;
    throw new UsageError(
      `--as-of ${JSON.stringify(asOf)} is not a time: ${error.message.replace(/^invalid input at asOf: /, "")}`,
    );
  }
}

/** Says on stderr how many lead ids of the events file no lead had. */
export function noteUnusedEvents(events, options, io) {
  const unused = [...events.values()].filter((entry) => !entry.used).length;
  if (unused > 0)
    io.stderr.write(
      `note: ${options.events} has events for ${unused.toLocaleString("en-US")} ${unused === 1 ? "lead id that is" : "lead ids that are"} not in the leads\n`,
    );
}

/** The events file's events by lead id (`--events`), its bad rows reported (or the run stopped). */
export async function loadEvents(options, io, failFast) {
  const input = openInput(options.events, io.stdin, "the events");
  const { byLead, badRows } = await readEventsCsv(input.chunks, {
    idColumn: options.eventsIdColumn ?? options.idColumn,
    source: options.events,
  });
  for (const { line, message } of badRows) {
    io.stderr.write(`${options.events} line ${line}: ${message}\n`);
    if (failFast)
      throw new StopError(`stopped at ${options.events} line ${line} (--on-error fail)`);
  }
  return byLead;
}

/**
 * Scores a batch in one call. When its text is not a well-formed array of as many values as
 * records (a line of broken JSON, or two values on one line), the records are scored one by one
 * so each bad one is found; a bad batch is rare, so the fast path stays fast.
 */
function scoreRecords(scorer, batch, asOf) {
  if (batch.length === 0) return [];
  try {
    const results = scorer.scoreBatch(`[${batch.map((record) => record.text).join(",")}]`, {
      asOf,
      onError: "collect",
    });
    if (results.length === batch.length) return results;
  } catch (error) {
    if (error?.name !== "InputError") throw error;
  }
  return batch.map((record) => scoreOne(scorer, record, asOf));
}

function scoreOne(scorer, record, asOf) {
  try {
    const results = scorer.scoreBatch(`[${record.text}]`, { asOf, onError: "collect" });
    if (results.length === 1) return results[0];
    return {
      leadId: null,
      error: {
        name: "InputError",
        path: "",
        message: `expected one lead, found ${results.length} JSON values`,
      },
    };
  } catch (error) {
    if (error?.name !== "InputError") throw error;
    // The text was wrapped in `[` `]` to score it: a column on its first line is one too far.
    const message = error.message.replace(
      / at line 1 column (\d+)$/,
      (_, column) => ` at line 1 column ${Math.max(1, column - 1)}`,
    );
    return { leadId: null, error: { name: error.name, path: error.path, message } };
  }
}

/**
 * Where and what: `{ line, text }` with text `<path>: <message>` for a lead the engine could not
 * read, the line made exact when the engine says where in a multi-line lead the problem is.
 */
export function describeLeadError(record, error, format) {
  let path = error.path.replace(/^\[\d+\]\.?/, "");
  let message = error.message;
  for (const prefix of [`invalid input at ${error.path}: `, "invalid input: "]) {
    if (message.startsWith(prefix)) {
      message = message.slice(prefix.length);
      break;
    }
  }
  let line = record.line;
  const position = / at line (\d+) column (\d+)$/.exec(message);
  if (position) {
    message = message.slice(0, position.index);
    const [lineInLead, column] = [Number(position[1]), Number(position[2])];
    // A column is exact for a line of JSON Lines, and on the later lines of a multi-line lead.
    if (format === "jsonl") message += ` (column ${column})`;
    else if (format === "json" && lineInLead > 1) {
      line = record.line + lineInLead - 1;
      message += ` (column ${column})`;
    }
  }
  const event = /^events\[(\d+)\]/.exec(path);
  if (event && record.eventLines)
    message += ` (events file line ${record.eventLines[Number(event[1])]})`;
  if (format === "json")
    path = `[${record.index}]${path === "" || path.startsWith("[") ? "" : "."}${path}`;
  return { line, text: `${path ? `${path}: ` : ""}${message}` };
}

function leadName(text) {
  try {
    const name = JSON.parse(text)?.attributes?.name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

function summary({ scored, mql, skipped }, ms) {
  const n = (value) => value.toLocaleString("en-US");
  const seconds = ms / 1000;
  const rate = seconds >= 1 ? `, ${n(Math.round(scored / seconds))} leads/s` : "";
  return `scored ${n(scored)} ${scored === 1 ? "lead" : "leads"} (${n(mql)} MQL${mql === 1 ? "" : "s"}), skipped ${n(skipped)} in ${seconds.toFixed(1)} s${rate}\n`;
}
