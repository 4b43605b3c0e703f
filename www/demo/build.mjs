// Builds the demo site (a made-up SaaS company's marketing pages that use leadscore's visitor
// scorer) into www/dist/demo/: each page of pages/ inside layout.html, with the visitor model
// (model.json) compiled ahead by `leadscore compile` and inline; the visitor scorer's classic
// script and its .wasm from the package; the site's own script (src/, bundled by esbuild) and
// styles; small PDFs for the download links.
// Needs pkg/ built and linked as node_modules/leadscore (bash pkg-config/build.sh). Prints what
// a page downloads to score its visitor, raw and gzipped.
//   node www/demo/build.mjs        then   node www/demo/serve.mjs
import { execFileSync } from "node:child_process";
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const demo = dirname(fileURLToPath(import.meta.url));
const DIST = join(demo, "..", "dist", "demo");

const resolve = createRequire(join(demo, "..", "..", "package.json")).resolve;
let visitorScript;
let visitorWasm;
let command;
try {
  visitorScript = resolve("leadscore/visitor/script");
  visitorWasm = resolve("leadscore/visitor/leadscore-visitor.wasm");
  command = join(dirname(resolve("leadscore/package.json")), "bin", "leadscore.mjs");
} catch {
  console.error("www/demo/build.mjs: leadscore is not built: run `bash pkg-config/build.sh` first");
  process.exit(2);
}

rmSync(DIST, { recursive: true, force: true });
mkdirSync(join(DIST, "assets"), { recursive: true });

const layout = readFileSync(join(demo, "layout.html"), "utf8");
// The model compiled ahead, as any site would (`npx leadscore compile model.json`), inline in a
// <script type="application/json">, where no "</" may end the element early.
const compiled = execFileSync(process.execPath, [command, "compile", join(demo, "model.json")], {
  encoding: "utf8",
});
const model = compiled.trim().replaceAll("</", "<\\/");
const threshold = JSON.parse(readFileSync(join(demo, "model.json"), "utf8")).mql.threshold;
for (const page of pagesIn(join(demo, "pages"))) {
  const source = readFileSync(join(demo, "pages", page), "utf8");
  const meta = Object.fromEntries(
    [...source.matchAll(/^<!-- (\w+): (.*) -->$/gm)].map((m) => [m[1], m[2]]),
  );
  const content = source.replace(/^<!-- \w+: .* -->\n/gm, "");
  const root = "../".repeat(page.split("/").length - 1);
  const html = layout
    .replace(/\{\{current:(\w+)\}\}/g, (_, name) =>
      name === meta.nav ? 'aria-current="page"' : "",
    )
    .replaceAll("{{title}}", meta.title)
    .replaceAll("{{description}}", meta.description)
    .replaceAll("{{root}}", root)
    .replace("{{model}}", () => model)
    .replaceAll("{{threshold}}", String(threshold))
    .replace("{{content}}", () => content.replace(/^/gm, "      ").trimEnd());
  mkdirSync(dirname(join(DIST, page)), { recursive: true });
  writeFileSync(join(DIST, page), html);
}

await build({
  absWorkingDir: demo,
  entryPoints: { site: "src/site.js" },
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2020",
  outdir: join(DIST, "assets"),
  minify: true,
  logLevel: "warning",
});
copyFileSync(visitorScript, join(DIST, "assets", "leadscore-visitor.min.js"));
copyFileSync(visitorWasm, join(DIST, "assets", "leadscore-visitor.wasm"));
copyFileSync(join(demo, "site.css"), join(DIST, "assets", "site.css"));
copyFileSync(join(demo, "favicon.svg"), join(DIST, "assets", "favicon.svg"));
mkdirSync(join(DIST, "downloads"));
for (const [file, title] of [
  ["acme-logistics-case-study.pdf", "Acme Logistics case study"],
  ["globex-retail-case-study.pdf", "Globex Retail case study"],
  ["initech-health-case-study.pdf", "Initech Health case study"],
  ["revenue-data-model.pdf", "The revenue data model"],
]) {
  writeFileSync(join(DIST, "downloads", file), onePagePdf(title));
}

/** The pages' paths under `dir`, relative to it. */
function pagesIn(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? pagesIn(join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

/** A valid one-page PDF with a title line: the download links' files. */
function onePagePdf(title) {
  const text = `BT /F1 24 Tf 72 720 Td (${title.replace(/[()\\]/g, "\\$&")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return pdf;
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const scorer = ["leadscore-visitor.min.js", "leadscore-visitor.wasm"].map((file) =>
  join(DIST, "assets", file),
);
const total = scorer.reduce((sum, file) => sum + gz(file), 0);
for (const file of [...scorer, join(DIST, "assets", "site.js"), join(DIST, "assets", "site.css")]) {
  console.log(
    `  ${relative(process.cwd(), file).padEnd(44)} ${(readFileSync(file).length / 1024).toFixed(1)} KB (${(gz(file) / 1024).toFixed(1)} KB gzipped)`,
  );
}
console.log(`the visitor scorer (script and .wasm): ${(total / 1024).toFixed(1)} KB gzipped`);
console.log(
  `built the demo site in ${relative(process.cwd(), DIST) || "."}: serve it with \`node www/demo/serve.mjs\``,
);
