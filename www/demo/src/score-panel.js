// The "your visitor score" panel: the score, its band, each rule's points and the events this
// browser keeps, all written with textContent (a page title or a form answer such as
// `<img src=x onerror=alert(1)>` shows as the text it is).

const byId = (id) => document.getElementById(id);
/** The model's MQL threshold, which the page's build writes into the panel. */
const threshold = Number(byId("score-panel").dataset.threshold);

const REASONS = {
  globalPrivacyControl: "Off: your browser sends Global Privacy Control, so nothing is recorded.",
  doNotTrack: "Off: your browser sends Do Not Track, so nothing is recorded.",
  awaitingConsent:
    "Not remembered: this page's visit is scored, but nothing is stored until you allow it.",
  forgotten: "Forgotten: this browser holds nothing about you now.",
  storageUnavailable:
    "This browser does not let the site store data, so the score covers this page only.",
  storageFull: "This browser's storage for the site is full, so the score covers this page only.",
};

/** Says whether the scorer records and stores, or why not. */
export function renderStatus(status, error) {
  const text = error
    ? `The scorer could not start: ${error.message}`
    : (REASONS[status.reason] ?? "Remembered in this browser for up to 90 days.");
  byId("score-status").textContent = text;
  if (
    status.reason === "globalPrivacyControl" ||
    status.reason === "doNotTrack" ||
    status.reason === "forgotten"
  )
    byId("score-badge").textContent = "off";
}

/** Draws a result (null: nothing to show) and the events it was scored from, newest first. */
export function renderScore(result, events) {
  byId("score-badge").textContent = result ? `${result.total} · ${result.band ?? "no band"}` : "–";
  const why = byId("score-why");
  why.replaceChildren();
  for (const contribution of result?.contributions ?? []) {
    const item = document.createElement("li");
    const points = document.createElement("strong");
    points.textContent =
      contribution.points > 0 ? `+${contribution.points}` : String(contribution.points);
    item.append(points, ` ${contribution.label ?? contribution.ruleId}`);
    why.append(item);
  }
  if (result?.mql)
    why.append(
      line(
        `An MQL (${result.mqlReason}) since ${new Date(result.crossedAt).toLocaleString()}`,
        "mql",
      ),
    );
  else if (result)
    why.append(
      line(`${result.total} of the ${threshold} points that make a sales-ready visitor`, "muted"),
    );
  const history = byId("score-history");
  history.replaceChildren(...events.slice(-12).reverse().map(describeEvent));
}

function describeEvent(event) {
  const item = document.createElement("li");
  const type = document.createElement("code");
  type.textContent = event.type;
  const props = Object.entries(event.props ?? {}).map(
    ([key, value]) => `${key}: ${Array.isArray(value) ? value.join(", ") : value}`,
  );
  item.append(type, props.length > 0 ? ` ${props.join(" · ")}` : "");
  return item;
}

function line(text, className) {
  const item = document.createElement("li");
  item.className = className;
  item.textContent = text;
  return item;
}
