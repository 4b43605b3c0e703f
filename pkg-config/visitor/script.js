// The classic `<script>` build of the visitor scorer (bundled into leadscore-visitor.min.js):
//   <script src="/js/leadscore-visitor.min.js" data-model="/compiled-model.json" defer></script>
// starts it from the script's data attributes; without `data-model`, call
// `leadscoreVisitor.init({...})` yourself. Either way `window.leadscoreVisitor` has `track`,
// `consent`, `forget`, `getScore`... The engine's .wasm (leadscore-visitor.wasm) is expected
// beside the script unless `data-wasm` (or the `wasmUrl` option) says where it is.
import { visitorApi } from "./api.js";
import { compileModel, loadEngine } from "./engine.js";

const script = document.currentScript;
const base = script?.src || document.baseURI;
const api = visitorApi({
  compile: compileModel,
  preload: loadEngine,
  defaultWasmUrl: new URL("leadscore-visitor.wasm", base).href,
});
window.leadscoreVisitor = api;
if (script?.dataset.model) api.init(optionsFromData(script.dataset));

/**
 * The options a script's data attributes give: `data-model` (a URL, or `#id` of a
 * `<script type="application/json">` holding the model), `data-endpoint`,
 * `data-send-delay-ms`, `data-namespace`,
 * `data-max-events`, `data-max-days`, `data-require-consent`, `data-honor-gpc="false"`,
 * `data-honor-dnt="false"`, `data-download-selector`, `data-form-selector`, `data-form-fields`
 * (names separated by spaces) and `data-wasm`.
 */
function optionsFromData(data) {
  const options = {};
  if (data.model.startsWith("#")) {
    const element = document.getElementById(data.model.slice(1));
    if (!element) throw new Error(`leadscore visitor: no element ${data.model} holds the model`);
    options.model = element.textContent;
  } else {
    options.modelUrl = data.model;
  }
  if (data.endpoint) options.endpoint = data.endpoint;
  if (data.sendDelayMs) options.sendDelayMs = Number(data.sendDelayMs);
  if (data.namespace) options.namespace = data.namespace;
  if (data.maxEvents) options.maxEvents = Number(data.maxEvents);
  if (data.maxDays) options.maxDays = Number(data.maxDays);
  if (data.requireConsent !== undefined) options.requireConsent = data.requireConsent !== "false";
  if (data.honorGpc === "false") options.honorGlobalPrivacyControl = false;
  if (data.honorDnt === "false") options.honorDoNotTrack = false;
  if (data.downloadSelector) options.downloads = { selector: data.downloadSelector };
  if (data.formSelector || data.formFields) {
    options.forms = {
      selector: data.formSelector || undefined,
      fields: data.formFields ? data.formFields.split(/\s+/).filter(Boolean) : undefined,
    };
  }
  if (data.wasm) options.wasmUrl = new URL(data.wasm, document.baseURI).href;
  return options;
}
