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
      svg('text', { x: LABEL_WIDTH - 8, y: y + BAR - 4, class: 'chart-label', 'text-anchor': 'end' }, shorten(row.label, 24)),
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

/** Shortens a label to n characters with an ellipsis, for the chart only. */
function shorten(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
