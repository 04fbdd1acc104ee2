// Anomaly alerts of a tenant (or of all, for an admin), and the tenant's latest figures of every metric.

import { html, render, on, fields, when, number, optionsOf } from '../dom.js';

function dims(d) {
  const entries = Object.entries(d || {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : '';
}

function value(v, kind) {
  if (v === null || v === undefined) return '–';
  return kind === 'ratio' ? `${(100 * v).toFixed(1)} %` : number(v, 2);
}

export async function show(ctx) {
  const { root, api, params } = ctx;
  const tenants = await ctx.tenants();
  let filter = {
    tenant: params.get('tenant') === '*' ? '' : params.get('tenant') ?? (tenants.find(t => t.tenantId !== 'platform') || { tenantId: '' }).tenantId,
    state: params.get('state') || 'all',
  };

  render(root, html`
    <form class="inline panel" id="alert-filters">
      <label>Tenant <select name="tenant">${optionsOf([['', 'all tenants'], ...tenants.map(t => t.tenantId)], filter.tenant)}</select></label>
      <label>State <select name="state">${optionsOf(['all', 'open', 'resolved'], filter.state)}</select></label>
      <button type="submit">Show</button>
    </form>
    <h2>Alerts of the last day</h2>
    <div class="table-wrap"><table id="alerts"><thead><tr><th>window</th><th>tenant</th><th>metric</th><th>severity</th><th>state</th>
      <th class="num">observed</th><th>expected</th><th>explanation</th></tr></thead><tbody></tbody></table></div>
    <h2>Latest figures <span class="muted" id="figures-tenant"></span></h2>
    <div id="figures"></div>`);
  const rows = root.querySelector('#alerts tbody');
  const figures = root.querySelector('#figures');

  async function loadAlerts() {
    const answer = await api.get('/api/v1/alerts', { tenant: filter.tenant || null,
      query: { tenant: filter.tenant, state: filter.state, limit: 200 } });
    render(rows, answer.alerts.length ? answer.alerts.map(a => html`<tr data-alert="${a.id}">
      <td>${when(a.windowStart)} <span class="muted">${a.window}</span></td><td class="mono">${a.tenant}</td>
      <td class="mono">${a.metric}${dims(a.dims) ? html`<br><span class="muted">${dims(a.dims)}</span>` : ''}</td>
      <td><span class="badge ${a.severity}">${a.severity}</span></td><td><span class="badge ${a.state}">${a.state}</span></td>
      <td class="num">${number(a.observed, 2)}</td><td>${number(a.expectedLow, 2)} – ${number(a.expectedHigh, 2)}</td>
      <td class="wrap">${a.explanation} <span class="muted">(${a.detector})</span></td></tr>`)
      : html`<tr><td colspan="8" class="muted">No alerts.</td></tr>`);
  }

  async function loadFigures() {
    root.querySelector('#figures-tenant').textContent = filter.tenant ? `of ${filter.tenant}, 5-minute windows` : '';
    if (!filter.tenant) {
      render(figures, html`<p class="muted">Choose a tenant to see its figures.</p>`);
      return;
    }
    const catalog = await api.get('/api/v1/metrics', { tenant: filter.tenant });
    const from = new Date(Date.now() - 30 * 60_000).toISOString();
    const answers = await Promise.all(catalog.metrics.map(m => api.get('/api/v1/metrics',
      { tenant: filter.tenant, query: { name: m.name, window: '5m', from, tenant: filter.tenant } })
      .then(answer => ({ metric: m, answer }), error => ({ metric: m, error }))));
    const lines = [];
    for (const { metric, answer, error } of answers) {
      if (error) {
        lines.push(html`<tr><td class="mono">${metric.name}</td><td>${metric.meaning}</td><td colspan="3" class="problem-detail">${error.problem?.title}: ${error.problem?.detail}</td></tr>`);
        continue;
      }
      const series = answer.series.length ? answer.series : [{ dims: {}, points: [] }];
      for (const s of series) {
        const complete = s.points.filter(p => p.complete);
        const latest = complete[complete.length - 1];
        const current = s.points.filter(p => !p.complete).pop();
        lines.push(html`<tr data-metric="${metric.name}"><td class="mono">${metric.name}${dims(s.dims) ? html` <span class="muted">${dims(s.dims)}</span>` : ''}</td>
          <td class="wrap">${metric.meaning}</td><td class="num">${latest ? value(latest.value, metric.kind) : '–'}</td>
          <td class="muted">${latest ? when(latest.start) : ''}</td><td class="num">${current ? value(current.value, metric.kind) : '–'}</td></tr>`);
      }
    }
    render(figures, html`<div class="table-wrap"><table id="figures-table"><thead><tr><th>metric</th><th>what</th>
      <th class="num">last complete window</th><th>from</th><th class="num">window now open</th></tr></thead><tbody>${lines}</tbody></table></div>`);
  }

  async function load() {
    await Promise.all([loadAlerts(), loadFigures()]);
  }

  on(root, 'submit', '#alert-filters', async (e, form) => {
    e.preventDefault();
    filter = fields(form);
    filter.tenant = filter.tenant || '';
    ctx.setParams({ ...filter, tenant: filter.tenant || '*' });
    try { ctx.clear(); await load(); } catch (error) { ctx.fail(error); }
  });
  await load();
}
