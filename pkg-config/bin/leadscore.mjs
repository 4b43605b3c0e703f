#!/usr/bin/env node
// The `leadscore` command (see `leadscore --help`). The exit code is set, not forced, so that
// everything written to a pipe is flushed before the process ends.
import { main } from "../cli/main.mjs";

// A reader that stops early (`leadscore generate ... | head`) closes the pipe: stop quietly, as
// Unix tools do, instead of an unhandled EPIPE and its stack trace.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});

process.exitCode = await main(process.argv.slice(2));
