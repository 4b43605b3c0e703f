// A CRM export from generated leads, streaming: reads JSON Lines leads on stdin and writes a CSV
// on stdout, the lead id in `id` and each attribute in a column (events are left out: a CRM
// export's activity comes as a second file, which the command reads into memory). The columns
// are the attributes of the first 1,000 leads; a later lead with another attribute stops it
// (exit 1), so nothing is dropped unseen. Used by the memory test for CSV input.
import { createInterface } from "node:readline";

const FIRST = 1000;
const cell = (value) => {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

let columns = null;
let waiting = [];
let out = "";

function write(lead) {
  const attributes = lead.attributes ?? {};
  const unknown = Object.keys(attributes).find((key) => !columns.includes(key));
  if (unknown !== undefined) {
    process.stderr.write(`leads-to-csv: ${lead.id} has attribute ${unknown}, not a column\n`);
    process.exit(1);
  }
  out += [lead.id, ...columns.map((key) => attributes[key])].map(cell).join(",") + "\n";
}

async function flush() {
  if (out.length > 0 && !process.stdout.write(out))
    await new Promise((resolve) => process.stdout.once("drain", resolve));
  out = "";
}

function start() {
  const keys = new Set();
  for (const lead of waiting) for (const key of Object.keys(lead.attributes ?? {})) keys.add(key);
  columns = [...keys];
  out += ["id", ...columns].map(cell).join(",") + "\n";
  for (const lead of waiting) write(lead);
  waiting = null;
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === "") continue;
  const lead = JSON.parse(line);
  if (columns === null) {
    waiting.push(lead);
    if (waiting.length === FIRST) start();
  } else {
    write(lead);
    if (out.length > 1 << 16) await flush();
  }
}
if (columns === null) start();
await flush();
