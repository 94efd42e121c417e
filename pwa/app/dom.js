// A small helper to build DOM nodes, so that screens never assemble HTML
// from strings (and so never inject the data they show).

/**
 * Creates an element. Props starting with "on" add listeners, "class"
 * sets className, "dataset" is copied to data-* attributes, booleans
 * toggle attributes; children are nodes, strings or arrays of them (null
 * and false are skipped).
 * @param {string} tag
 * @param {Record<string, any>|null} [props]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : String(child));
    }
  }
}

/**
 * Builds a list of links, each at least 48 px high: title, an optional detail
 * line and an optional badge on the right.
 * @param {string} id
 * @param {{href: string, title: string, detail?: string, badge?: string}[]} items
 */
export function linkList(id, items) {
  return h('ul', { id, class: 'list' }, items.map((item) => h('li', null,
    h('a', { href: item.href },
      h('span', { class: 'list-text' },
        h('span', { class: 'list-title' }, item.title),
        item.detail ? h('span', { class: 'list-detail' }, item.detail) : null),
      item.badge ? h('span', { class: 'badge' }, item.badge) : null,
    ))));
}

/** Builds a definition list of label and value pairs, with a dash for an empty value. */
export function facts(rows) {
  return h('dl', { class: 'facts' }, rows.map(([label, value, id]) => [
    h('dt', null, label),
    h('dd', { id }, value === '' || value === null || value === undefined ? '—' : value),
  ]));
}
