// Placeholder home page: lists the communes with their asset counts, read
// from the JSON API, and the demo accounts when the server runs the demo.

/**
 * Fetch a JSON document of the API.
 * @param {string} path
 * @returns {Promise<any>}
 */
async function getJSON(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`${path}: HTTP ${response.status}`);
  }
  return response.json();
}

/**
 * Count the assets of a commune, all kinds and PCs only.
 * @param {string} communeID
 * @returns {Promise<{all: number, pcs: number}>}
 */
async function countAssets(communeID) {
  const base = `/api/v1/assets?limit=1&commune=${encodeURIComponent(communeID)}`;
  const [all, pcs, laptops] = await Promise.all([
    getJSON(base),
    getJSON(`${base}&kind=pc`),
    getJSON(`${base}&kind=laptop`),
  ]);
  return { all: all.total, pcs: pcs.total + laptops.total };
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = String(text);
  if (className) td.className = className;
  return td;
}

async function showCommunes() {
  const status = document.getElementById('communes-status');
  const table = document.getElementById('communes');
  try {
    const page = await getJSON('/api/v1/communes?limit=500');
    const counts = await Promise.all(page.items.map((c) => countAssets(c.id)));
    const body = table.querySelector('tbody');
    page.items.forEach((commune, i) => {
      const row = document.createElement('tr');
      row.append(cell(commune.name), cell(counts[i].all, 'count'), cell(counts[i].pcs, 'count'));
      body.append(row);
    });
    status.textContent = `${page.total} communes.`;
    table.hidden = false;
  } catch (err) {
    status.textContent = `Impossible de charger les communes : ${err.message}.`;
  }
}

async function showDemoUsers() {
  const response = await fetch('/api/v1/demo');
  if (!response.ok) return; // not a demo database
  const demo = await response.json();
  document.getElementById('demo-password').textContent = demo.password;
  const list = document.getElementById('demo-users');
  for (const user of demo.accounts) {
    const item = document.createElement('li');
    item.textContent = `${user.email} — ${user.name}`;
    list.append(item);
  }
  document.getElementById('demo').hidden = false;
}

showCommunes();
showDemoUsers();
