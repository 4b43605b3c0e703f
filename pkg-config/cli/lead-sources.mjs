// Lead sources for `leadscore score`: each turns a stream of Buffers into records
// `{ line, text, index?, name?, eventLines? }`, one per lead, without holding more than a chunk.
// `text` is the lead as JSON text, handed to the engine unparsed (the fast path); `line` is where
// it starts in the input, for error reports. JSON Lines and JSON arrays are split here (the
// engine does the parsing); CSV goes through csv-parse.
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { UsageError, StopError } from "./errors.mjs";

/**
 * The leads of `leadscore score` (`--accounts` too) and `leadscore calibrate` as records: `input` opened by the
 * caller, its format detected (`--input-format`), and the records of that format. `events` (read
 * from `--events`) go with CSV leads only. Returns `{ format, records }`.
 */
export async function leadRecords(input, options, events) {
  const { format, chunks } = await detectFormat(input, options.inputFormat);
  if (events && format !== "csv")
    throw new UsageError(
      "--events goes with CSV leads (--input-format csv); JSON leads carry their own events",
    );
  const records =
    format === "jsonl"
      ? jsonLinesLeads(chunks)
      : format === "json"
        ? jsonArrayLeads(chunks)
        : csvLeads(chunks, { idColumn: options.idColumn, events, source: input.name });
  return { format, records };
}

/**
 * Chooses the input format: as declared, else by extension, else by the first character that is
 * not whitespace. Returns `{ format, chunks }`, `chunks` still yielding everything.
 */
export async function detectFormat(input, declared) {
  if (declared && declared !== "auto") return { format: declared, chunks: input.chunks };
  const byExtension = /\.(csv|jsonl|ndjson|json)$/i.exec(input.name)?.[1].toLowerCase();
  if (byExtension)
    return { format: byExtension === "ndjson" ? "jsonl" : byExtension, chunks: input.chunks };
  // Peek without ending the iteration (a `break` would close the stream).
  const iterator = input.chunks[Symbol.asyncIterator]();
  const seen = [];
  let format = null;
  while (format === null) {
    const { value, done } = await iterator.next();
    if (done) break;
    seen.push(value);
    const first = /[^\s\uFEFF]/.exec(value.toString("utf8"))?.[0];
    if (first !== undefined) format = first === "[" ? "json" : first === "{" ? "jsonl" : "csv";
  }
  async function* replay() {
    yield* seen;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value;
  }
  return { format: format ?? "jsonl", chunks: replay() };
}

/** Text from Buffers, decoding UTF-8 sequences split across chunks, without a leading BOM. */
async function* textChunks(chunks) {
  const decoder = new TextDecoder("utf-8");
  let first = true;
  for await (const chunk of chunks) {
    let text = decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/** JSON Lines: one lead per line; blank lines are skipped. */
export async function* jsonLinesLeads(chunks) {
  let carry = "";
  let line = 0;
  for await (const text of textChunks(chunks)) {
    const buffer = carry.length > 0 ? carry + text : text;
    let start = 0;
    let newline;
    while ((newline = buffer.indexOf("\n", start)) !== -1) {
      line++;
      const lead = trimLine(buffer, start, newline);
      if (lead.length > 0) yield { line, text: lead };
      start = newline + 1;
    }
    carry = buffer.slice(start);
  }
  if (carry.length > 0) {
    line++;
    const lead = trimLine(carry, 0, carry.length);
    if (lead.length > 0) yield { line, text: lead };
  }
}

function trimLine(buffer, start, end) {
  if (end > start && buffer.charCodeAt(end - 1) === 13) end--;
  const text = buffer.slice(start, end);
  return /^\s*$/.test(text) ? "" : text;
}

/** Input that is not well formed enough to go on (a JSON array that never closes). */
export class MalformedInput extends StopError {}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const NEWLINE = 10;

const isSpace = (c) => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * A JSON array of leads, split into its elements' text as it streams: the splitter only tracks
 * strings and nesting, and the engine reads each element. A bad element is one bad record; an
 * array that is not well formed around its elements ends the run (a MalformedInput).
 */
export async function* jsonArrayLeads(chunks) {
  const BEFORE = 0;
  const BETWEEN = 1;
  const INSIDE = 2;
  const AFTER = 3;
  let state = BEFORE;
  let line = 1;
  let afterElement = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pending = "";
  let elementLine = 0;
  let index = 0;
  const malformed = (what) =>
    new MalformedInput(`line ${line}: the JSON array is not well formed: ${what}`);

  for await (const text of textChunks(chunks)) {
    let start = state === INSIDE ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) line++;
      if (state === INSIDE) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (depth === 0) {
            // The array's own `]` right after a scalar element.
            yield {
              line: elementLine,
              index: index++,
              text: (pending + text.slice(start, i)).trim(),
            };
            pending = "";
            state = AFTER;
          } else if (--depth === 0) {
            yield { line: elementLine, index: index++, text: pending + text.slice(start, i + 1) };
            pending = "";
            state = BETWEEN;
            afterElement = true;
          }
        } else if (c === COMMA && depth === 0) {
          yield {
            line: elementLine,
            index: index++,
            text: (pending + text.slice(start, i)).trim(),
          };
          pending = "";
          state = BETWEEN;
          afterElement = false;
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (state === BEFORE) {
        if (c !== OPEN_BRACKET)
          throw malformed(`expected \`[\` to open the array, found \`${String.fromCharCode(c)}\``);
        state = BETWEEN;
      } else if (state === AFTER) {
        throw malformed(`unexpected \`${String.fromCharCode(c)}\` after the array's closing \`]\``);
      } else if (c === CLOSE_BRACKET) {
        if (!afterElement && index > 0) throw malformed("a comma before the closing `]`");
        state = AFTER;
      } else if (c === COMMA) {
        if (!afterElement) throw malformed("a comma where a lead was expected");
        afterElement = false;
      } else {
        if (afterElement) throw malformed("expected `,` or `]` after a lead");
        state = INSIDE;
        start = i;
        elementLine = line;
        depth = 0;
        inString = c === QUOTE;
        escaped = false;
        if (c === OPEN_BRACE || c === OPEN_BRACKET) depth = 1;
      }
    }
    if (state === INSIDE) pending += text.slice(start);
  }
  if (state === INSIDE || state === BETWEEN)
    throw malformed("the input ends before the closing `]`");
}

/**
 * CSV leads, one a row: the `idColumn` cell is the lead id, every other non-empty cell an
 * attribute named by its header (kept as text: numeric conditions read numeric text). Events
 * come from `events` (a Map from lead id to `{ events, lines }`), when given. Rows the CSV parser
 * rejects come out as records with an `error`.
 */
export async function* csvLeads(chunks, { idColumn, events, source }) {
  const parser = Readable.from(chunks).pipe(csvParser(idColumn, source));
  const skipped = [];
  parser.on("skip", (error) => skipped.push(error));
  parser.on("error", () => {});
  try {
    for await (const { record, info } of parser) {
      const line = info.lines;
      // Rejected rows are reported in line order among the good ones.
      while (skipped.length > 0 && skipped[0].lines < line) yield csvSkip(skipped.shift());
      const id = record[idColumn];
      if (id === undefined || id === "") {
        yield {
          line,
          error: { path: "id", message: `the ${JSON.stringify(idColumn)} cell is empty` },
        };
        continue;
      }
      const attributes = {};
      for (const key in record) {
        const value = record[key];
        if (key !== idColumn && value !== "") attributes[key] = value;
      }
      const lead = { id, attributes };
      let eventLines;
      const found = events?.get(id);
      if (found) {
        lead.events = found.events;
        eventLines = found.lines;
        found.used = true;
      }
      yield {
        line,
        text: JSON.stringify(lead),
        name: attributes.name ?? attributes.Name,
        eventLines,
      };
    }
  } catch (error) {
    throw csvFailure(error, source);
  }
  while (skipped.length > 0) yield csvSkip(skipped.shift());
}

/**
 * How both CSV readers take rows: a bad row becomes a skip with its line (for `--on-error` to
 * judge) instead of ending the parse.
 */
const CSV_OPTIONS = {
  bom: true,
  trim: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
  info: true,
};

function csvParser(idColumn, source) {
  return parse({
    ...CSV_OPTIONS,
    columns: (header) => {
      if (idColumn !== null && !header.includes(idColumn)) {
        const shown = header
          .slice(0, 12)
          .map((name) => JSON.stringify(name))
          .join(", ");
        throw new UsageError(
          `${source} has no column ${JSON.stringify(idColumn)}; choose the id column with --id-column ` +
            `(its columns: ${shown}${header.length > 12 ? ", ..." : ""})`,
        );
      }
      return header;
    },
  });
}

function csvSkip(error) {
  return {
    line: error.lines,
    error: { path: "", message: error.message.replace(/ (on|at) line \d+/, "") },
  };
}

function csvFailure(error, source) {
  if (error instanceof UsageError || error instanceof StopError) return error;
  if (error?.cause instanceof UsageError) return error.cause;
  if (error?.code?.startsWith?.("CSV_"))
    return new StopError(`${source} is not readable CSV: ${error.message}`);
  return error;
}

/**
 * The column of an event's own id: `eventId`, or `id` when that is not the lead id column (with
 * the lead ids under `id`, every event of a lead would otherwise share one id, and all but its
 * first would be dropped as deliveries repeated).
 */
function eventIdColumn(header, idColumn) {
  if (header.includes("eventId")) return "eventId";
  return idColumn !== "id" && header.includes("id") ? "id" : null;
}

/**
 * Reads a CSV of events into `{ byLead, badRows }`: a Map from lead id to `{ events, lines }`,
 * and the rows that could not be read as `{ line, message }`. Columns: the lead id
 * (`idColumn`), `type`, `at` and optionally the event's own id (`eventIdColumn`); every other
 * non-empty cell becomes a prop.
 */
export async function readEventsCsv(chunks, { idColumn, source }) {
  const byLead = new Map();
  const badRows = [];
  let ownId = null;
  const parser = Readable.from(chunks).pipe(
    parse({
      ...CSV_OPTIONS,
      columns: (header) => {
        const missing = [idColumn, "type", "at"].filter((name) => !header.includes(name));
        if (missing.length > 0) {
          throw new UsageError(
            `${source} needs the columns ${missing.map((name) => JSON.stringify(name)).join(", ")} ` +
              `(a lead id column, named by --events-id-column, then type and at); it has ${header.map((name) => JSON.stringify(name)).join(", ")}`,
          );
        }
        ownId = eventIdColumn(header, idColumn);
        return header;
      },
    }),
  );
  parser.on("skip", (error) =>
    badRows.push({ line: error.lines, message: error.message.replace(/ (on|at) line \d+/, "") }),
  );
  parser.on("error", () => {});
  try {
    for await (const { record, info } of parser) {
      const leadId = record[idColumn];
      if (leadId === "") {
        badRows.push({
          line: info.lines,
          message: `the ${JSON.stringify(idColumn)} cell is empty`,
        });
        continue;
      }
      const event = { type: record.type, at: record.at };
      if (ownId !== null && record[ownId] !== "") event.id = record[ownId];
      let props;
      for (const key in record) {
        if (
          key === idColumn ||
          key === "type" ||
          key === "at" ||
          key === ownId ||
          record[key] === ""
        )
          continue;
        (props ??= {})[key] = record[key];
      }
      if (props) event.props = props;
      let entry = byLead.get(leadId);
      if (!entry) byLead.set(leadId, (entry = { events: [], lines: [], used: false }));
      entry.events.push(event);
      entry.lines.push(info.lines);
    }
  } catch (error) {
    throw csvFailure(error, source);
  }
  badRows.sort((a, b) => a.line - b.line);
  return { byLead, badRows };
}
