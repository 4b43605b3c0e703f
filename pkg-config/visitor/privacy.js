// The visitor's privacy signals. Global Privacy Control (`navigator.globalPrivacyControl`) and
// Do Not Track (`navigator.doNotTrack`, and the older `window.doNotTrack`) turn the visitor
// scorer off: nothing is recorded, stored, scored or sent. A site may choose otherwise only by
// saying so explicitly (`honorGlobalPrivacyControl: false`, `honorDoNotTrack: false`).

/**
 * The signal that turns recording off, or null: "globalPrivacyControl" or "doNotTrack".
 * `environment` is `{ navigator, window }` (the page's own by default; tests pass others).
 */
export function privacySignal(
  { honorGlobalPrivacyControl, honorDoNotTrack },
  environment = globalThis,
) {
  const nav = environment.navigator ?? {};
  if (honorGlobalPrivacyControl && nav.globalPrivacyControl === true) return "globalPrivacyControl";
  const dnt = [nav.doNotTrack, environment.doNotTrack, nav.msDoNotTrack];
  if (honorDoNotTrack && dnt.some((value) => value === "1" || value === "yes")) return "doNotTrack";
  return null;
}
