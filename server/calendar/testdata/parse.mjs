// Reads an iCalendar file with ical.js and prints its events as JSON, with
// each start and end as a UTC instant and as the wall-clock time in
// Europe/Paris. Used by feed_test.go.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('./icaljs/', import.meta.url));
const ICAL = require('ical.js');

const paris = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

const text = readFileSync(process.argv[2], 'utf8');
const calendar = new ICAL.Component(ICAL.parse(text));
const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
  const event = new ICAL.Event(vevent);
  const start = event.startDate.toJSDate();
  const end = event.endDate.toJSDate();
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    start_utc: start.toISOString(),
    start_paris: paris.format(start),
    end_paris: paris.format(end),
  };
});
process.stdout.write(JSON.stringify({ name: calendar.getFirstPropertyValue('x-wr-calname'), events }));
