// Placeholder home page: a login form, then the communes with their asset
// counts read from the JSON API, and the demo accounts on a demo server.

let csrfToken = '';

/**
 * Call the JSON API with the session cookie and the CSRF token.
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<any>}
 */
async function api(path, init = {}) {
  const headers = { Accept: 'application/json', 'X-CSRF-Token': csrfToken };
  if (init.body) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  if (response.status === 204) return null;
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error ? body.error.message : `HTTP ${response.status}`);
  }
  return body;
}

/**
 * Count the assets of a commune, all kinds and PCs only.
 * @param {string} communeID
 * @returns {Promise<{all: number, pcs: number}>}
 */
async function countAssets(communeID) {
  const base = `/api/v1/assets?limit=1&commune=${encodeURIComponent(communeID)}`;
  const [all, pcs, laptops] = await Promise.all([
    api(base),
    api(`${base}&kind=pc`),
    api(`${base}&kind=laptop`),
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
  document.getElementById('fleet').hidden = false;
  try {
    const page = await api('/api/v1/communes?limit=500');
    const counts = await Promise.all(page.items.map((c) => countAssets(c.id)));
    const body = table.querySelector('tbody');
    body.replaceChildren();
    page.items.forEach((commune, i) => {
      const row = document.createElement('tr');
      row.append(cell(commune.name), cell(counts[i].all, 'count'), cell(counts[i].pcs, 'count'));
      body.append(row);
    });
    status.textContent = page.total === 1 ? '1 commune.' : `${page.total} communes.`;
    table.hidden = false;
  } catch (err) {
    status.textContent = `Impossible de charger les communes : ${err.message}`;
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
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${user.email} — ${user.name}`;
    button.addEventListener('click', () => {
      document.getElementById('login-email').value = user.email;
      document.getElementById('login-password').value = demo.password;
      document.getElementById('login-password').focus();
    });
    item.append(button);
    list.append(item);
  }
  document.getElementById('demo').hidden = false;
}

function showUser(user) {
  document.getElementById('whoami-name').textContent = `Connecté : ${user.name}`;
  document.getElementById('whoami').hidden = false;
  document.getElementById('login').hidden = true;
  showCommunes();
}

async function start() {
  const session = await api('/api/v1/session');
  csrfToken = session.csrf_token;
  if (session.user) {
    showUser(session.user);
  } else {
    document.getElementById('login').hidden = false;
  }
  showDemoUsers();
}

document.getElementById('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('login-error');
  error.textContent = '';
  try {
    const session = await api('/api/v1/session', {
      method: 'POST',
      body: JSON.stringify({
        email: document.getElementById('login-email').value,
        password: document.getElementById('login-password').value,
      }),
    });
    csrfToken = session.csrf_token;
    showUser(session.user);
  } catch (err) {
    error.textContent = err.message;
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  await api('/api/v1/session', { method: 'DELETE' });
  window.location.reload();
});

start();
