// The event explorer: a tenant's stored events with the query API's filters, a page at a time, one in full; and a
// customer's state now, as of an instant, and the events that made it. An admin credential reads as the tenant
// chosen (BSS-Tenant).

import { html, render, on, fields, when, pretty, optionsOf } from '../dom.js';

const FILTERS = ['type', 'subject', 'source', 'id', 'from', 'to'];

export async function show(ctx) {
  const { root, api, params } = ctx;
  const state = {
    tenant: params.get('tenant'),
    filters: Object.fromEntries(FILTERS.map(f => [f, params.get(f)])),
    limit: params.get('limit') || '50',
    cursors: [null], // the cursor of each page shown so far: back and forth
    page: 0,
    events: [],
  };

  const tenants = await ctx.tenants();
  if (!state.tenant && tenants.length) state.tenant = (tenants.find(t => t.tenantId !== 'platform') || tenants[0]).tenantId;

  render(root, html`
    <form class="inline panel" id="event-filters">
      <label>Tenant <select name="tenant">${optionsOf(tenants.map(t => t.tenantId), state.tenant)}</select></label>
      <label>Type <input name="type" value="${state.filters.type || ''}" placeholder="order.placed"></label>
      <label>Subject <input name="subject" value="${state.filters.subject || ''}" placeholder="customer/cust-001"></label>
      <label>Source <input name="source" value="${state.filters.source || ''}" placeholder="/crm"></label>
      <label>Id <input name="id" value="${state.filters.id || ''}"></label>
      <label>From (time ≥) <input name="from" value="${state.filters.from || ''}" placeholder="2026-01-01T00:00:00Z"></label>
      <label>To (time &lt;) <input name="to" value="${state.filters.to || ''}" placeholder="2026-02-01T00:00:00Z"></label>
      <label>Per page <select name="limit">${optionsOf(['20', '50', '100', '500'], state.limit)}</select></label>
      <button type="submit" class="primary">Search</button>
    </form>
    <div class="toolbar">
      <button type="button" id="first-page" disabled>First page</button>
      <button type="button" id="previous-page" disabled>Previous</button>
      <button type="button" id="next-page" disabled>Next page</button>
      <span class="muted" id="page-info"></span>
    </div>
    <div class="table-wrap short"><table id="events"><thead><tr><th>time</th><th>type</th><th>subject</th><th>source</th><th>id</th></tr></thead>
      <tbody></tbody></table></div>
    <div class="columns even detail-below">
      <div id="event-detail"></div>
      <div class="panel">
        <h2>Customer</h2>
        <form class="inline" id="customer">
          <label>Customer id <input name="customerId" placeholder="cust-001" required></label>
          <label>As of (RFC 3339) <input name="asOf" placeholder="2026-01-01T12:00:00Z"></label>
          <button type="submit" name="what" value="now" id="customer-now">State now</button>
          <button type="submit" name="what" value="asOf" id="customer-as-of">As of</button>
          <button type="submit" name="what" value="history" id="customer-history">History</button>
        </form>
        <div id="customer-view"></div>
      </div>
    </div>`);
  const rows = root.querySelector('#events tbody');
  const detail = root.querySelector('#event-detail');
  const customerView = root.querySelector('#customer-view');

  async function load() {
    const query = { ...state.filters, limit: state.limit, after: state.cursors[state.page] };
    const answer = await api.get('/api/v1/events', { tenant: state.tenant, query });
    state.events = answer.events;
    if (answer.more && answer.next) state.cursors[state.page + 1] = answer.next;
    else state.cursors.length = state.page + 1;
    render(rows, answer.events.length ? answer.events.map((e, i) => html`<tr class="selectable" data-index="${i}" data-id="${e.id}">
      <td>${when(e.time)}</td><td class="mono">${e.type}</td><td class="mono">${e.subject || ''}</td>
      <td class="mono">${e.source}</td><td class="mono">${e.id}</td></tr>`)
      : html`<tr><td colspan="5" class="muted" id="no-events">No events${state.page ? ' on this page' : ''}.</td></tr>`);
    root.querySelector('#first-page').disabled = state.page === 0;
    root.querySelector('#previous-page').disabled = state.page === 0;
    root.querySelector('#next-page').disabled = state.cursors.length <= state.page + 1;
    root.querySelector('#page-info').textContent = `page ${state.page + 1}, ${answer.events.length} events${answer.more ? ', more after it' : ''}`;
  }

  function showEvent(event) {
    const customer = /^customer\/(.+)$/.exec(event.subject || '')?.[1] ?? event.data?.customer_id;
    render(detail, html`<div class="panel"><h2>Event <span class="mono">${event.id}</span></h2>
      ${customer ? html`<p><button type="button" class="link" data-customer="${customer}">Customer ${customer}</button></p>` : ''}
      <pre id="event-json">${pretty(event)}</pre></div>`);
  }

  async function customer(id, what, asOf) {
    const base = `/api/v1/customers/${encodeURIComponent(id)}`;
    if (what === 'history') {
      const answer = await api.get(`${base}/history`, { tenant: state.tenant, query: { asOf, limit: 100 } });
      render(customerView, html`<h3>Events of customer ${id}${asOf ? ` up to ${asOf}` : ''}</h3>
        <table id="customer-events"><thead><tr><th>time</th><th>type</th><th>id</th></tr></thead><tbody>
        ${answer.events.map(e => html`<tr><td>${when(e.time)}</td><td class="mono">${e.type}</td><td class="mono">${e.id}</td></tr>`)}
        </tbody></table>${answer.more ? html`<p class="muted">The first 100.</p>` : ''}`);
      return;
    }
    if (what === 'asOf' && !asOf) throw new Error('Give the instant (RFC 3339) to read the customer as of.');
    const answer = await api.get(base, { tenant: state.tenant, query: what === 'asOf' ? { asOf } : null });
    render(customerView, html`<h3>Customer ${id} ${what === 'asOf' ? `as of ${asOf}` : 'now'}</h3><pre id="customer-state">${pretty(answer)}</pre>`);
  }

  on(root, 'submit', '#event-filters', async (e, form) => {
    e.preventDefault();
    const values = fields(form);
    state.tenant = values.tenant;
    state.filters = Object.fromEntries(FILTERS.map(f => [f, values[f]]));
    state.limit = values.limit;
    state.cursors = [null];
    state.page = 0;
    ctx.setParams({ tenant: state.tenant, ...state.filters, limit: state.limit });
    detail.innerHTML = '';
    try { ctx.clear(); await load(); } catch (error) { ctx.fail(error); }
  });
  const turn = page => async () => {
    state.page = page();
    try { await load(); } catch (error) { ctx.fail(error); }
  };
  root.querySelector('#first-page').addEventListener('click', turn(() => 0));
  root.querySelector('#previous-page').addEventListener('click', turn(() => Math.max(0, state.page - 1)));
  root.querySelector('#next-page').addEventListener('click', turn(() => state.page + 1));
  on(root, 'click', '#events tbody tr[data-index]', (e, row) => {
    rows.querySelectorAll('tr').forEach(r => r.classList.toggle('selected', r === row));
    showEvent(state.events[Number(row.dataset.index)]);
  });
  on(root, 'click', '[data-customer]', (e, button) => {
    root.querySelector('#customer [name=customerId]').value = button.dataset.customer;
    customer(button.dataset.customer, 'now').then(() => ctx.clear(), error => ctx.fail(error));
  });
  on(root, 'submit', '#customer', async (e, form) => {
    e.preventDefault();
    const values = fields(form);
    try {
      await customer(values.customerId, e.submitter?.value || 'now', values.asOf);
      ctx.clear();
    } catch (error) { ctx.fail(error); }
  });

  if (state.tenant) await load();
}
