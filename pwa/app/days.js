// Calendar days as the service counts them: in Europe/Paris, whatever the
// device's own time zone, since due dates and yearly totals are French days.

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Returns the day of time (a Date, ISO text or ms) in Paris, as YYYY-MM-DD. */
export function parisDay(time = new Date()) {
  return PARIS_DAY.format(time instanceof Date ? time : new Date(time));
}

/** Returns the current year in Paris. */
export function parisYear(time = new Date()) {
  return Number(parisDay(time).slice(0, 4));
}

/** Returns the day count days after day (YYYY-MM-DD), as YYYY-MM-DD. */
export function addDays(day, count) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}
