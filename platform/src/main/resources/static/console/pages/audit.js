// The admin audit: who changed what, for which tenant, newest first.

import { html, render, on, fields, when, optionsOf } from '../dom.js';

/** {"a":1,"b":{"c":2}} as a=1 · b={"c":2} */
function details(value) {
  if (!value || typeof value !== 'object') return value ?? '';
  return Object.entries(value).map(([name, v]) => `${name}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ');
}

export async function show(ctx) {
  const { root, api, params } = ctx;
  let filter = { tenantId: params.get('tenantId'), limit: params.get('limit') || '100' };

  render(root, html`
    <form class="inline panel" id="audit-filters">
      <label>Tenant <input name="tenantId" value="${filter.tenantId || ''}" placeholder="any"></label>
      <label>Entries <select name="limit">${optionsOf(['50', '100', '500', '1000'], filter.limit)}</select></label>
      <button type="submit">Show</button>
    </form>
    <div class="table-wrap"><table id="audit"><thead><tr><th>at</th><th>actor</th><th>action</th><th>tenant</th><th>details</th></tr></thead>
      <tbody></tbody></table></div>`);
  const rows = root.querySelector('#audit tbody');

  async function load() {
    const answer = await api.get('/api/v1/admin/audit', { query: filter });
    render(rows, answer.entries.length ? answer.entries.map(e => html`<tr data-action="${e.action}">
      <td>${when(e.at)}</td><td class="mono">${e.actor}</td><td class="mono action">${e.action}</td>
      <td class="mono">${e.tenantId || ''}</td><td class="mono wrap">${details(e.details)}</td></tr>`)
      : html`<tr><td colspan="5" class="muted">No entries.</td></tr>`);
  }

  on(root, 'submit', '#audit-filters', async (e, form) => {
    e.preventDefault();
    filter = fields(form);
    ctx.setParams(filter);
    try { await load(); } catch (error) { ctx.fail(error); }
  });
  await load();
}
