// A sortable, filterable table of records for the administration screens.
// On wide screens (900 px and more) it is a table whose column headers
// sort it. Narrower screens get the same rows as a list of links with a
// sort menu, because five columns do not fit a phone. The filter and the
// sort are kept in the address's query, so a reload or a shared link
// shows the same rows.

import { h, linkList } from './dom.js';
import { compareNames, t } from './i18n.js';

const WIDE = '(min-width: 900px)';

/**
 * @typedef {object} Column
 * @property {string} key the column's name in the address (?sort=key)
 * @property {string} label the header text
 * @property {(row: any) => string|number} value the value that sorts and filters
 * @property {(row: any) => Node|string} [cell] what the cell shows, value by default
 * @property {boolean} [sortable] false for a column that cannot sort
 */

/**
 * @typedef {object} Filter
 * @property {string} key the query parameter
 * @property {string} label
 * @property {[string, string][]} options [value, label] pairs, the first one meaning "all" with the value ''
 * @property {(row: any, value: string) => boolean} test keeps a row for a non-empty value
 */

/**
 * Builds the filter controls, a live count of the rows shown and the
 * rows as a table or a list of links.
 * @param {{id: string, caption: string, columns: Column[], rows: any[],
 *   item: (row: any) => {href: string, title: string, detail?: string, badge?: string},
 *   searchLabel: string, filters?: Filter[], count: (shown: number, total: number) => string,
 *   empty: string, query: URLSearchParams}} spec
 * @returns {HTMLElement}
 */
export function dataTable(spec) {
  const { id, columns, rows, filters = [], query } = spec;
  const sortable = columns.filter((column) => column.sortable !== false);
  const state = readState(query, sortable, filters);
  const media = window.matchMedia(WIDE);

  const status = h('p', { id: `${id}-count`, class: 'detail', role: 'status' });
  const results = h('div', { class: 'table-results' });
  let headers = [];
  let body = null;

  const update = () => {
    writeState(state, sortable, filters);
    const shown = visibleRows(rows, columns, filters, state);
    status.textContent = spec.count(shown.length, rows.length);
    if (media.matches) {
      for (const th of headers) markSort(th, state);
      body.replaceChildren(...shown.map((row) => h('tr', null, columns.map((column, i) => cellOf(column, row, i)))));
    } else {
      results.replaceChildren(shown.length ? linkList(`${id}-list`, shown.map(spec.item)) : h('p', null, spec.empty));
    }
    sortMenu.hidden = media.matches;
    if (media.matches && !shown.length) body.append(h('tr', null, h('td', { colspan: columns.length }, spec.empty)));
  };

  const layout = () => {
    if (media.matches) {
      headers = columns.map((column) => header(column, state, () => {
        state.dir = state.sort === column.key && state.dir === 'asc' ? 'desc' : 'asc';
        state.sort = column.key;
        sortSelect.value = `${state.sort}:${state.dir}`;
        update();
      }));
      body = h('tbody');
      results.replaceChildren(h('table', { id, class: 'data-table' },
        h('caption', { class: 'visually-hidden' }, spec.caption),
        h('thead', null, h('tr', null, headers)),
        body));
    } else {
      headers = [];
      body = null;
    }
    update();
  };

  const search = h('input', {
    id: `${id}-q`, type: 'search', value: state.q, autocomplete: 'off', spellcheck: 'false',
    oninput: (event) => {
      state.q = event.currentTarget.value;
      update();
    },
  });
  const filterFields = filters.map((filter) => selectField(`${id}-${filter.key}`, filter.label, filter.options, state.filters[filter.key], (value) => {
    state.filters[filter.key] = value;
    update();
  }));
  const sortOptions = sortable.flatMap((column) => ['asc', 'desc'].map((dir) => [
    `${column.key}:${dir}`,
    t(dir === 'asc' ? 'table_sort_ascending' : 'table_sort_descending', { column: column.label }),
  ]));
  const sortMenu = selectField(`${id}-sort`, t('table_sort_by'), sortOptions, `${state.sort}:${state.dir}`, (value) => {
    [state.sort, state.dir] = value.split(':');
    update();
  });
  const sortSelect = sortMenu.querySelector('select');

  const onMedia = () => {
    if (!results.isConnected) {
      media.removeEventListener('change', onMedia);
      return;
    }
    layout();
  };
  media.addEventListener('change', onMedia);
  layout();

  return h('div', { class: 'table-block' },
    h('div', { class: 'table-tools' },
      h('div', { class: 'field' }, h('label', { for: search.id }, spec.searchLabel), search),
      filterFields,
      sortMenu),
    status,
    results);
}

/** Reads the filter and sort from the query, ignoring unknown values. */
function readState(query, sortable, filters) {
  const sort = query.get('sort');
  const state = {
    q: query.get('q') ?? '',
    sort: sortable.some((column) => column.key === sort) ? sort : sortable[0]?.key,
    dir: query.get('dir') === 'desc' ? 'desc' : 'asc',
    filters: {},
  };
  for (const filter of filters) {
    const value = query.get(filter.key) ?? '';
    state.filters[filter.key] = filter.options.some(([v]) => v === value) ? value : '';
  }
  return state;
}

/** Puts the filter and sort in the address, leaving out defaults, without a history entry. */
function writeState(state, sortable, filters) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q);
  for (const filter of filters) {
    if (state.filters[filter.key]) params.set(filter.key, state.filters[filter.key]);
  }
  if (state.sort !== sortable[0]?.key) params.set('sort', state.sort);
  if (state.dir === 'desc') params.set('dir', 'desc');
  const search = params.toString();
  const url = location.pathname + (search ? `?${search}` : '');
  if (url !== location.pathname + location.search) history.replaceState(history.state, '', url);
}

/**
 * Returns the rows that match the text (every word, in any column,
 * ignoring case and accents) and every filter, sorted.
 */
function visibleRows(rows, columns, filters, state) {
  const words = fold(state.q).split(/\s+/).filter(Boolean);
  const column = columns.find((c) => c.key === state.sort);
  const kept = rows.filter((row) => {
    for (const filter of filters) {
      const value = state.filters[filter.key];
      if (value && !filter.test(row, value)) return false;
    }
    if (!words.length) return true;
    const text = fold(columns.map((c) => c.value(row) ?? '').join(' '));
    return words.every((word) => text.includes(word));
  });
  if (!column) return kept;
  const sign = state.dir === 'desc' ? -1 : 1;
  return kept.sort((a, b) => sign * compareValues(column.value(a), column.value(b)));
}

function compareValues(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareNames(String(a ?? ''), String(b ?? ''));
}

/** Lower-cases text and removes its accents, for matching. */
function fold(text) {
  return String(text).normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/** Builds a column header, with a button that sorts when the column can sort. */
function header(column, state, onSort) {
  const th = h('th', { scope: 'col', dataset: { key: column.key } });
  if (column.sortable === false) {
    th.append(column.label);
    return th;
  }
  th.append(h('button', { type: 'button', class: 'sort-button', onclick: onSort },
    column.label,
    h('span', { class: 'sort-mark', 'aria-hidden': 'true' })));
  markSort(th, state);
  return th;
}

/** Sets aria-sort and the arrow of a header for the current sort. */
function markSort(th, state) {
  const mark = th.querySelector('.sort-mark');
  if (!mark) return;
  if (th.dataset.key === state.sort) {
    th.setAttribute('aria-sort', state.dir === 'asc' ? 'ascending' : 'descending');
    mark.textContent = state.dir === 'asc' ? '▲' : '▼';
  } else {
    th.removeAttribute('aria-sort');
    mark.textContent = '';
  }
}

/** Builds the cell of a column for a row. The first column's cell is the row's header. */
function cellOf(column, row, index) {
  const content = column.cell ? column.cell(row) : column.value(row);
  return index === 0 ? h('th', { scope: 'row' }, content) : h('td', null, content);
}

function selectField(id, label, options, value, onChange) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, onchange: (event) => onChange(event.currentTarget.value) },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}
