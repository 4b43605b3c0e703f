#!/usr/bin/env node
// The `leadscore` command (see `leadscore --help`). The exit code is set, not forced, so that
// everything written to a pipe is flushed before the process ends.
import { main } from "../cli/main.mjs";

process.exitCode = await main(process.argv.slice(2));
