// The simulator on screen in real headless Chromium (www/dist served by scripts/serve.mjs):
// scoring moves nothing the user watches (the main regions' boxes and the layout shifts through
// edits of 10,000 leads), and a link to leads imported from a CSV, which cannot carry the file,
// asks for it again instead of showing other leads. Screenshots go to a temporary folder named
// in the test output.
//
// Needs pkg/ and www/dist built and Chromium at /usr/bin/chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openSimulator } from "./support/simulator-page.mjs";

let sim;
let server;
let page;
let screens;
let problems;

before(async () => {
  sim = await openSimulator({ screens: "screen", load: false });
  ({ server, page, screens, problems } = sim);
});

after(() => sim?.close());

const text = (selector) => page.locator(selector).first().textContent();

/** The regions a user watches while editing (the panels, cards, distribution and band table). */
const WATCHED = [
  "header.top",
  "#model-panel",
  "#leads-panel",
  "#impact .cards",
  "#score-histogram",
  "#band-table",
  "#changes-heading",
];

/**
 * Makes an edit in the form (the field's value, then its input event) and watches the page until
 * it has drawn the edit: `{ boxes, shifts }`, every different set of the watched regions' boxes
 * (where each starts, and its height: a heading's text may grow to the right) seen at the start,
 * at each frame and at each change of state (busy, ready), and the layout shifts seen outside
 * the changes list and the lead table (which reorder their rows): the node that moved, and how.
 */
function watchEdit(selector, value) {
  return page.evaluate(
    ({ selector, value, watched }) =>
      new Promise((resolve) => {
        const box = () =>
          JSON.stringify(
            watched.map((region) => {
              const r = document.querySelector(region).getBoundingClientRect();
              return [region, Math.round(r.x), Math.round(r.y), Math.round(r.height)];
            }),
          );
        const boxes = [box()];
        const shifts = [];
        const shiftWatch = new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            for (const source of entry.sources) {
              const node = source.node?.nodeType === 3 ? source.node.parentElement : source.node;
              if (!node || node.closest("#changes-list, #lead-table")) continue;
              shifts.push(
                `${node.localName}#${node.id}.${node.className} in #${node.closest("[id]")?.id}: ${JSON.stringify(source.previousRect)} to ${JSON.stringify(source.currentRect)}`,
              );
            }
        });
        shiftWatch.observe({ type: "layout-shift" });
        let watching = true;
        const frame = () => {
          if (!watching) return;
          boxes.push(box());
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
        const body = document.body;
        const renders = Number(body.dataset.renders ?? 0);
        const stateWatch = new MutationObserver(() => {
          boxes.push(box());
          if (Number(body.dataset.renders) > renders && body.dataset.state === "ready") {
            watching = false;
            stateWatch.disconnect();
            // Layout shifts are reported after their frame: one frame more.
            requestAnimationFrame(() =>
              setTimeout(() => {
                shiftWatch.disconnect();
                resolve({ boxes: [...new Set(boxes)].map((b) => JSON.parse(b)), shifts });
              }),
            );
          }
        });
        stateWatch.observe(body, {
          attributes: true,
          attributeFilter: ["data-state", "data-renders"],
        });
        const field = document.querySelector(selector);
        field.value = String(value);
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }),
    { selector, value, watched: WATCHED },
  );
}

test("scoring moves nothing the user watches: an edit keeps the regions in place, no layout shift", async (t) => {
  await page.goto(`${server.url}#model=b2b-default&leads=generated&n=10000&seed=1&events=50`);
  await page.waitForFunction(
    () =>
      document.body.dataset.state === "ready" &&
      document.querySelector("#lead-range").textContent.endsWith("of 10,000"),
    null,
    { timeout: 180_000, polling: 250 },
  );
  // The third step of the load's render (calibration), so that the edits start from a still page.
  await page.waitForFunction(() => Number(document.body.dataset.renders) > 0, null, {
    timeout: 60_000,
  });
  const points = '[data-path="intent.rules[0].points"]';
  const base = Number(await page.inputValue(points));
  for (const [selector, value] of [
    ['[data-path="mql.threshold"]', 30],
    [points, base + 15],
    [points, base],
    ['[data-path="mql.threshold"]', 50],
  ]) {
    const { boxes, shifts } = await watchEdit(selector, value);
    assert.equal(
      boxes.length,
      1,
      `${selector} = ${value}: the boxes stayed ${JSON.stringify(boxes)}`,
    );
    assert.deepEqual(
      shifts,
      [],
      `${selector} = ${value}: no layout shift outside the changes list`,
    );
    t.diagnostic(
      `${selector} = ${value}: ${await text("#changed-note")}; ${await text("#timing")}`,
    );
  }
  assert.ok(Number(await page.inputValue('[data-path="mql.threshold"]')) === 50);
  assert.deepEqual(problems, []);
});

test("a link to leads imported from a CSV asks for the file again, and shows no other leads", async (t) => {
  // The link chose the Name column for the ids (the file's "Lead Number" would be guessed) and
  // no outcome (its "Converted" would be).
  const link = `${server.url}#model=x-education&edits=${encodeURIComponent('[["mql.threshold",40]]')}&leads=csv&file=${encodeURIComponent("leads <b>.csv")}&idColumn=Name&outcome=&asOf=2026-11-01T00:00:00Z`;
  const other = await sim.context.newPage();
  const errors = [];
  other.on("pageerror", (error) => errors.push(error.message));
  await other.goto(link);
  await other.waitForSelector("#leads-error", { timeout: 30_000 });
  assert.match(
    await other.locator("#leads-error").textContent(),
    /^This link was made with leads imported from “leads <b>\.csv”, which a link cannot carry: import that file again/,
  );
  assert.equal(await other.locator("#leads-error b").count(), 0, "the file name as text");
  assert.equal(await other.isChecked('input[name="lead-source"][value="csv"]'), true);
  assert.equal(await other.isVisible("#csv-file"), true, "the CSV import is open");
  assert.equal(await other.inputValue("#model-example"), "x-education");
  assert.equal(await other.inputValue('[data-path="mql.threshold"]'), "40", "the link's model");
  assert.equal(await other.locator("#mql-after").textContent(), "–", "no scores");
  assert.equal(await other.locator("#lead-table tbody tr").count(), 0, "no leads shown");
  assert.equal(await other.locator("#leads-summary").textContent(), "No leads loaded yet.");
  await other.screenshot({ path: join(screens, "csv-link.png") });
  t.diagnostic(`screenshot: ${join(screens, "csv-link.png")}`);

  // The file imported again: its leads, scored by the link's model as of the link's time.
  const csv = "Lead Number,Name,Converted\n1,Ann,1\n2,Bob,0\n";
  await other.setInputFiles("#csv-file", {
    name: "leads <b>.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await other.waitForFunction(
    () => document.querySelector("#lead-range").textContent === "Leads 1–2 of 2",
    null,
    { timeout: 30_000 },
  );
  assert.equal(await other.locator("#leads-error").count(), 0);
  assert.equal(await other.inputValue("#as-of"), "2026-11-01T00:00:00Z");
  assert.equal(await other.inputValue("#csv-id"), "Name", "the link's id column");
  assert.equal(await other.inputValue("#csv-outcome"), "", "the link's choice of no outcome");
  const ids = await other.locator("#lead-table tbody tr th code").allTextContents();
  assert.deepEqual(ids.toSorted(), ["Ann", "Bob"], "the ids from the link's column");
  await other.waitForFunction(() => location.hash.includes("leads=csv"), null, { timeout: 10_000 });
  const again = decodeURIComponent(other.url());
  assert.ok(again.includes("file=leads <b>.csv") || again.includes("file=leads+<b>.csv"), again);
  assert.match(again, /idColumn=Name&outcome=&/, "the columns travel on");

  // A link to the same file with a column it lacks: the column is guessed, and a note says so.
  await other.evaluate(() => {
    location.hash = location.hash.replace("idColumn=Name", "idColumn=Email");
  });
  await other.waitForFunction(
    () => document.querySelector("#leads-notes")?.textContent.includes("“Email”"),
    null,
    { timeout: 30_000 },
  );
  assert.match(
    await other.locator("#leads-notes").textContent(),
    /leads <b>\.csv has no column “Email” for the lead id: “Lead Number” is used/,
  );
  assert.equal(await other.inputValue("#csv-id"), "Lead Number");
  await other.close();
  assert.deepEqual(errors, []);
});
