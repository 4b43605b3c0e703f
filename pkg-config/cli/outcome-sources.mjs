// Reading a separate outcomes file for `leadscore calibrate`: CSV (a header row) or JSON Lines
// (one object a line, as `leadscore generate --outcomes` writes), each record a lead id, its
// outcome and optionally its decision time, into an OutcomeLedger that places every problem.
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { StopError } from "./errors.mjs";
import { openInput } from "./streams.mjs";
import { detectFormat } from "./lead-sources.mjs";
import { OutcomeLedger } from "./outcomes.mjs";

/**
 * The outcomes in `path`: `idColumn` is the lead id, `column` the outcome, `decidedAtColumn`
 * (optional) the decision time. A missing column stops the run with the columns there are.
 */
export async function readOutcomeRecords(path, io, { idColumn, column, decidedAtColumn }) {
  const input = openInput(path, io.stdin, "the outcomes");
  const { format, chunks } = await detectFormat(input, "auto");
  const ledger = new OutcomeLedger({ column, source: input.name });
  const records =
    format === "csv" ? csvRecords(chunks, input.name) : jsonLineRecords(chunks, input.name);
  let first = true;
  for await (const { line, record } of records) {
    if (first && format === "csv")
      requireColumns(Object.keys(record), [idColumn, column], input.name);
    first = false;
    const id = record[idColumn];
    if (id === undefined || id === null || id === "") {
      throw new StopError(`${input.name} line ${line}: no lead id (${JSON.stringify(idColumn)})`);
    }
    if (format !== "csv" && !Object.hasOwn(record, column)) {
      throw new StopError(
        `${input.name} line ${line}: no outcome field ${JSON.stringify(column)} (name it with --outcome-column)`,
      );
    }
    const decidedAt = decidedAtColumn ? record[decidedAtColumn] || null : null;
    ledger.add(String(id), record[column], line, decidedAt);
  }
  return ledger;
}

function requireColumns(header, names, source) {
  const missing = names.filter((name) => !header.includes(name));
  if (missing.length === 0) return;
  throw new StopError(
    `${source} has no column ${missing.map((name) => JSON.stringify(name)).join(" or ")} ` +
      `(--outcomes-id-column, --outcome-column); it has ${header.map((name) => JSON.stringify(name)).join(", ")}`,
  );
}

async function* csvRecords(chunks, source) {
  const parser = Readable.from(chunks).pipe(
    parse({ bom: true, trim: true, skip_empty_lines: true, columns: true, info: true }),
  );
  try {
    for await (const { record, info } of parser) yield { line: info.lines, record };
  } catch (error) {
    throw new StopError(`${source}: ${error.message}`);
  }
}

async function* jsonLineRecords(chunks, source) {
  let rest = "";
  let line = 0;
  const decoder = new TextDecoder("utf-8");
  const lines = function* (text) {
    for (const row of text.split("\n")) {
      line++;
      if (row.trim() === "") continue;
      let record;
      try {
        record = JSON.parse(row);
      } catch (error) {
        throw new StopError(`${source} line ${line}: not JSON: ${error.message}`);
      }
      if (record === null || typeof record !== "object" || Array.isArray(record)) {
        throw new StopError(`${source} line ${line}: an outcome is an object {"id", ...}`);
      }
      yield { line, record };
    }
  };
  for await (const chunk of chunks) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const end = text.lastIndexOf("\n");
    rest = text.slice(end + 1);
    if (end >= 0) yield* lines(text.slice(0, end));
  }
  yield* lines(rest + decoder.decode());
}
