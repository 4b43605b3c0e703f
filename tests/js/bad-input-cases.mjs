// Bad leads and events, each as JSON text would give it: the objects path (leads handed to Wasm
// in the compact form) must refuse each with the same InputError, at the same path, as the JSON
// path. Shared by objects-path.test.mjs and small-engine.test.mjs.

/** Leads `score` and `scoreBatch` refuse (values JSON can express; a string is JSON text). */
export const BAD_LEADS = [
  { id: "x", events: [{ type: "v", at: 0, properties: {} }] },
  { events: [] },
  { id: "" },
  { id: 1.5 },
  { id: {} },
  { id: null },
  { id: "x", extra: 1 },
  { id: "x", attributes: [1] },
  { id: "x", attributes: "text" },
  { id: "x", events: {} },
  { id: "x", events: [5] },
  { id: "x", events: [null] },
  { id: "x", events: [{ at: 0 }] },
  { id: "x", events: [{ type: 5, at: 0 }] },
  { id: "x", events: [{ type: 1.5, at: 0 }] },
  { id: "x", events: [{ type: null, at: 0 }] },
  { id: "x", events: [{ type: "", at: 0 }] },
  { id: "x", events: [{ type: " ", at: 0 }] },
  { id: "x", events: [{ type: "v" }] },
  { id: "x", events: [{ type: "v", at: "nope" }] },
  { id: "x", events: [{ type: "v", at: "2026-13-01T00:00:00Z" }] },
  // Of the usual shape but impossible, or out of range (the objects path reads that shape itself).
  { id: "x", events: [{ type: "v", at: "2026-02-29T00:00:00Z" }] },
  { id: "x", events: [{ type: "v", at: "2026-01-01T24:00:00Z" }] },
  { id: "x", events: [{ type: "v", at: "0000-12-31T23:59:59Z" }] },
  { id: "x", events: [{ type: "v", at: 1.5 }] },
  { id: "x", events: [{ type: "v", at: -1e300 }] },
  { id: "x", events: [{ type: "v", at: true }] },
  { id: "x", events: [{ type: "v", at: null }] },
  { id: "x", events: [{ type: "v", at: 0, id: {} }] },
  { id: "x", events: [{ type: "v", at: 0, id: "" }] },
  { id: "x", events: [{ type: "v", at: 0, props: [1] }] },
  { id: "x", events: [{ type: "v", at: 0, props: "x" }] },
  {
    id: "x",
    events: [
      { type: "v", at: 0 },
      { type: "w", at: "later" },
    ],
  },
  // Past what the schema-shaped form takes (src/lead/fast.rs): blank only to Unicode, times just
  // outside the years 0001 to 9999, an event of another shape after events of the usual one.
  { id: "\u00a0" },
  { id: "x", events: [{ type: "\u3000", at: 0 }] },
  { id: "x", events: [{ type: "page_view", at: 0, id: "\u00a0" }] },
  { id: "x", events: [{ type: "v", at: 253_402_300_800_000 }] },
  { id: "x", events: [{ type: "v", at: -62_135_596_800_001 }] },
  { id: "x", events: [{ type: "page_view", at: 0, props: [1] }] },
  {
    id: "x",
    attributes: { title: "VP Sales", email: "a@b.example" },
    events: [
      { id: "e1", type: "page_view", at: "2026-11-20T10:00:00Z", props: { path: "/pricing" } },
      { type: "email_open", at: "2026-11-20T10:00:00.123Z" },
      { type: "visit", at: 0, extra: 1 },
    ],
  },
  {
    id: "x",
    events: [
      { type: "page_view", at: "2026-11-20T10:00:00Z" },
      { type: "visit", at: "2026-11-20T10:00:00Z", id: " " },
    ],
  },
  // Lone surrogates (JSON.stringify writes each as a `\u` escape, which the JSON reader refuses
  // in words that depend on what follows it) in text the model reads: ids, a type, an attribute
  // and a property a rule reads, an event that keeps the tagged form.
  { id: "x\uD800" },
  { id: "x\uDC00y" },
  { id: "x", attributes: { title: "VP \uD800\uD800 Sales" } },
  { id: "x", attributes: { title: "VP \uD83D\uDE00", industry: "\uD800\u0001" } },
  { id: "x", events: [{ type: "page_view", at: 0, id: 'e\uD800"' }] },
  { id: "x", events: [{ type: "x\uDBFF\n", at: 0 }] },
  { id: "x", events: [{ type: "page_view", at: 0, props: { path: "/pricing\uDFFF" } }] },
  {
    id: "x",
    events: [
      { id: "e1", type: "page_view", at: "2026-11-20T10:00:00Z", props: { path: "/a" } },
      { id: "e2", type: "page_view", at: "2026-11-20T10:00:01Z", props: { path: "/\uD800" } },
    ],
  },
  { id: "x", events: [{ type: "visit", at: 0, extra: 1, props: { a: { b: ["\uDC00"] } } }] },
  [],
  5,
];

/** New events that `update` and `LeadStore.push` refuse. */
export const BAD_EVENTS = [
  [{ type: "v", at: 0, properties: {} }],
  [{ at: 0 }],
  [{ type: 5, at: 0 }],
  [{ type: "", at: 0 }],
  [{ type: "v", at: "nope" }],
  [{ type: "v", at: 0, props: [1] }],
  [
    { type: "v", at: 0 },
    { type: "v", at: 1.5 },
  ],
  [5],
  [{ type: "page_view", at: 0, props: { path: "/pricing\uD800" } }],
  [{ type: "page_view", at: 0, id: "\uDC00" }],
  { type: "v", at: "soon" },
  {},
];

/** An error as the test compares it: its name, path, and message without "at line L column C". */
export function described(error) {
  return {
    name: error.name,
    path: error.path,
    message: error.message.replace(/ at line \d+ column \d+$/, ""),
  };
}

/** What `run` throws, described (or "no error"). */
export function refusal(run) {
  try {
    run();
    return "no error";
  } catch (error) {
    return described(error);
  }
}
