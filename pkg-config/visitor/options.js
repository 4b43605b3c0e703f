// The visitor scorer's options: their defaults, and a check that names a misspelt or badly
// typed option when `init` is called instead of quietly ignoring it.

/** Every option, with its default. `model` or `modelUrl` is required. */
export const DEFAULTS = Object.freeze({
  model: undefined,
  modelUrl: undefined,
  wasmUrl: undefined,
  namespace: "leadscore",
  maxEvents: 200,
  maxDays: 90,
  sessionMinutes: 30,
  requireConsent: false,
  honorGlobalPrivacyControl: true,
  honorDoNotTrack: true,
  recordPageView: true,
  attributes: {},
  events: {
    pageView: "page_view",
    visit: "visit",
    download: "content_download",
    form: "form_submit",
  },
  downloads: {
    selector: "a[data-content-type], a[download]",
    typeAttribute: "data-content-type",
    titleAttribute: "data-title",
  },
  forms: { selector: "form", fields: [] },
  endpoint: null,
  sendDelayMs: 1000,
  onScore: null,
  onMql: null,
  onError: null,
  target: undefined,
  storage: undefined,
});

const NESTED = ["events", "downloads", "forms"];

/** The options with their defaults filled in; a TypeError for an unknown or badly typed one. */
export function readOptions(options = {}) {
  if (options === null || typeof options !== "object")
    throw new TypeError("leadscore visitor: init() takes an options object");
  for (const name of Object.keys(options)) {
    if (!(name in DEFAULTS))
      throw new TypeError(
        `leadscore visitor: unknown option \`${name}\`${hint(name, Object.keys(DEFAULTS))}`,
      );
  }
  const config = { ...DEFAULTS, ...withoutUndefined(options) };
  for (const name of NESTED) {
    const given = options[name] ?? {};
    for (const key of Object.keys(given)) {
      if (!(key in DEFAULTS[name]))
        throw new TypeError(
          `leadscore visitor: unknown option \`${name}.${key}\`${hint(key, Object.keys(DEFAULTS[name]))}`,
        );
    }
    config[name] = { ...DEFAULTS[name], ...withoutUndefined(given) };
  }
  if (config.model === undefined && !config.modelUrl)
    throw new TypeError(
      "leadscore visitor: give the model (`model`, an object or JSON text) or where to fetch it (`modelUrl`)",
    );
  for (const name of ["maxEvents", "maxDays", "sessionMinutes"]) {
    if (!(Number.isFinite(config[name]) && config[name] > 0))
      throw new TypeError(
        `leadscore visitor: \`${name}\` must be a number above 0, not ${config[name]}`,
      );
  }
  if (!(Number.isFinite(config.sendDelayMs) && config.sendDelayMs >= 0))
    throw new TypeError(
      `leadscore visitor: \`sendDelayMs\` must be a number of at least 0, not ${config.sendDelayMs}`,
    );
  if (!Array.isArray(config.forms.fields))
    throw new TypeError("leadscore visitor: `forms.fields` must be a list of field names");
  if (
    config.attributes === null ||
    typeof config.attributes !== "object" ||
    Array.isArray(config.attributes)
  ) {
    throw new TypeError("leadscore visitor: `attributes` must be an object");
  }
  for (const name of ["onScore", "onMql", "onError"]) {
    if (config[name] !== null && typeof config[name] !== "function")
      throw new TypeError(`leadscore visitor: \`${name}\` must be a function`);
  }
  return config;
}

function withoutUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** " (did you mean `x`?)" for a name one or two edits away from a known one, ignoring case. */
function hint(name, known) {
  const close = known.find(
    (candidate) => distance(name.toLowerCase(), candidate.toLowerCase()) <= 2,
  );
  return close ? ` (did you mean \`${close}\`?)` : "";
}

function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
