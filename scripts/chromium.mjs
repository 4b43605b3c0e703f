// Headless Chromium for the page tests and the browser benchmarks: Debian's /usr/bin/chromium
// (or CHROMIUM_PATH) through playwright-core, with the flags that work as root on a closed
// network, in a fresh profile that `close()` removes.
//   const { context, close } = await launchChromium({ viewport, extraArgs, contextOptions });
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * A persistent context in a fresh profile: `{ context, close() }`. `contextOptions` go to
 * playwright's `launchPersistentContext` (say `{ acceptDownloads: true }`).
 */
export async function launchChromium({
  viewport = null,
  extraArgs = [],
  contextOptions = {},
} = {}) {
  const profile = mkdtempSync(join(tmpdir(), "leadscore-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ...contextOptions,
    ...(viewport ? { viewport } : {}),
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
