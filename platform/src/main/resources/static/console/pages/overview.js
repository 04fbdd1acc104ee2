// The overview: this instance's throughput and latency, second by second (polled), the consumer groups' lag and
// the platform's health.

import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { html, render, number, when } from '../dom.js';

const THROUGHPUT = [
  ['accepted', 'accepted/s', '#2457c5'],
  ['refused', 'refused/s', '#c62828'],
  ['throttled', 'throttled/s', '#b35900'],
  ['unavailable', '503/s', '#6b7280'],
  ['stored', 'stored/s', '#1a7f37'],
  ['projected', 'projected/s', '#7b3fb5'],
];
const LATENCY = [
  ['ingestP50Ms', 'ingest p50 ms', '#2457c5'],
  ['ingestP99Ms', 'ingest p99 ms', '#c62828'],
  ['storeDelayP99Ms', 'store delay p99 ms', '#1a7f37'],
];

function chart(element, series, width) {
  return new uPlot({
    width, height: 220,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
    series: [{}, ...series.map(([, label, stroke]) => ({ label, stroke, width: 1.5, spanGaps: false,
      value: (u, v) => v === null || v === undefined ? '–' : number(v, 1) }))],
    axes: [{}, { size: 60 }],
  }, [[], ...series.map(() => [])], element);
}

/** The mean of a figure over the last ten samples that have it (a single second is mostly noise), or null. */
function recent(samples, name) {
  const values = samples.slice(-10).map(s => s[name]).filter(v => v !== null && v !== undefined);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

function columns(samples, series) {
  return [samples.map(s => Date.parse(s.at) / 1000), ...series.map(([name]) => samples.map(s => s[name] ?? null))];
}

export async function show(ctx) {
  const { root, api, config } = ctx;
  render(root, html`
    <div class="toolbar"><span>Health: <span class="badge" id="health-status">…</span></span>
      <span class="muted" id="health-components"></span><span class="spacer"></span>
      <span class="muted" id="instance"></span></div>
    <div class="figures" id="latest" title="the mean of the last 10 seconds"></div>
    <div class="columns even">
      <div class="chart"><h2>Throughput, events/s</h2><div id="throughput-chart"></div></div>
      <div class="chart"><h2>Latency, ms</h2><div id="latency-chart"></div></div>
    </div>
    <h2>Consumer lag <span class="muted" id="consumers-at"></span></h2>
    <div class="table-wrap"><table id="consumers"><thead><tr><th>group</th><th>state</th><th class="num">members</th>
      <th class="num">lag</th><th>partitions with lag</th></tr></thead><tbody></tbody></table></div>`);

  const width = element => Math.max(300, element.clientWidth - 4);
  const throughputElement = root.querySelector('#throughput-chart');
  const latencyElement = root.querySelector('#latency-chart');
  const throughput = chart(throughputElement, THROUGHPUT, width(throughputElement));
  const latency = chart(latencyElement, LATENCY, width(latencyElement));
  const resize = () => {
    throughput.setSize({ width: width(throughputElement), height: 220 });
    latency.setSize({ width: width(latencyElement), height: 220 });
  };
  window.addEventListener('resize', resize);

  async function loadThroughput() {
    const answer = await api.get('/api/v1/admin/throughput', { query: { seconds: config.windowSeconds } });
    const samples = answer.samples || [];
    throughput.setData(columns(samples, THROUGHPUT));
    latency.setData(columns(samples, LATENCY));
    const interval = /^PT([\d.]+)S$/.exec(answer.interval || '');
    root.querySelector('#instance').textContent = `instance ${answer.instance}, a sample every ${interval ? interval[1] + ' s' : answer.interval}`;
    render(root.querySelector('#latest'), [...THROUGHPUT, ...LATENCY].map(([name, label]) => html`
      <div class="figure" data-figure="${name}"><div class="value">${number(recent(samples, name), 1)}</div>
        <div class="label">${label}</div></div>`));
  }

  async function loadConsumers() {
    const answer = await api.get('/api/v1/admin/consumers');
    root.querySelector('#consumers-at').textContent = `at ${when(answer.at)}`;
    render(root.querySelector('#consumers tbody'), answer.groups.length ? answer.groups.map(g => {
      const lagging = (g.partitions || []).filter(p => p.lag > 0);
      return html`<tr data-group="${g.group}"><td class="mono">${g.group}</td><td><span class="badge ${g.state}">${g.state}</span></td>
        <td class="num">${g.members}</td><td class="num lag">${number(g.lag)}</td>
        <td class="mono wrap">${lagging.length ? lagging.map(p => `${p.topic}[${p.partition}] ${p.lag}`).join(', ') : html`<span class="muted">none</span>`}</td></tr>`;
    }) : html`<tr><td colspan="5" class="muted">No consumer groups.</td></tr>`);
  }

  async function loadHealth() {
    // Down answers 503 with the same body; the components are there for a caller with a credential.
    let health;
    try {
      health = await api.get('/actuator/health');
    } catch (error) {
      if (error.status !== 503) throw error;
      health = error.body || { status: 'DOWN' };
    }
    const status = root.querySelector('#health-status');
    status.textContent = health.status || 'unknown';
    status.className = `badge ${health.status}`;
    const components = Object.entries(health.components || {});
    render(root.querySelector('#health-components'), components.map(([name, c]) =>
      html`<span class="badge ${c.status}" data-component="${name}">${name} ${c.status}</span> `));
  }

  let busy = false;
  async function poll() {
    if (busy) return;
    busy = true;
    const results = await Promise.allSettled([loadThroughput(), loadConsumers(), loadHealth()]);
    const failed = results.find(r => r.status === 'rejected');
    if (failed) ctx.fail(failed.reason); else ctx.clear();
    busy = false;
  }
  await poll();
  const timer = setInterval(poll, config.refreshMillis);
  return () => {
    clearInterval(timer);
    window.removeEventListener('resize', resize);
    throughput.destroy();
    latency.destroy();
  };
}
