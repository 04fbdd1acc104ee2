// Tenants and their API keys: create, disable and enable, quotas and retention; keys issued (the secret shown once,
// here only), given a quota of their own, revoked.

import { html, render, on, fields, when, number, integer } from '../dom.js';

const SCOPES = ['events:write', 'events:read', 'schemas:write', 'admin'];
const path = tenant => `/api/v1/admin/tenants/${encodeURIComponent(tenant)}`;

export async function show(ctx) {
  const { root, api } = ctx;
  let selected = ctx.params.get('tenant');
  let issued = null; // the key just issued: its secret is shown this once

  render(root, html`
    <div class="columns">
      <div>
        <form class="inline panel" id="create-tenant">
          <label>Tenant id <input name="tenantId" required placeholder="acme"></label>
          <label>Name <input name="name" class="wide" placeholder="ACME Telecom"></label>
          <button type="submit" class="primary">Create tenant</button>
        </form>
        <div class="table-wrap"><table id="tenants"><thead><tr><th>tenant</th><th>name</th><th>status</th>
          <th class="num">quota rate/s</th><th class="num">burst</th><th class="num">retention days</th><th>created</th><th></th>
        </tr></thead><tbody></tbody></table></div>
      </div>
      <div id="tenant-panel"></div>
    </div>`);
  const rows = root.querySelector('#tenants tbody');
  const panel = root.querySelector('#tenant-panel');

  async function loadTenants() {
    const tenants = await ctx.tenants();
    render(rows, tenants.map(t => html`<tr class="selectable ${t.tenantId === selected ? 'selected' : ''}" data-tenant="${t.tenantId}">
        <td class="mono">${t.tenantId}</td><td class="wrap">${t.name}</td><td><span class="badge ${t.status}">${t.status}</span></td>
        <td class="num">${t.quotaRate ?? html`<span class="muted">default</span>`}</td>
        <td class="num">${t.quotaBurst ?? html`<span class="muted">default</span>`}</td>
        <td class="num">${t.retentionDays ?? html`<span class="muted">default</span>`}</td>
        <td>${when(t.createdAt)}</td>
        <td class="actions">${t.tenantId === 'platform' ? '' : t.status === 'active'
          ? html`<button type="button" class="danger" data-action="disable">Disable</button>`
          : html`<button type="button" data-action="enable">Enable</button>`}</td></tr>`));
    return tenants;
  }

  async function showTenant() {
    if (!selected) {
      render(panel, html`<p class="muted">Choose a tenant to see its quotas and keys.</p>`);
      return;
    }
    const [tenant, keys] = await Promise.all([api.get(path(selected)), api.get(path(selected) + '/keys')]);
    render(panel, html`
      <div class="panel">
        <h2>${tenant.name} <span class="muted mono">${tenant.tenantId}</span> <span class="badge ${tenant.status}">${tenant.status}</span></h2>
        <form class="inline" id="quota">
          <label>Quota, events/s <input name="quotaRate" type="number" class="narrow" value="${tenant.quotaRate ?? ''}" placeholder="default"></label>
          <label>Burst <input name="quotaBurst" type="number" class="narrow" value="${tenant.quotaBurst ?? ''}" placeholder="default"></label>
          <label>Retention, days <input name="retentionDays" type="number" class="narrow" value="${tenant.retentionDays ?? ''}" placeholder="default"></label>
          <button type="submit">Save</button>
        </form>
        <p class="muted">Empty means the platform's default.</p>
      </div>
      <div class="panel">
        <h2>Issue a key</h2>
        <form id="issue-key">
          <div class="toolbar">${SCOPES.filter(s => s !== 'admin' || tenant.tenantId === 'platform').map(s =>
            html`<label class="check"><input type="checkbox" name="scope" value="${s}" ${s !== 'admin' && s !== 'schemas:write' ? html`checked` : ''}> ${s}</label>`)}</div>
          <div class="toolbar">
            <label>Expires at (RFC 3339, optional) <input name="expiresAt" placeholder="2027-12-31T00:00:00Z"></label>
            <label>Own quota, events/s <input name="rate" type="number" min="1" class="narrow" placeholder="none"></label>
            <label>Burst <input name="burst" type="number" min="1" class="narrow" placeholder="none"></label>
            <button type="submit" class="primary">Issue key</button>
          </div>
        </form>
        ${issued && issued.tenantId === tenant.tenantId ? html`<div class="secret" id="new-secret">
          Key <code>${issued.keyId}</code> (${issued.scopes.join(', ')}). Its secret, shown this once:<br>
          <code class="value">${issued.secret}</code></div>` : ''}
      </div>
      <h2>Keys</h2>
      <div class="table-wrap"><table id="keys"><thead><tr><th>prefix</th><th>scopes</th><th>own quota</th><th>created</th>
        <th>expires</th><th>revoked</th><th></th></tr></thead><tbody>
        ${keys.keys.length ? keys.keys.map(k => html`<tr data-key="${k.keyId}">
          <td class="mono" title="${k.keyId}">${k.prefix}…</td><td>${(k.scopes || []).join(', ')}</td>
          <td>${k.quotaRate ? html`${number(k.quotaRate)}/s, burst ${number(k.quotaBurst)}` : html`<span class="muted">none</span>`}</td>
          <td>${when(k.createdAt)}</td><td>${when(k.expiresAt) || html`<span class="muted">never</span>`}</td>
          <td class="revoked">${k.revokedAt ? html`<span class="badge bad">${when(k.revokedAt)}</span>` : ''}</td>
          <td class="actions">${k.revokedAt ? '' : html`<button type="button" class="danger" data-action="revoke">Revoke</button>`}</td>
        </tr>`) : html`<tr><td colspan="7" class="muted">No keys.</td></tr>`}
      </tbody></table></div>`);
    issued = null;
  }

  async function refresh() {
    await loadTenants();
    await showTenant();
  }

  on(root, 'submit', '#create-tenant', async (e, form) => {
    e.preventDefault();
    const body = fields(form);
    try {
      const created = await api.post('/api/v1/admin/tenants', body);
      ctx.notice(`Tenant ${created.tenantId} created.`);
      form.reset();
      selected = created.tenantId;
      issued = null;
      ctx.setParams({ tenant: selected });
      await refresh();
    } catch (error) { ctx.fail(error); }
  });

  on(root, 'click', '#tenants tbody tr', async (e, row) => {
    if (e.target.closest('button')) return;
    selected = row.dataset.tenant;
    ctx.setParams({ tenant: selected });
    rows.querySelectorAll('tr').forEach(r => r.classList.toggle('selected', r === row));
    try { await showTenant(); } catch (error) { ctx.fail(error); }
  });

  on(root, 'click', '#tenants [data-action]', async (e, button) => {
    const tenant = button.closest('tr').dataset.tenant;
    const action = button.dataset.action;
    if (action === 'disable' && !confirm(`Disable ${tenant}? Its keys and tokens are refused until it is enabled again.`)) return;
    try {
      await api.post(`${path(tenant)}/${action}`);
      ctx.notice(`Tenant ${tenant} ${action}d.`);
      await refresh();
    } catch (error) { ctx.fail(error); }
  });

  on(root, 'submit', '#quota', async (e, form) => {
    e.preventDefault();
    const values = fields(form);
    try {
      await api.patch(path(selected), {
        quotaRate: integer(values.quotaRate), quotaBurst: integer(values.quotaBurst),
        retentionDays: integer(values.retentionDays),
      });
      ctx.notice(`Quotas of ${selected} saved.`);
      await refresh();
    } catch (error) { ctx.fail(error); }
  });

  on(root, 'submit', '#issue-key', async (e, form) => {
    e.preventDefault();
    const values = fields(form);
    try {
      const key = await api.post(path(selected) + '/keys', { scopes: values.scope, expiresAt: values.expiresAt });
      issued = key;
      if (values.rate) {
        await api.put(`${path(selected)}/keys/${key.keyId}/quota`,
          { rate: integer(values.rate), burst: integer(values.burst) ?? integer(values.rate) });
      }
      ctx.notice(`Key issued for ${selected}: copy its secret now, it is not shown again.`);
      await showTenant();
    } catch (error) { ctx.fail(error); }
  });

  on(root, 'click', '#keys [data-action=revoke]', async (e, button) => {
    const keyId = button.closest('tr').dataset.key;
    if (!confirm(`Revoke key ${keyId}? Calls with it are refused from then on.`)) return;
    try {
      await api.delete(`${path(selected)}/keys/${keyId}`);
      ctx.notice(`Key ${keyId} revoked.`);
      await showTenant();
    } catch (error) { ctx.fail(error); }
  });

  await refresh();
}
