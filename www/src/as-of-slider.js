// The time-travel slider: the as-of time moved along the leads' history, from the day of their
// first event to the later of their last event and the time on screen, an hour a step. Moving it
// sets the as-of time field and scores again (the worker refolds the events already matched).
// Hidden when the leads have no events.
import { $, setAttr, setHidden } from "./dom.js";
import { state } from "./page.js";
import { scoring } from "./scoring.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ui = { row: $("#as-of-slider-row"), slider: $("#as-of-slider"), field: $("#as-of") };

/** The slider's span in milliseconds, or null without events. */
function span() {
  const events = state.leadSet?.span;
  if (!events) return null;
  const asOf = Date.parse(state.asOf);
  const last = Number.isFinite(asOf) ? Math.max(events.last, asOf) : events.last;
  return { min: Math.floor(events.first / DAY) * DAY, max: Math.ceil(last / HOUR) * HOUR };
}

export function renderAsOfSlider() {
  const range = span();
  setHidden(ui.row, range === null);
  if (!range) return;
  // Each only when it differs: setting a range input's bounds or value lays out its thumb.
  setAttr(ui.slider, "min", String(range.min));
  setAttr(ui.slider, "max", String(range.max));
  const asOf = Date.parse(state.asOf);
  if (Number.isFinite(asOf) && document.activeElement !== ui.slider)
    setAttr(ui.slider, "value", String(Math.min(Math.max(asOf, range.min), range.max)));
  setAttr(ui.slider, "aria-valuetext", state.asOf);
}

export function wireAsOfSlider() {
  ui.slider.step = String(HOUR);
  ui.slider.addEventListener("input", () => {
    const at = new Date(Number(ui.slider.value)).toISOString().replace(".000Z", "Z");
    ui.field.value = at;
    state.asOf = at;
    ui.slider.setAttribute("aria-valuetext", at);
    scoring.run();
  });
}
