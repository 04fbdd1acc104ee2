// The console: login (an admin key, or sign-in with the OpenID Connect provider), the navigation and one page at a
// time, chosen by the URL's hash (#/events?tenant=acme).

import { api, call, credential, ApiError } from './api.js';
import { html, render, on, fields } from './dom.js';
import * as oidc from './oidc.js';

const PAGES = [
  { id: 'overview', title: 'Overview', load: () => import('./pages/overview.js') },
  { id: 'tenants', title: 'Tenants and keys', load: () => import('./pages/tenants.js') },
  { id: 'events', title: 'Event explorer', load: () => import('./pages/events.js') },
  { id: 'dead-letters', title: 'Dead letters', load: () => import('./pages/dead-letters.js') },
  { id: 'replays', title: 'Replays', load: () => import('./pages/replays.js') },
  { id: 'alerts', title: 'Anomaly alerts', load: () => import('./pages/alerts.js') },
  { id: 'tail', title: 'Live tail', load: () => import('./pages/tail.js') },
  { id: 'audit', title: 'Audit', load: () => import('./pages/audit.js') },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let config = { refreshMillis: 2000, windowSeconds: 300, tailRows: 300, version: '', oidc: null };
let stopPage = null;
let shown = 0;

/** A problem as the page shows it: its title, status and detail, and the fields it names. */
export function problemView(error) {
  const problem = error instanceof ApiError ? error.problem : { title: 'Error', detail: String(error?.message || error) };
  return html`<div class="problem" role="alert">
      <strong class="problem-title">${problem.title}</strong>${problem.status ? html` <span class="muted">(${problem.status})</span>` : ''}
      <div class="problem-detail">${problem.detail || ''}</div>
      ${Array.isArray(problem.errors) && problem.errors.length ? html`<ul>${problem.errors.map(e =>
        html`<li><code>${e.pointer}</code> ${e.message}</li>`)}</ul>` : ''}
      <button type="button" class="link dismiss" aria-label="dismiss">×</button>
    </div>`;
}

function parseHash() {
  const text = location.hash.replace(/^#\/?/, '');
  const [id, search] = text.split('?');
  const page = PAGES.find(p => p.id === id) || PAGES[0];
  return { page, params: new URLSearchParams(search || '') };
}

function renderNav(current) {
  render(nav, PAGES.map(p => html`<a href="#/${p.id}" data-page="${p.id}"
      class="${p.id === current ? 'current' : ''}">${p.title}</a>`));
}

async function route() {
  if (stopPage) { try { stopPage(); } catch { /* the page is gone either way */ } stopPage = null; }
  if (!credential.get()) { showLogin(); return; }
  const { page, params } = parseHash();
  const mine = ++shown;
  nav.hidden = false;
  document.getElementById('logout').hidden = false;
  renderNav(page.id);
  document.title = `${page.title} · BSS console`;
  render(main, html`<section class="page" id="page-${page.id}">
      <h1>${page.title}</h1><div class="messages" id="messages"></div><div class="content"></div></section>`);
  const messages = main.querySelector('.messages');
  on(messages, 'click', '.dismiss', (e, button) => button.closest('.problem, .notice').remove());
  const ctx = {
    root: main.querySelector('.content'),
    config,
    params,
    api,
    /** Writes these parameters into the URL (so that it can be shared or reloaded) without showing the page again. */
    setParams(next) {
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(next)) if (value !== null && value !== undefined && value !== '') search.set(name, value);
      const text = search.toString();
      history.replaceState(null, '', `#/${page.id}${text ? '?' + text : ''}`);
    },
    fail(error) {
      if (mine !== shown) return;
      render(messages, problemView(error));
    },
    notice(text) {
      if (mine !== shown) return;
      render(messages, html`<div class="notice" role="status">${text}<button type="button" class="link dismiss">×</button></div>`);
    },
    clear() { if (mine === shown) messages.innerHTML = ''; },
    /** Every tenant (the admin API's list), for the pages' tenant choosers. */
    tenants: async () => (await api.get('/api/v1/admin/tenants')).tenants,
    get current() { return mine === shown; },
  };
  try {
    const module = await page.load();
    if (mine !== shown) return;
    stopPage = (await module.show(ctx)) || null;
    if (mine !== shown && stopPage) { stopPage(); stopPage = null; }
  } catch (error) {
    ctx.fail(error);
  }
}

function showLogin(error) {
  nav.hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  document.title = 'Log in · BSS console';
  const provider = config.oidc;
  render(main, html`<section class="login" id="page-login">
      <h1>Log in</h1>
      ${provider ? html`<p>With your account at the identity provider; it must give the <code>platform</code> tenant and
          the <code>admin</code> scope. The token is kept in this tab only, until you log out or close it.</p>
        <p><button type="button" class="primary" id="oidc-login">Sign in with ${provider.issuer}</button></p>
        <h2>Or with an admin API key</h2>` : ''}
      <p>An API key of the <code>platform</code> tenant with the <code>admin</code> scope (on the embedded default it is
        in <code>data/admin-api-key</code>). It is kept in this tab only, until you log out or close it.</p>
      <form id="login-form" autocomplete="off">
        <label>Admin API key <input type="password" name="key" id="api-key" required ${provider ? '' : html`autofocus`}
          autocomplete="off" placeholder="bss_…" spellcheck="false"></label>
        <button type="submit" id="login">Log in</button>
      </form>
      <div class="messages" id="messages">${error ? problemView(error) : ''}</div>
    </section>`);
  const messages = main.querySelector('#messages');
  on(messages, 'click', '.dismiss', (e, button) => button.closest('.problem, .notice').remove());
  main.querySelector('#oidc-login')?.addEventListener('click', async () => {
    try {
      await oidc.signIn(provider, location.hash === '#/login' ? '' : location.hash);
    } catch (failure) {
      render(messages, problemView(failure));
    }
  });
  main.querySelector('#login-form').addEventListener('submit', async e => {
    e.preventDefault();
    const { key } = fields(e.target);
    try {
      await admit({ apiKey: key });
      if (!location.hash || location.hash === '#/login') location.hash = '#/overview';
      else route();
    } catch (failure) {
      render(messages, problemView(failure));
    }
  });
}

/** Keeps the credential once the platform takes it as an admin's: a tenant's gets 403, a wrong or expired one 401. */
async function admit(candidate) {
  await call('GET', '/api/v1/admin/tenants', { credential: candidate });
  credential.set(candidate);
  showWho();
}

function showWho() {
  const stored = credential.get();
  document.getElementById('who').textContent = stored?.bearer ? `${stored.user || 'signed in'} · ${stored.issuer}` : '';
}

function logout() {
  const stored = credential.get();
  credential.clear();
  if (stopPage) { stopPage(); stopPage = null; }
  const away = oidc.endSessionUrl(stored);
  if (away) location.assign(away);
  else showLogin();
}

/** Back from the provider: the code exchanged and the token tried, or why not. */
async function signedIn(query) {
  try {
    const { credential: token, returnHash } = await oidc.finish(query);
    await admit(token);
    if (!returnHash) history.replaceState(null, '', `${location.pathname}#/overview`);
    return null;
  } catch (failure) {
    return failure;
  }
}

async function start() {
  try {
    const answer = await fetch('config.json', { cache: 'no-store' });
    if (answer.ok) config = await answer.json();
  } catch { /* the defaults above */ }
  document.getElementById('version').textContent = config.version ? `v${config.version}` : '';
  document.getElementById('logout').addEventListener('click', logout);
  const provider = oidc.answer();
  const failed = provider ? await signedIn(provider) : null;
  showWho();
  window.addEventListener('hashchange', route);
  window.addEventListener('console:unauthenticated', e => {
    const stored = credential.get();
    if (!stored) return; // a call still under way when the session ended
    credential.clear();
    if (stopPage) { stopPage(); stopPage = null; }
    showLogin(stored?.bearer ? new ApiError({ title: 'Signed out', status: 401, detail: `The platform no longer accepts`
      + ` the token from ${stored.issuer} (it has expired or was revoked): sign in again.` }) : e.detail);
  });
  if (failed) showLogin(failed);
  else route();
}

start();
