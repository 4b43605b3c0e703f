// Parts of the page that an edit's frame draws only while the user can see them: the
// distribution, the changes list, the lead table's page. A part out of sight is drawn in the next
// idle time instead (within IDLE_MS), or at once when it scrolls into sight, so that the frame
// answering an edit holds the work of what is on screen only; and parts drawn after the frame
// whatever their place (the charts beside the numbers). `drawPending()` draws every part still
// waiting (a render does before it counts as finished).

/** How long a part out of sight waits for idle time at most, in ms. */
const IDLE_MS = 250;

/** How near the viewport a part counts as in sight (it may scroll in during the frame). */
const NEAR = "120px 0px";

const pending = new Set();
let idle = null;

// Idle callbacks where the browser has them (Safari does not by default): else a timer soon after.
const whenIdle = globalThis.requestIdleCallback?.bind(globalThis) ?? ((fn) => setTimeout(fn, 1));
const cancelIdle = globalThis.cancelIdleCallback?.bind(globalThis) ?? clearTimeout;

/**
 * A part drawn by `draw()`, in sight when any of `elements` is: the function returned draws it
 * now when it is in sight (or not yet known to be out of it), else when idle.
 */
export function drawnOnScreen(elements, draw) {
  const part = { draw, inSight: true };
  const seen = new Set();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries)
        if (entry.isIntersecting) seen.add(entry.target);
        else seen.delete(entry.target);
      part.inSight = seen.size > 0;
      if (part.inSight && pending.has(part)) drawPart(part);
    },
    { rootMargin: NEAR },
  );
  for (const element of elements) observer.observe(element);
  return () => (part.inSight ? drawPart(part) : later(part));
}

/** A part drawn in the next idle time after each ask, wherever it is (`drawPending` flushes). */
export function drawnWhenIdle(draw) {
  const part = { draw, inSight: false };
  return () => later(part);
}

function later(part) {
  pending.add(part);
  idle ??= whenIdle(drawPending, { timeout: IDLE_MS });
}

function drawPart(part) {
  pending.delete(part);
  part.draw();
}

/** Draws every part still waiting for idle time. */
export function drawPending() {
  if (idle !== null) cancelIdle(idle);
  idle = null;
  for (const part of [...pending]) drawPart(part);
}
