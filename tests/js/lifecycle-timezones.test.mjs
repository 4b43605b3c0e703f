// The time zone table cross-checked against the platform's own (ICU, through Intl): for zones in
// both hemispheres, with half-hour and 45-minute offsets and half-hour daylight saving, the next
// 09:00 opening after hundreds of instants across 2026 and 2027 falls at 09:00 local time by
// Intl's reckoning, on the right local day.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Lifecycle } from "leadscore/full";
import { exampleModel, readJson } from "./fixtures.mjs";

const zones = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Phoenix",
  "America/Halifax",
  "America/St_Johns",
  "America/Sao_Paulo",
  "America/Santiago",
  "America/Mexico_City",
  "Europe/London",
  "Europe/Dublin",
  "Europe/Berlin",
  "Europe/Lisbon",
  "Europe/Helsinki",
  "Europe/Istanbul",
  "Africa/Johannesburg",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Australia/Adelaide",
  "Australia/Brisbane",
  "Australia/Lord_Howe",
  "Pacific/Auckland",
  "Pacific/Chatham",
  "US/Eastern",
];

const playbook = readJson("examples/playbooks/b2b-default.json");
for (const zone of zones) {
  playbook.calendars[zone] = {
    timeZone: zone,
    hours: [
      { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], from: "09:00", to: "10:00" },
    ],
  };
}
const lifecycle = new Lifecycle(playbook, exampleModel);

function local(zone, ms) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const get = (type) => parts.find((p) => p.type === type).value;
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    time: `${get("hour")}:${get("minute")}`,
  };
}

function nextDate(date) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

test("opening times agree with Intl in every zone across two years of daylight-saving changes", () => {
  let checked = 0;
  const start = Date.parse("2026-01-01T00:00:00Z");
  for (const zone of zones) {
    // Every 61 hours and 17 minutes: every hour of the day, every weekday, both years.
    for (let t = start; t < start + 730 * 86_400_000; t += 61 * 3_600_000 + 17 * 60_000) {
      const due = Date.parse(
        lifecycle.dueAt({ calendar: zone, start: t, within: { businessMinutes: 0 } }),
      );
      const begin = local(zone, t);
      const open = local(zone, due);
      const inside = begin.time >= "09:00" && begin.time < "10:00";
      if (inside) {
        assert.equal(due, t, `${zone} at ${new Date(t).toISOString()}: open, so due at once`);
        continue;
      }
      assert.equal(
        open.time,
        "09:00",
        `${zone} from ${new Date(t).toISOString()}: opens at ${new Date(due).toISOString()}`,
      );
      const expected = begin.time < "09:00" ? begin.date : nextDate(begin.date);
      assert.equal(open.date, expected, `${zone} from ${new Date(t).toISOString()}`);
      checked += 1;
    }
  }
  assert.ok(checked > 5000, `${checked} instants checked`);
});

test("an hour of open time ends at 10:00 local, or at the same time next day from inside the hour", () => {
  for (const zone of zones) {
    for (const start of [
      "2026-03-29T00:00:00Z",
      "2026-04-05T00:00:00Z",
      "2026-10-04T00:00:00Z",
      "2026-11-01T00:00:00Z",
    ]) {
      const due = lifecycle.dueAt({ calendar: zone, start, within: { businessMinutes: 60 } });
      const begin = local(zone, Date.parse(start));
      // From 09:00 sharp the hour ends at 10:00; from later in the hour it runs into the next day.
      const inside = begin.time > "09:00" && begin.time < "10:00";
      const end = local(zone, Date.parse(due));
      assert.equal(end.time, inside ? begin.time : "10:00", `${zone} from ${start}: ${due}`);
      if (inside) assert.equal(end.date, nextDate(begin.date));
    }
  }
});
