// Dead letters by stage and cause, one in full, and their redrive: chosen ones, or all of a cause.

import { html, render, on, fields, when, pretty, optionsOf } from '../dom.js';

const BASE = '/api/v1/admin/dead-letters';

export async function show(ctx) {
  const { root, api, params } = ctx;
  let filter = { status: params.get('status') || 'dead', stage: params.get('stage'), tenant: params.get('tenant') };
  let opened = params.get('id');

  render(root, html`
    <form class="inline panel" id="dl-filters">
      <label>Status <select name="status">${optionsOf(['dead', 'redriven'], filter.status)}</select></label>
      <label>Stage <select name="stage">${optionsOf([['', 'any'], 'decode', 'store', 'project'], filter.stage || '')}</select></label>
      <label>Tenant <input name="tenant" value="${filter.tenant || ''}" placeholder="any" list="dl-tenants"></label>
      <datalist id="dl-tenants"></datalist>
      <button type="submit">Show</button>
      <span class="spacer"></span>
      <button type="button" id="redrive-selected" class="primary" disabled>Redrive selected</button>
    </form>
    <div class="columns">
      <div id="dl-groups"></div>
      <div id="dead-letter"></div>
    </div>`);
  const groupsView = root.querySelector('#dl-groups');
  const detail = root.querySelector('#dead-letter');
  const redriveSelected = root.querySelector('#redrive-selected');

  ctx.tenants().then(tenants => render(root.querySelector('#dl-tenants'),
    tenants.map(t => html`<option value="${t.tenantId}">`))).catch(() => {});

  async function load() {
    const answer = await api.get(BASE, { query: filter });
    const dead = filter.status === 'dead';
    render(groupsView, answer.groups.length ? answer.groups.map(g => html`
      <section class="panel dl-group" data-stage="${g.stage}" data-cause="${g.cause}">
        <div class="toolbar">
          <h3>${g.stage} · <span class="mono">${g.cause}</span> <span class="badge">${g.count}</span></h3>
          <span class="spacer"></span>
          ${dead ? html`<button type="button" data-action="redrive-cause">Redrive all ${g.count}${filter.tenant ? ` of ${filter.tenant}` : ''}</button>` : ''}
        </div>
        <table><thead><tr>${dead ? html`<th></th>` : ''}<th>failed</th>${filter.tenant ? '' : html`<th>tenant</th>`}<th>event</th><th>error</th></tr></thead><tbody>
        ${g.samples.map(s => html`<tr class="selectable ${s.id === opened ? 'selected' : ''}" data-id="${s.id}">
          ${dead ? html`<td><input type="checkbox" name="select" value="${s.id}" aria-label="select ${s.id}"></td>` : ''}
          <td>${when(s.failedAt)}</td>${filter.tenant ? '' : html`<td class="mono">${s.tenant || ''}</td>`}
          <td class="mono wrap">${s.ceType || ''}<br><span class="muted">${s.ceSource || ''} ${s.ceId || ''}</span></td>
          <td class="wrap">${(s.error || '').slice(0, 160)}</td></tr>`)}
        </tbody></table>
        ${g.count > g.samples.length ? html`<p class="muted">The ${g.samples.length} most recent of ${g.count}.</p>` : ''}
      </section>`) : html`<p class="muted" id="dl-none">No ${filter.status} letters${filter.tenant ? ` of ${filter.tenant}` : ''}.</p>`);
    updateSelection();
  }

  async function open(id) {
    opened = id;
    ctx.setParams({ ...filter, id });
    groupsView.querySelectorAll('tr[data-id]').forEach(r => r.classList.toggle('selected', r.dataset.id === id));
    const letter = await api.get(`${BASE}/${id}`);
    let value = letter.value;
    if (letter.valueEncoding === 'json') {
      try { value = pretty(JSON.parse(letter.value)); } catch { /* as it is */ }
    }
    render(detail, html`<div class="panel">
      <h2>Dead letter <span class="mono">${letter.id}</span></h2>
      <p>Status <span class="badge ${letter.status}" id="dl-status">${letter.status}</span>
        · stage <b>${letter.stage}</b> · cause <span class="mono">${letter.cause}</span> · attempts ${letter.attempts}</p>
      <p>${letter.error}</p>
      <table><tbody>
        <tr><th>tenant</th><td class="mono">${letter.tenant || ''}</td></tr>
        <tr><th>event</th><td class="mono">${letter.event.type || ''} ${letter.event.source || ''} ${letter.event.id || ''}</td></tr>
        <tr><th>origin</th><td class="mono">${letter.origin.topic} [${letter.origin.partition}] @${letter.origin.offset}</td></tr>
        <tr><th>key</th><td class="mono">${letter.key || ''}</td></tr>
        <tr><th>failed</th><td>${when(letter.firstFailedAt)} … ${when(letter.lastFailedAt)}</td></tr>
        <tr><th>redriven</th><td>${when(letter.redrivenAt)}</td></tr>
      </tbody></table>
      ${letter.status === 'dead' ? html`<p><button type="button" class="primary" data-action="redrive-one">Redrive this one</button></p>` : ''}
      <h3>Value (${letter.valueEncoding || 'none'})</h3><pre>${value ?? ''}</pre>
      <h3>Headers</h3><pre>${pretty(letter.headers)}</pre>
    </div>`);
  }

  function selectedIds() {
    return [...groupsView.querySelectorAll('input[name=select]:checked')].map(c => c.value);
  }

  function updateSelection() {
    const count = selectedIds().length;
    redriveSelected.disabled = count === 0;
    redriveSelected.textContent = count ? `Redrive ${count} selected` : 'Redrive selected';
  }

  async function redrive(body, what) {
    try {
      const outcome = await api.post(`${BASE}/redrive`, body);
      const parts = [`${outcome.redriven} redriven`];
      if (outcome.notDead?.length) parts.push(`${outcome.notDead.length} not dead any more`);
      if (outcome.unknown?.length) parts.push(`${outcome.unknown.length} unknown`);
      if (outcome.failed?.length) parts.push(`${outcome.failed.length} failed`);
      if (outcome.more) parts.push('more are left: redrive again');
      ctx.notice(`Redrive of ${what}: ${parts.join(', ')}.`);
      await load();
      if (opened) await open(opened);
    } catch (error) { ctx.fail(error); }
  }

  on(root, 'submit', '#dl-filters', async (e, form) => {
    e.preventDefault();
    const values = fields(form);
    filter = { status: values.status, stage: values.stage, tenant: values.tenant };
    ctx.setParams(filter);
    try { await load(); } catch (error) { ctx.fail(error); }
  });
  on(root, 'change', 'input[name=select]', updateSelection);
  on(root, 'click', 'tr[data-id]', async (e, row) => {
    if (e.target.closest('input')) return;
    try { await open(row.dataset.id); } catch (error) { ctx.fail(error); }
  });
  on(root, 'click', '#redrive-selected', () => {
    const ids = selectedIds();
    redrive({ ids }, `${ids.length} selected`);
  });
  on(root, 'click', '[data-action=redrive-one]', () => redrive({ ids: [opened] }, 'one dead letter'));
  on(root, 'click', '[data-action=redrive-cause]', (e, button) => {
    const group = button.closest('.dl-group');
    const body = { stage: group.dataset.stage, cause: group.dataset.cause, tenant: filter.tenant };
    if (!confirm(`Redrive every dead letter of ${body.stage} / ${body.cause}${body.tenant ? ' of ' + body.tenant : ''}?`)) return;
    redrive(body, `${body.stage} / ${body.cause}`);
  });

  await load();
  if (opened) await open(opened).catch(error => ctx.fail(error));
}
