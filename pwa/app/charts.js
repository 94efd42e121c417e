// Bar charts drawn as inline SVG for the reports screen. Each chart is an
// image with a <title> and a <desc> that screen readers announce; the
// screen shows the same numbers in a table, so nothing is only in the
// drawing. Colours come from CSS classes (reports.css), so the charts
// follow the theme.

const SVG = 'http://www.w3.org/2000/svg';

// Geometry in SVG user units; the chart scales to its container's width.
const WIDTH = 600;
const ROW = 28;
const BAR = 18;
const LABEL_WIDTH = 200;
const VALUE_WIDTH = 90;
const TOP = 24;

function svg(tag, attrs = {}, text = null) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  if (text !== null) el.textContent = text;
  return el;
}

/**
 * Draws horizontal bars, one row per entry, with optional vertical marks
 * (such as 80 % and 100 % of an allowance).
 * @param {{id: string, title: string, desc: string,
 *   rows: {label: string, value: number, text: string, level?: string}[],
 *   max?: number, marks?: {at: number, label: string}[]}} spec
 *   value is in the chart's unit; text is what the row shows at its end;
 *   level ('80' or '100') colours a bar that reached a mark.
 * @returns {SVGSVGElement}
 */
export function barChart(spec) {
  const { id, title, desc, rows, marks = [] } = spec;
  const max = Math.max(spec.max ?? 0, ...rows.map((r) => r.value), ...marks.map((m) => m.at), 1);
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = TOP + rows.length * ROW + 8;
  const x = (value) => LABEL_WIDTH + (plot * Math.max(0, value)) / max;

  const chart = svg('svg', {
    id, class: 'chart', role: 'img', viewBox: `0 0 ${WIDTH} ${height}`, 'aria-labelledby': `${id}-title ${id}-desc`,
  });
  chart.append(svg('title', { id: `${id}-title` }, title), svg('desc', { id: `${id}-desc` }, desc));

  rows.forEach((row, i) => {
    const y = TOP + i * ROW;
    chart.append(
      rowLabel(row.label, LABEL_WIDTH - 8, y + BAR - 4),
      svg('rect', { x: LABEL_WIDTH, y, width: plot, height: BAR, class: 'chart-track' }),
      svg('rect', { x: LABEL_WIDTH, y, width: Math.max(0, x(Math.min(row.value, max)) - LABEL_WIDTH), height: BAR, class: `chart-bar${row.level ? ` chart-bar-${row.level}` : ''}` }),
      svg('text', { x: LABEL_WIDTH + plot + 6, y: y + BAR - 4, class: 'chart-value' }, row.text),
    );
  });
  for (const mark of marks) {
    const mx = x(mark.at);
    chart.append(
      svg('line', { x1: mx, x2: mx, y1: TOP - 6, y2: height - 4, class: 'chart-mark' }),
      svg('text', { x: mx, y: TOP - 10, class: 'chart-mark-label', 'text-anchor': 'middle' }, mark.label),
    );
  }
  return chart;
}

/**
 * Builds a row's label, right-aligned on x. A label too long for the
 * space left of the bars ends with an ellipsis, and its <title> gives the
 * whole name as a tooltip.
 */
function rowLabel(label, x, y) {
  const shown = fitLabel(label, x - LABEL_MARGIN);
  const el = svg('text', { x, y, class: 'chart-label', 'text-anchor': 'end' }, shown);
  if (shown !== label) el.append(svg('title', {}, label));
  return el;
}

// Space kept free left of the longest label, in SVG user units.
const LABEL_MARGIN = 4;

// Font size of the labels in SVG user units (reports.css sets 13px).
const LABEL_FONT_SIZE = 13;

/**
 * Returns text, or its start and an ellipsis, so that it is at most width
 * SVG user units wide in the labels' font. The width is an estimate per
 * character, on the high side, because an SVG that is not on screen
 * cannot be measured.
 */
export function fitLabel(text, width) {
  if (textWidth(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Returns an estimate, on the high side, of the width of text in the labels' font. */
export function textWidth(text) {
  let ems = 0;
  for (const c of text) ems += charWidth(c);
  return ems * LABEL_FONT_SIZE;
}

// charWidth returns an estimate of a character's width in ems, on the wide
// side for sans-serif faces.
function charWidth(c) {
  if (" .,;:'’-|!()ijlftrI".includes(c)) return 0.36;
  if ('mwMW@'.includes(c)) return 0.95;
  if (c !== c.toLowerCase()) return 0.75;
  return 0.6;
}
