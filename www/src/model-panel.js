// The model panel: a model loaded from an example or a file, edited both in the form
// (model-form.js) and in the raw JSON editor, which stay in step because both edit the one model
// in the state; its problems, listed with a link that selects each in the JSON; the model's name;
// download and copy.
import { renderModelForm, showProblems } from "./model-form.js";
import { $, h, fill, fillFor, setHidden, setText } from "./dom.js";
import { setAt } from "./paths.js";
import { jsonErrorAt, setEditorText, showInEditor, showParseError } from "./json-editor.js";
import { EXAMPLES, isObject, render, setStatus, state } from "./page.js";
import { scoreSoon, scoring } from "./scoring.js";
import { debounce } from "./worker-client.js";

const ui = {
  exampleSelect: $("#model-example"),
  modelFile: $("#model-file"),
  modelName: $("#model-name"),
  problems: $("#model-problems"),
  fieldset: $("#model-fieldset"),
  fields: $("#model-fields"),
  editor: $("#model-json"),
  editorStatus: $("#model-json-status"),
};

const pretty = (model) => JSON.stringify(model, null, 2);

/** Makes `model` the edited model and the baseline (`label`: where it came from), and scores. */
function loadModel(model, label) {
  state.model = structuredClone(model);
  state.jsonError = null;
  state.problems = [];
  state.baseline = { text: JSON.stringify(state.model), label: `the model as loaded (${label})` };
  setEditorText(ui.editor, pretty(state.model));
  drawForm();
  scoring.run();
}

/** Loads the example model named `key`. */
export function useExample(key) {
  const example = EXAMPLES.find((candidate) => candidate.key === key);
  ui.exampleSelect.value = key;
  loadModel(example.model, example.label);
}

/** Makes `model` the edited model (the baseline stays), and scores. */
export function showModel(model) {
  state.model = structuredClone(model);
  state.jsonError = null;
  setEditorText(ui.editor, pretty(state.model));
  drawForm();
  scoring.run();
}

/** Sets the value at `path` in the model (undefined removes it), as the form does, and scores. */
export function editModel(path, value, { structural }) {
  const next = structuredClone(state.model);
  setAt(next, path, value);
  state.model = next;
  if (structural) {
    setEditorText(ui.editor, pretty(next));
    drawForm();
    scoring.run();
  } else {
    // The request first; the raw JSON is written once the new scores are on screen.
    editorBehind = true;
    scoreSoon();
  }
}

let editorBehind = false;

/** Writes the model into the raw JSON editor if a form edit left it behind (after a render). */
export function renderModelJson() {
  if (!editorBehind) return;
  editorBehind = false;
  if (state.jsonError === null) setEditorText(ui.editor, pretty(state.model));
}

/** Makes `model` the edited model, keeping the baseline to compare it with, and scores. */
export function replaceModel(model) {
  state.model = structuredClone(model);
  state.jsonError = null;
  setEditorText(ui.editor, pretty(state.model));
  drawForm();
  scoring.run();
}

/** Makes the baseline the edited model again, and scores. */
export function revertToBaseline() {
  state.model = JSON.parse(state.baseline.text);
  state.jsonError = null;
  setEditorText(ui.editor, pretty(state.model));
  drawForm();
  scoring.run();
}

function drawForm() {
  renderModelForm(ui.fields, isObject(state.model) ? state.model : {}, editModel);
  showProblems(ui.fields, state.problems);
}

const onEditorInput = debounce(() => {
  const text = ui.editor.value;
  try {
    state.model = JSON.parse(text);
    state.jsonError = null;
  } catch (error) {
    state.jsonError = jsonErrorAt(text, error);
    render();
    return;
  }
  drawForm();
  scoring.run();
}, 250);

/** The panel's part of a render: the model's problems (or the JSON's), and its name. */
export function renderModel() {
  renderProblems();
  const name =
    isObject(state.model) && typeof state.model.name === "string"
      ? state.model.name
      : "Unnamed model";
  const edited = state.jsonError !== null || JSON.stringify(state.model) !== state.baseline.text;
  fillFor(ui.modelName, `${name}\u0000${edited}`, () => [
    h("strong", {}, name),
    edited ? h("span", { class: "badge" }, "edited") : null,
  ]);
}

function renderProblems() {
  const problems = state.problems;
  // The form edits an object: JSON that does not parse, or is not an object, locks it.
  ui.fieldset.disabled = state.jsonError !== null || !isObject(state.model);
  showProblems(ui.fields, state.jsonError ? [] : problems);
  ui.editor.toggleAttribute("aria-invalid", state.jsonError !== null || problems.length > 0);
  if (state.jsonError) {
    const jsonError = state.jsonError;
    const { message, line, column } = jsonError;
    fill(
      ui.problems,
      h(
        "p",
        {},
        h("strong", {}, "The raw JSON does not parse: "),
        `${message} at line ${line}, column ${column}. `,
        h(
          "button",
          { type: "button", class: "link", onclick: () => showParseError(ui.editor, jsonError) },
          "Show it",
        ),
      ),
      h(
        "p",
        { class: "hint" },
        "The form is locked until the JSON parses; the results are from the last valid model.",
      ),
    );
    ui.problems.hidden = false;
    ui.editorStatus.textContent = `Not JSON: ${message} (line ${line}, column ${column}).`;
    ui.editorStatus.className = "json-status bad";
    return;
  }
  if (problems.length > 0) {
    fill(
      ui.problems,
      h(
        "p",
        {},
        h(
          "strong",
          {},
          `${problems.length === 1 ? "One problem" : `${problems.length} problems`} in the model. `,
        ),
        "The results show the last valid model.",
      ),
      h(
        "ul",
        {},
        problems.map((problem) =>
          h(
            "li",
            { dataset: { problemPath: problem.path } },
            h("code", {}, problem.path || "(the model)"),
            " ",
            problem.message,
            " ",
            h(
              "button",
              {
                type: "button",
                class: "link",
                onclick: () => showInEditor(ui.editor, problem.path),
              },
              "Show in JSON",
            ),
          ),
        ),
      ),
    );
    ui.problems.hidden = false;
    ui.editorStatus.textContent = `${problems.length === 1 ? "1 problem" : `${problems.length} problems`}: ${problems.map((p) => `${p.path || "(the model)"}: ${p.message}`).join("; ")}`;
    ui.editorStatus.className = "json-status bad";
    return;
  }
  // Written only when it changes: an edit's render then leaves the form's panel alone.
  setHidden(ui.problems, true);
  if (ui.problems.firstChild) ui.problems.replaceChildren();
  setText(ui.editorStatus, state.scores ? "Valid model." : "");
  if (ui.editorStatus.className !== "json-status good")
    ui.editorStatus.className = "json-status good";
}

function download() {
  const text = state.jsonError ? ui.editor.value : `${pretty(state.model)}\n`;
  const name =
    (isObject(state.model) && state.model.name ? String(state.model.name) : "model")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "model";
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { href: url, download: `${name}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  setStatus(`Downloaded ${name}.json.`);
}

async function copy() {
  const text = state.jsonError ? ui.editor.value : pretty(state.model);
  try {
    await navigator.clipboard.writeText(text);
    setStatus("Copied the model's JSON to the clipboard.");
  } catch {
    ui.editor.focus();
    ui.editor.select();
    setStatus(
      "The browser did not allow copying: the JSON is selected in the editor, press Ctrl+C (⌘C).",
    );
  }
}

export function wireModelPanel() {
  fill(
    ui.exampleSelect,
    EXAMPLES.map((example) => h("option", { value: example.key }, example.label)),
  );
  ui.exampleSelect.addEventListener("change", () => useExample(ui.exampleSelect.value));
  ui.modelFile.addEventListener("change", async () => {
    const file = ui.modelFile.files[0];
    if (!file) return;
    const text = await file.text();
    ui.modelFile.value = "";
    try {
      loadModel(JSON.parse(text), file.name);
    } catch (error) {
      state.jsonError = jsonErrorAt(text, error);
      setEditorText(ui.editor, text);
      render();
    }
  });
  $("#model-download").addEventListener("click", download);
  $("#model-copy").addEventListener("click", copy);
  $("#model-form").addEventListener("submit", (event) => event.preventDefault());
  // A form edit's raw JSON is written once edits pause, or as soon as the editor is entered.
  ui.editor.addEventListener("focus", renderModelJson);
  ui.editor.addEventListener("input", () => {
    editorBehind = false; // what is typed is the model now
    onEditorInput();
  });
}
