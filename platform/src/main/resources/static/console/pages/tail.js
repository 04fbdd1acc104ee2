// The live tail: a tenant's events as they are accepted, newest on top. The stream's ticket is asked for with the
// operator's credential (for the tenant chosen), and the stream opened with it over WebSocket, which hands the page
// every event whatever its type (an EventSource dispatches an event only to listeners of its type's name).

import { html, render, on, fields, when, pretty, optionsOf } from '../dom.js';

export async function show(ctx) {
  const { root, api, params, config } = ctx;
  const tenants = await ctx.tenants();
  let tenant = params.get('tenant') || (tenants.find(t => t.tenantId !== 'platform') || tenants[0] || {}).tenantId;
  let socket = null;
  let paused = false;
  let held = [];
  let received = 0;
  const events = []; // newest first, at most config.tailRows

  render(root, html`
    <form class="inline panel" id="tail">
      <label>Tenant <select name="tenant">${optionsOf(tenants.map(t => t.tenantId), tenant)}</select></label>
      <label>Type (optional) <input name="type" value="${params.get('type') || ''}" placeholder="order.placed"></label>
      <button type="submit" class="primary" id="tail-start">Start</button>
      <button type="button" id="tail-pause" disabled>Pause</button>
      <button type="button" id="tail-stop" disabled>Stop</button>
      <button type="button" id="tail-clear">Clear</button>
      <span>Status: <span class="badge" id="tail-status">stopped</span></span>
      <span class="muted" id="tail-count"></span>
    </form>
    <div>
      <div class="table-wrap"><table id="tail-events"><thead><tr><th>time</th><th>type</th><th>subject</th><th>source</th><th>id</th></tr></thead>
        <tbody></tbody></table></div>
      <div id="tail-detail" class="detail-below"></div>
    </div>`);
  const rows = root.querySelector('#tail-events tbody');
  const status = root.querySelector('#tail-status');
  const pauseButton = root.querySelector('#tail-pause');
  const stopButton = root.querySelector('#tail-stop');

  function setStatus(text, kind) {
    status.textContent = text;
    status.className = `badge ${kind || ''}`;
  }

  function count() {
    root.querySelector('#tail-count').textContent =
      `${received} received, ${events.length} shown${held.length ? `, ${held.length} held while paused` : ''}`;
  }

  function row(event, index) {
    return html`<tr class="selectable" data-index="${index}" data-id="${event.id}"><td>${when(event.time)}</td>
      <td class="mono">${event.type}</td><td class="mono">${event.subject || ''}</td><td class="mono">${event.source}</td>
      <td class="mono">${event.id}</td></tr>`;
  }

  function draw() {
    render(rows, events.map(row));
    count();
  }

  function add(event) {
    received++;
    if (paused) {
      held.unshift(event);
      held.length = Math.min(held.length, config.tailRows);
      count();
      return;
    }
    events.unshift(event);
    events.length = Math.min(events.length, config.tailRows);
    draw();
  }

  function stop(text = 'stopped') {
    if (socket) {
      const closing = socket;
      socket = null;
      closing.close(1000);
    }
    setStatus(text, text === 'stopped' ? '' : 'bad');
    pauseButton.disabled = stopButton.disabled = true;
  }

  async function start(values) {
    stop();
    tenant = values.tenant;
    ctx.setParams({ tenant, type: values.type });
    setStatus('connecting', 'paused');
    const ticket = await api.post('/api/v1/stream/tickets', undefined, { tenant });
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${location.host}${ticket.websocket}${values.type ? '&type=' + encodeURIComponent(values.type) : ''}`;
    const opened = new WebSocket(url, 'cloudevents.json');
    socket = opened;
    opened.onopen = () => {
      if (socket !== opened) return;
      setStatus('live', 'running');
      pauseButton.disabled = stopButton.disabled = false;
    };
    opened.onmessage = message => {
      if (socket !== opened) return;
      try { add(JSON.parse(message.data)); } catch { /* not an event: ignored */ }
    };
    opened.onclose = closed => {
      if (socket !== opened) return;
      socket = null;
      stop(`closed (${closed.code}${closed.reason ? ': ' + closed.reason : ''})`);
    };
  }

  on(root, 'submit', '#tail', async (e, form) => {
    e.preventDefault();
    try { ctx.clear(); await start(fields(form)); } catch (error) { stop(); ctx.fail(error); }
  });
  pauseButton.addEventListener('click', () => {
    paused = !paused;
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    if (paused) {
      setStatus('paused', 'paused');
    } else {
      events.unshift(...held);
      events.length = Math.min(events.length, config.tailRows);
      held = [];
      setStatus(socket ? 'live' : 'stopped', socket ? 'running' : '');
      draw();
    }
  });
  stopButton.addEventListener('click', () => stop());
  root.querySelector('#tail-clear').addEventListener('click', () => {
    events.length = 0;
    held = [];
    received = 0;
    root.querySelector('#tail-detail').innerHTML = '';
    draw();
  });
  on(root, 'click', '#tail-events tbody tr', (e, tr) => {
    rows.querySelectorAll('tr').forEach(r => r.classList.toggle('selected', r === tr));
    render(root.querySelector('#tail-detail'), html`<div class="panel"><h2>Event <span class="mono">${tr.dataset.id}</span></h2>
      <pre>${pretty(events[Number(tr.dataset.index)])}</pre></div>`);
  });

  draw();
  if (params.get('tenant')) await start({ tenant, type: params.get('type') });
  return () => stop();
}
