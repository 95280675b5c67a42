// The flow-log report inside its webview: renders the model the extension posts (src/core/flowlogs/report.ts),
// sends filter changes and "open records" requests back. Bundled with uPlot by scripts/build.mjs; no remote content.
import uPlot from 'uplot';
// The same words and units as the CLI's report and the editor's hover.
import { humanBytes } from '../core/flowlogs/explain';
import { protocolName } from '../core/flowlogs/fields';

const vscode = acquireVsCodeApi();
const $ = (sel) => document.querySelector(sel);

const num = (n) => (n === null || n === undefined ? '-' : n.toLocaleString('en-US'));
const iso = (t) => (t === null || t === undefined ? '-' : new Date(t * 1000).toISOString().replace('.000Z', '').replace('T', ' '));
const bytes = (b) => humanBytes(b, 'B');

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function card(label, value, detail, tone) {
  return el('div', { class: `card${tone ? ` ${tone}` : ''}` }, el('div', { class: 'card-label' }, label), el('div', { class: 'card-value' }, value), detail ? el('div', { class: 'card-detail' }, detail) : '');
}

/** A table section; every row gets a "Records" button that opens the records behind it. */
function section(id, title, note, headers, rows, emptyText) {
  const body = rows.length
    ? el('table', {},
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { class: h.num ? 'num' : '' }, h.label)), el('th', {}, ''))),
      el('tbody', {}, ...rows.map((r, i) => el('tr', {},
        ...r.map((c, j) => el('td', { class: headers[j].num ? 'num' : '' }, c)),
        el('td', { class: 'open' }, el('button', { class: 'link', title: 'Open the matching records in a flow-log document', 'data-section': id, 'data-index': String(i), onclick: () => vscode.postMessage({ type: 'open', section: id, index: i }) }, 'Records'))))))
    : el('p', { class: 'empty' }, emptyText);
  return el('section', { id }, el('h2', {}, title, el('span', { class: 'count' }, rows.length ? ` ${rows.length}` : '')), note ? el('p', { class: 'note' }, note) : '', body);
}

let chart;
function drawChart(t) {
  const host = $('#chart');
  host.replaceChildren();
  chart?.destroy();
  chart = undefined;
  if (!t.times.length) { host.append(el('p', { class: 'empty' }, 'No traffic records with times.')); return; }
  const style = getComputedStyle(document.body);
  const fg = style.getPropertyValue('--vscode-foreground').trim() || '#ccc';
  const grid = style.getPropertyValue('--vscode-editorWidget-border').trim() || 'rgba(128,128,128,0.3)';
  const accept = style.getPropertyValue('--vscode-charts-blue').trim() || '#3794ff';
  const reject = style.getPropertyValue('--vscode-charts-red').trim() || '#f14c4c';
  // Stacked: the rejected series is drawn on top of the accepted one.
  const stacked = t.accepted.map((a, i) => a + t.rejected[i]);
  const width = Math.max(320, host.clientWidth || 800);
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
  chart = new uPlot({
    width,
    height: 220,
    // Flow-log times are UTC, and so is everything else the report shows.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [{ ...axis }, { ...axis, size: 70, values: (_u, ticks) => ticks.map((v) => bytes(v)) }],
    series: [
      { value: (_u, v) => (v === null ? '-' : iso(v)) },
      { label: 'rejected bytes (stacked on accepted)', stroke: reject, fill: reject + '66', width: 1.5, value: (_u, v) => (v === null ? '-' : bytes(v)), paths: uPlot.paths.stepped({ align: 1 }) },
      { label: 'accepted bytes', stroke: accept, fill: accept + 'dd', width: 1.5, value: (_u, v) => (v === null ? '-' : bytes(v)), paths: uPlot.paths.stepped({ align: 1 }) },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  }, [t.times, stacked, t.accepted], host);
}

function render(model) {
  const s = model.summary;
  const d = model.details;
  $('#title').textContent = `Flow-log report: ${model.label}`;
  const range = d.firstStart !== null ? `${iso(d.firstStart)} to ${iso(d.lastEnd)} UTC` : 'no times';
  $('#subtitle').textContent = `${range} · ${model.filterText ? `filter: ${model.filterText}` : 'no filter'}`;
  const decided = s.action.ACCEPT + s.action.REJECT;
  const rejectPct = decided ? ` (${((100 * s.action.REJECT) / decided).toFixed(1)}%)` : '';
  $('#cards').replaceChildren(
    card('Records', num(s.records), s.skippedLines ? `${num(s.skippedLines)} malformed lines skipped` : 'no malformed lines', s.skippedLines ? 'warn' : ''),
    card('Traffic', bytes(s.bytes), `${num(s.packets)} packets`),
    card('ACCEPT', num(s.action.ACCEPT), ''),
    card('REJECT', num(s.action.REJECT) + rejectPct, '', s.action.REJECT ? 'bad' : ''),
    card('Log status', `OK ${num(s.logStatus.OK)}`, `NODATA ${num(s.logStatus.NODATA)} · SKIPDATA ${num(s.logStatus.SKIPDATA)}`, s.logStatus.SKIPDATA ? 'warn' : ''),
    card('Double-logged', num(d.duplicateRecords), d.hasInterfaceId ? 'flows seen on two interfaces, counted once' : 'no interface-id: flows may count twice'),
  );
  $('#warning').textContent = s.skippedLines
    ? `${num(s.skippedLines)} malformed line${s.skippedLines === 1 ? '' : 's'} did not fit the record format (${d.formats.map((f) => `${f.length} fields`).join(', ')}) and ${s.skippedLines === 1 ? 'was' : 'were'} skipped.`
    : '';
  drawChart(model.timeline);
  $('#chart-note').textContent = model.timeline.times.length ? `Bytes per ${model.timeline.bucketSeconds >= 3600 ? `${model.timeline.bucketSeconds / 3600} h` : `${model.timeline.bucketSeconds / 60} min`} by record start time (UTC); blue is accepted, red on top of it rejected.` : '';

  const sections = [
    section('topTalkers', 'Top talkers', 'By bytes; a flow between two interfaces of the VPC counts once. Behind NAT and transit gateways the packet-level addresses are used.',
      [{ label: 'source' }, { label: 'destination' }, { label: 'bytes', num: true }, { label: 'packets', num: true }],
      s.topTalkers.map((t) => [t.srcaddr, t.dstaddr, bytes(t.bytes), num(t.packets)]), 'No traffic.'),
    section('rejectedByDstPort', 'Rejected traffic by destination port', 'REJECT does not say whether a security group or a network ACL dropped the packets; for new connections either fits (low confidence). Rejected replies are under "Asymmetric rejects".',
      [{ label: 'port' }, { label: 'protocol' }, { label: 'records', num: true }],
      s.rejectedByDstPort.map((r) => [r.dstport === null ? '-' : String(r.dstport), protocolName(r.protocol), num(r.records)]), 'Nothing was rejected.'),
    section('scanners', 'Likely scanners', `Sources with ${model.scannerMinTargets} or more distinct rejected address:port targets, mostly rejected.`,
      [{ label: 'source' }, { label: 'distinct targets', num: true }, { label: 'rejected records', num: true }],
      s.scanners.map((r) => [r.srcaddr, num(r.distinctTargets), num(r.rejectedRecords)]), 'No source probed many targets.'),
    section('asymmetric', 'Asymmetric (NACL-like) rejects', 'Request ACCEPTed, reply REJECTed on the same interface. Security groups are stateful and always let replies out, so this points to a network ACL (high confidence): it needs a rule for the clients\' ephemeral ports (1024-65535) in the reply\'s direction.',
      [{ label: 'interface' }, { label: 'client' }, { label: 'server' }, { label: 'port' }, { label: 'accepted requests', num: true }, { label: 'rejected replies', num: true }],
      s.asymmetric.map((a) => [a.interfaceId, a.client, a.server, String(a.serverPort), num(a.acceptedRequests), num(a.rejectedReplies)]), 'No rejected replies to accepted requests.'),
    s.resets
      ? section('resets', 'RST-heavy services', 'TCP services (address:port) with records whose tcp-flags include RST: refused, aborted or timed-out connections.',
        [{ label: 'service' }, { label: 'records with RST', num: true }], s.resets.map((r) => [r.service, num(r.records)]), 'No TCP resets.')
      : el('section', { id: 'resets' }, el('h2', {}, 'RST-heavy services'), el('p', { class: 'empty' }, 'Not available: the format has no tcp-flags field (version 3 or later).')),
    section('statusIntervals', 'NODATA / SKIPDATA intervals', s.logStatus.SKIPDATA ? 'SKIPDATA: AWS skipped records in these intervals (capacity or an internal error); the figures above miss them.' : 'Intervals in which an interface had no traffic (NODATA) or records were skipped (SKIPDATA).',
      [{ label: 'status' }, { label: 'interface' }, { label: 'start (UTC)' }, { label: 'end (UTC)' }],
      // The end is on the same day as the start: its time is enough.
      d.statusIntervals.map((i) => [i.status, i.interfaceId ?? '-', iso(i.start), i.start !== null && i.end !== null && iso(i.start).slice(0, 10) === iso(i.end).slice(0, 10) ? iso(i.end).slice(11) : iso(i.end)]), 'Every interval has data.'),
    section('nat', 'NAT gateway bytes per instance', 'From records on a NAT (or transit) gateway\'s interface whose pkt-srcaddr/pkt-dstaddr differ from srcaddr/dstaddr.',
      [{ label: 'gateway' }, { label: 'instance' }, { label: 'sent out', num: true }, { label: 'received', num: true }, { label: 'records', num: true }],
      model.nat.map((n) => [n.gateway, n.instance, bytes(n.bytesOut), bytes(n.bytesIn), num(n.records)]),
      d.formats.some((f) => f.includes('pkt-srcaddr') || f.includes('pkt-dstaddr')) ? 'No traffic through a NAT gateway.' : 'Not available: the format has no pkt-srcaddr/pkt-dstaddr fields.'),
  ];
  $('#sections').replaceChildren(...sections);
  document.body.classList.remove('busy');
}

function readFilter() {
  const f = {};
  for (const k of ['address', 'port', 'protocol', 'action', 'since', 'until']) f[k] = $(`#f-${k}`).value;
  return f;
}

function applyFilter() {
  $('#filter-error').textContent = '';
  document.body.classList.add('busy');
  vscode.postMessage({ type: 'filter', filter: readFilter() });
}

$('#filters').addEventListener('submit', (e) => { e.preventDefault(); applyFilter(); });
$('#clear').addEventListener('click', () => {
  for (const k of ['address', 'port', 'protocol', 'action', 'since', 'until']) $(`#f-${k}`).value = '';
  applyFilter();
});

let lastModel;
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m.type === 'model') { lastModel = m.model; render(m.model); }
  else if (m.type === 'error') { $('#filter-error').textContent = m.message; document.body.classList.remove('busy'); }
  else if (m.type === 'idle') document.body.classList.remove('busy');
});
window.addEventListener('resize', () => { if (lastModel) drawChart(lastModel.timeline); });
vscode.postMessage({ type: 'ready' });
