// Replay jobs: the list with their progress (polled), a new job, and pause, resume, cancel.

import { html, render, on, fields, when, number, pretty, optionsOf, list, integer } from '../dom.js';

const BASE = '/api/v1/replays';

function target(t) {
  switch (t.kind) {
    case 'topic': return html`topic <span class="mono">${t.topic}</span>`;
    case 'webhook': return html`webhook <span class="mono">${t.url}</span>`;
    default: return t.kind;
  }
}

function progress(p) {
  const total = p.total ?? null;
  const share = total ? Math.min(100, Math.round(100 * p.read / Math.max(total, 1))) : null;
  return html`${number(p.delivered)} delivered / ${total === null ? '?' : number(total)}${share !== null ? html` <span class="muted">(${share} %)</span>` : ''}
    ${p.refused ? html`<br><span class="badge bad">${number(p.refused)} refused</span>` : ''}
    ${p.yielding ? html`<br><span class="badge paused">yielding to ingest</span>` : ''}`;
}

export async function show(ctx) {
  const { root, api, params, config } = ctx;
  let opened = params.get('id');
  let last = null;

  render(root, html`
    <details class="panel" id="start-panel" ${params.get('new') ? html`open` : ''}>
      <summary><b>Start a replay</b></summary>
      <form id="start-replay">
        <div class="toolbar">
          <label data-for="topic webhook">Tenant <select name="tenant" id="replay-tenant"></select></label>
          <label>Target <select name="kind">${optionsOf([['topic', 'a Kafka topic'], ['webhook', 'a webhook'], ['rebuild', 'rebuild the read models (all tenants)']], 'topic')}</select></label>
          <label data-for="topic">Topic <input name="topic" placeholder="acme.replay"></label>
          <label data-for="webhook" hidden>Webhook URL <input name="url" class="wide" placeholder="https://example.com/hook"></label>
          <label data-for="webhook" hidden>Mode <select name="mode">${optionsOf(['batch', 'binary'], 'batch')}</select></label>
          <label data-for="webhook" hidden>Batch size <input name="batchSize" type="number" min="1" max="1000" class="narrow" placeholder="100"></label>
        </div>
        <div class="toolbar" data-for="topic webhook">
          <label>Speed <input name="speed" class="narrow" value="max" title="max, 500/s or 10x (times the original pace)"></label>
          <label>Select on <select name="on">${optionsOf([['time', "the events' time"], ['arrival', 'their arrival']], 'time')}</select></label>
          <label>From <input name="from" placeholder="2026-01-01T00:00:00Z"></label>
          <label>To <input name="to" placeholder="2026-02-01T00:00:00Z"></label>
          <label>Types (comma) <input name="types" placeholder="order.placed, payment.created"></label>
          <label>Subject prefix <input name="subjectPrefix" placeholder="customer/"></label>
          <label>Sources (comma) <input name="sources" placeholder="/crm"></label>
          <button type="submit" class="primary">Start</button>
        </div>
      </form>
      <div id="replay-secret"></div>
    </details>
    <div>
      <div class="table-wrap"><table id="replays"><thead><tr><th>job</th><th>tenant</th><th>state</th><th>target</th>
        <th>speed</th><th>progress</th><th>created</th><th></th></tr></thead><tbody></tbody></table></div>
      <div id="replay-detail" class="detail-below"></div>
    </div>`);
  const rows = root.querySelector('#replays tbody');
  const detail = root.querySelector('#replay-detail');

  ctx.tenants().then(tenants => render(root.querySelector('#replay-tenant'),
    optionsOf(tenants.map(t => t.tenantId), params.get('tenant')))).catch(error => ctx.fail(error));

  async function load() {
    const answer = await api.get(BASE, { query: { limit: 100 } });
    const text = JSON.stringify(answer) + opened;
    if (text === last) return; // unchanged: the rows stay as they are, buttons and all
    last = text;
    render(rows, answer.replays.length ? answer.replays.map(job => html`<tr class="selectable ${job.id === opened ? 'selected' : ''}" data-replay="${job.id}">
      <td class="mono" title="${job.id}">${job.id.slice(0, 8)}</td><td class="mono">${job.tenant || html`<span class="muted">all</span>`}</td>
      <td><span class="badge ${job.state} state">${job.state}</span>${job.error ? html`<br><span class="muted">${job.error}</span>` : ''}</td>
      <td class="wrap">${target(job.target)}</td><td class="mono">${job.speed}</td><td>${progress(job.progress)}</td>
      <td title="by ${job.createdBy}">${when(job.createdAt)}</td>
      <td class="actions">
        ${job.state === 'running' ? html`<button type="button" data-action="pause">Pause</button>` : ''}
        ${job.state === 'paused' || job.state === 'failed' ? html`<button type="button" data-action="resume">Resume</button>` : ''}
        ${['running', 'paused', 'failed'].includes(job.state) ? html`<button type="button" class="danger" data-action="cancel">Cancel</button>` : ''}
      </td></tr>`) : html`<tr><td colspan="8" class="muted">No replays yet.</td></tr>`);
    const shown = opened && answer.replays.find(job => job.id === opened);
    if (shown) render(detail, html`<div class="panel"><h2>Job <span class="mono">${shown.id}</span></h2><pre>${pretty(shown)}</pre></div>`);
  }

  // Only the fields of the target chosen.
  on(root, 'change', '#start-replay [name=kind]', (e, select) => {
    root.querySelectorAll('#start-replay [data-for]').forEach(element => {
      element.hidden = !element.dataset.for.split(' ').includes(select.value);
    });
  });

  on(root, 'submit', '#start-replay', async (e, form) => {
    e.preventDefault();
    const v = fields(form);
    let body;
    if (v.kind === 'rebuild') {
      body = { target: { kind: 'rebuild' } };
    } else {
      const selection = { on: v.on, from: v.from, to: v.to, types: list(v.types), subjectPrefix: v.subjectPrefix, sources: list(v.sources) };
      body = {
        tenant: v.tenant, speed: v.speed || 'max', selection,
        target: v.kind === 'topic' ? { kind: 'topic', topic: v.topic }
          : { kind: 'webhook', url: v.url, mode: v.mode, batchSize: integer(v.batchSize) },
      };
    }
    try {
      const job = await api.post(BASE, body);
      opened = job.id;
      ctx.setParams({ id: job.id });
      ctx.notice(`Replay ${job.id} started.`);
      render(root.querySelector('#replay-secret'), job.secret ? html`<div class="secret">The webhook's signing secret,
        shown this once: <code>${job.secret}</code></div>` : '');
      await load();
    } catch (error) { ctx.fail(error); }
  });

  on(root, 'click', '#replays [data-action]', async (e, button) => {
    const id = button.closest('tr').dataset.replay;
    const action = button.dataset.action;
    button.disabled = true;
    try {
      const job = action === 'cancel' ? await api.delete(`${BASE}/${id}`) : await api.post(`${BASE}/${id}/${action}`);
      ctx.notice(`Replay ${id.slice(0, 8)}: ${job.state}.`);
      await load();
    } catch (error) { ctx.fail(error); button.disabled = false; }
  });

  on(root, 'click', '#replays tbody tr[data-replay]', async (e, row) => {
    if (e.target.closest('button')) return;
    opened = row.dataset.replay;
    ctx.setParams({ id: opened });
    rows.querySelectorAll('tr').forEach(r => r.classList.toggle('selected', r === row));
    try { await load(); } catch (error) { ctx.fail(error); }
  });

  await load();
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try { await load(); } catch (error) { ctx.fail(error); } finally { busy = false; }
  }, config.refreshMillis);
  return () => clearInterval(timer);
}
