// A field of the simulator's form brought into view as a user sees it before an edit: scrolled
// to the middle of the view, then two frames let paint, so that what sits off screen is not
// spared layout only in a benchmark (outside any timed span). Shared by whatif-browser.mjs and
// experiments/whatif-trace.mjs, which edit the same way.
export function fieldInView(page, selector) {
  return page.evaluate(
    (selector) =>
      new Promise((resolve) => {
        document.querySelector(selector).scrollIntoView({ block: "center" });
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
      }),
    selector,
  );
}
