// The demo site's own script: what a web team writes around the visitor scorer. The scorer
// itself is the classic script in the page's head (`leadscore-visitor.min.js`, configured by
// data attributes); this asks for consent, shows the "talk to sales" prompt when the visitor
// becomes an MQL, and draws the "your visitor score" panel from the scorer's events. Everything
// the visitor typed or the page was called is written as text, never as HTML.
import { renderScore, renderStatus } from "./score-panel.js";

const visitor = window.leadscoreVisitor;
const DECLINED = "tidewater:consent-declined";
const byId = (id) => document.getElementById(id);

document.addEventListener("leadscore:score", (event) => {
  renderScore(event.detail.result, visitor.events());
  byId("main").closest("body").classList.toggle("is-mql", event.detail.result.mql);
});

// The prompt is for visitors who crossed by what they read; one who asked for a demo (a
// hand-raise, an "instant" MQL) has already talked to sales.
document.addEventListener("leadscore:mql", (event) => {
  if (event.detail.result.mqlReason === "instant") return;
  const prompt = byId("sales-prompt");
  prompt.hidden = false;
  prompt.querySelector("a").focus({ preventScroll: true });
});

byId("sales-prompt-close").addEventListener("click", () => {
  byId("sales-prompt").hidden = true;
});

// Consent: asked until the visitor answers; "no thanks" is remembered for the browser session.
function askForConsent() {
  const waiting = visitor.status().reason === "awaitingConsent";
  byId("consent").hidden = !waiting || sessionStorageGet(DECLINED) === "yes";
  renderStatus(visitor.status());
}

byId("consent-accept").addEventListener("click", () => {
  visitor.consent();
  askForConsent();
});

byId("consent-decline").addEventListener("click", () => {
  sessionStorageSet(DECLINED, "yes");
  askForConsent();
});

byId("score-forget").addEventListener("click", () => {
  visitor.forget();
  sessionStorageSet(DECLINED, "");
  renderScore(null, []);
  renderStatus(visitor.status());
  byId("consent").hidden = false;
});

// The demo form (the browser checks it before it is submitted): the scorer records its
// submission (the form id, role and company size only); a real site would send the form to its
// CRM here.
const form = byId("demo-request");
form?.addEventListener("submit", (event) => {
  event.preventDefault();
  form.hidden = true;
  byId("demo-request-done").hidden = false;
});

askForConsent();
visitor.ready().then(
  (result) => {
    renderStatus(visitor.status());
    if (result) renderScore(result, visitor.events());
  },
  (error) => renderStatus(visitor.status(), error),
);

function sessionStorageGet(key) {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function sessionStorageSet(key, value) {
  try {
    window.sessionStorage.setItem(key, value);
  } catch {
    // Without session storage the banner simply asks again on the next page.
  }
}
