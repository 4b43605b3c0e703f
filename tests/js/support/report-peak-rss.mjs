// Preloaded with `node --import` by the memory test: when the process exits, prints its peak
// resident set size on stderr as `peak-rss-kb[COMMAND]=N`, COMMAND being the leadscore command.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `peak-rss-kb[${process.argv[2]}]=${process.resourceUsage().maxRSS}\n`);
});
