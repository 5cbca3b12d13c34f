// Dumps the VEVENTs of iCalendar files as parsed by Mozilla's ical.js.
//
// Reads a JSON array of file paths on stdin and writes one JSON object to
// stdout: {path: [event, ...]} in file order. Each event has uid, summary,
// description, location, status, sequence (text and numbers as ical.js
// decodes them, null when absent), start and end, and all_day. start/end are
// "YYYY-MM-DD" for DATE values, "YYYY-MM-DDTHH:MM:SSZ" UTC instants for
// date-times in UTC or in a VTIMEZONE/TZID ical.js resolved, and
// "YYYY-MM-DDTHH:MM:SS" (no Z) for floating times or unresolved TZIDs. end
// is ical.js's Event.endDate (DTEND, else DTSTART + DURATION, else the next
// day for a DATE, else DTSTART). alarms lists each VALARM as [ACTION, TRIGGER
// in seconds relative to the start]. Exits non-zero, naming the file, when a
// file cannot be read or parsed.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function when(time) {
  if (!time) {
    return null;
  }
  if (time.isDate || time.zone === ICAL.Timezone.localTimezone) {
    return time.toString();
  }
  return time.convertToZone(ICAL.Timezone.utcTimezone).toString();
}

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

function dumpEvent(vevent) {
  const event = new ICAL.Event(vevent);
  const start = vevent.getFirstPropertyValue("dtstart");
  const sequence = vevent.getFirstPropertyValue("sequence");
  return {
    uid: text(vevent, "uid"),
    summary: text(vevent, "summary"),
    description: text(vevent, "description"),
    location: text(vevent, "location"),
    status: text(vevent, "status"),
    sequence: sequence === null || sequence === undefined ? null : Number(sequence),
    start: when(start),
    end: start ? when(event.endDate) : null,
    all_day: Boolean(start && start.isDate),
    alarms: vevent.getAllSubcomponents("valarm").map((alarm) => [
      text(alarm, "action"),
      alarm.getFirstPropertyValue("trigger").toSeconds(),
    ]),
  };
}

function dumpFile(path) {
  const parsed = ICAL.parse(readFileSync(path, "utf8"));
  // ICAL.parse returns one jCal component, or an array of them when the
  // file holds several VCALENDARs.
  const calendars = typeof parsed[0] === "string" ? [parsed] : parsed;
  return calendars.flatMap((jcal) =>
    new ICAL.Component(jcal).getAllSubcomponents("vevent").map(dumpEvent),
  );
}

const paths = JSON.parse(readFileSync(0, "utf8"));
const result = {};
for (const path of paths) {
  try {
    result[path] = dumpFile(path);
  } catch (error) {
    process.stderr.write(`${path}: ${error.stack || error}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(result));
