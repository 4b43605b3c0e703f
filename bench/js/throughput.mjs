// Throughput: interleaved timed rounds of every row (and of the native binary, in the same machine
// state), and the rows of the report made from them.
import { nativeRound } from "./native.mjs";
import { collectGarbage, median } from "./stats.mjs";
import { inputOf } from "./workload.mjs";

/**
 * N rounds; in each, every row runs once (in a rotated order), after a collection. With a model,
 * the native binary also runs once per round (a fresh process timing its own stages), so that
 * its ratio to scoreBatch is taken in the same machine state too.
 */
export async function timeRounds(runners, workload, slowInput, { runs, log }, nativeModel = null) {
  const times = new Map(runners.map((r) => [r.row.id, []]));
  const entries = [...runners];
  if (nativeModel) {
    times.set("nativeFull", []);
    times.set("nativeScore", []);
    entries.push({ row: { id: "native" }, native: true });
  }
  for (let round = 0; round < runs; round++) {
    const order = entries.map((_, i) => entries[(i + round) % entries.length]);
    for (const entry of order) {
      if (entry.native) {
        const { full, score } = nativeRound(nativeModel, workload);
        times.get("nativeFull").push(full);
        times.get("nativeScore").push(score);
        continue;
      }
      const { row, run } = entry;
      const input = row.slow ? slowInput : inputOf(row, workload);
      collectGarbage();
      const start = performance.now();
      const results = await run(input);
      const seconds = (performance.now() - start) / 1000;
      if (results.length !== (row.slow ? slowInput.length : workload.count))
        throw new Error(`${row.id} returned ${results.length} results`);
      times.get(row.id).push(seconds);
    }
    log(
      `round ${round + 1}/${runs}: ${[...times.keys()].map((id) => `${id} ${times.get(id)[round].toFixed(3)}s`).join(", ")}`,
    );
  }
  return times;
}

export function throughputRows(runners, times, workload, slowWorkload) {
  const reference = times.get("scoreBatch");
  return runners.map(({ row }) => {
    const seconds = times.get(row.id);
    const leads = row.slow ? slowWorkload.count : workload.count;
    const events = row.slow ? slowWorkload.events : workload.events;
    // Rate relative to scoreBatch's in the same round (same machine state), then the median.
    const vsScoreBatch = reference
      ? median(seconds.map((s, i) => leads / s / (workload.count / reference[i])))
      : null;
    return {
      id: row.id,
      label: row.label,
      group: row.group,
      input: row.input,
      leads,
      events,
      runsSeconds: seconds,
      medianSeconds: median(seconds),
      leadsPerSecond: leads / median(seconds),
      eventsPerSecond: events / median(seconds),
      vsScoreBatch,
    };
  });
}

export function nativeRows(native, times, workload) {
  const reference = times.get("scoreBatch");
  const row = (id, label) => {
    const seconds = times.get(id);
    return {
      id,
      label,
      group: "native",
      input: "text",
      leads: workload.count,
      events: workload.events,
      runsSeconds: seconds,
      medianSeconds: median(seconds),
      leadsPerSecond: workload.count / median(seconds),
      eventsPerSecond: workload.events / median(seconds),
      vsScoreBatch: reference ? median(seconds.map((s, i) => reference[i] / s)) : null,
    };
  };
  return [
    row("nativeFull", "native core: parse + score + serialize (`score_batch_json`)"),
    row("nativeScore", "native core: score only (leads already parsed)"),
  ];
}
