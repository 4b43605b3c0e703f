// Where the bytes of the .wasm go: code size per crate (from the function names that the
// profiling build keeps, bench/profile.sh), data, and the other sections.
//   node bench/js/wasm-size.mjs [bench/.work/pkg-profile/leadscore_bg.wasm] [--top N]
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--")) ?? "bench/.work/pkg-profile/leadscore_bg.wasm";
const topIndex = args.indexOf("--top");
const topN = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
const bytes = readFileSync(file);

let pos = 8; // magic and version
function leb() {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return result;
  }
}
function name() {
  const len = leb();
  const text = bytes.toString("utf8", pos, pos + len);
  pos += len;
  return text;
}

const sections = [];
let importedFunctions = 0;
let bodies = [];
const names = new Map();
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = leb();
  const start = pos;
  const end = start + size;
  const section = { id, size, name: null };
  if (id === 0) {
    section.name = name();
    if (section.name === "name") {
      while (pos < end) {
        const sub = bytes[pos++];
        const subSize = leb();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = leb();
          for (let i = 0; i < count; i++) {
            const index = leb();
            names.set(index, name());
          }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    const count = leb();
    for (let i = 0; i < count; i++) {
      name();
      name();
      const kind = bytes[pos++];
      if (kind === 0) {
        leb();
        importedFunctions++;
      } else if (kind === 1) {
        pos++;
        const flags = leb();
        leb();
        if (flags & 1) leb();
      } else if (kind === 2) {
        const flags = leb();
        leb();
        if (flags & 1) leb();
      } else if (kind === 3) {
        pos += 2;
      }
    }
  } else if (id === 10) {
    const count = leb();
    bodies = [];
    for (let i = 0; i < count; i++) {
      const bodySize = leb();
      bodies.push({ index: importedFunctions + i, size: bodySize, start: pos });
      pos += bodySize;
    }
  }
  sections.push(section);
  pos = end;
}

const SECTION_NAMES = {
  0: "custom",
  1: "type",
  2: "import",
  3: "function",
  4: "table",
  5: "memory",
  6: "global",
  7: "export",
  8: "start",
  9: "element",
  10: "code",
  11: "data",
  12: "data count",
};

/** The crate a (demangled, rustc-style) function name belongs to. */
function crateOf(fn) {
  if (!fn) return "(unnamed)";
  let text = fn.replace(/^(<|&mut |&|dyn )+/g, "");
  text = text.replace(/^\(/, "");
  const first = text
    .split("::")[0]
    .replace(/\[[0-9a-f]+\]$/, "")
    .replace(/<.*$/, "");
  return first || fn;
}

const byCrate = new Map();
const functions = [];
for (const body of bodies) {
  const fn = names.get(body.index);
  const crate = crateOf(fn);
  const entry = byCrate.get(crate) ?? { bytes: 0, functions: 0, gzip: [] };
  entry.bytes += body.size;
  entry.functions++;
  entry.gzip.push(bytes.subarray(body.start, body.start + body.size));
  byCrate.set(crate, entry);
  functions.push({ name: fn ?? `#${body.index}`, size: body.size });
}
const codeTotal = bodies.reduce((n, b) => n + b.size, 0);
const out = [];
out.push(
  `${file}: ${bytes.length.toLocaleString("en-US")} bytes (gzip -9 ${gzipSync(bytes, { level: 9 }).length.toLocaleString("en-US")}); ${bodies.length} functions`,
);
out.push("", "| section | bytes |", "|---|---:|");
for (const s of sections)
  out.push(
    `| ${SECTION_NAMES[s.id] ?? s.id}${s.name ? ` "${s.name}"` : ""} | ${s.size.toLocaleString("en-US")} |`,
  );
out.push(
  "",
  "| crate | code bytes | share of code | functions | gzip -9 alone |",
  "|---|---:|---:|---:|---:|",
);
for (const [crate, e] of [...byCrate].sort((a, b) => b[1].bytes - a[1].bytes)) {
  out.push(
    `| ${crate} | ${e.bytes.toLocaleString("en-US")} | ${((100 * e.bytes) / codeTotal).toFixed(1)}% | ${e.functions} | ${gzipSync(Buffer.concat(e.gzip), { level: 9 }).length.toLocaleString("en-US")} |`,
  );
}
out.push("", `Largest ${topN} functions:`, "", "| function | bytes |", "|---|---:|");
for (const f of functions.sort((a, b) => b.size - a.size).slice(0, topN))
  out.push(
    `| \`${f.name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 110)}\` | ${f.size.toLocaleString("en-US")} |`,
  );
process.stdout.write(out.join("\n") + "\n");
