// ChainBot runs: one run drawn live on its workflow's graph (statuses from the /ws events as
// they arrive, reconciled with the run's records), and the execution history with filters.
import { buildGraph, drawGraph, stepStatuses, stepList } from './graph.js';

const TERMINAL = ['completed', 'failed', 'cancelled'];
const FINAL_STEP = ['completed', 'failed', 'skipped', 'cancelled'];
const RUN_STATUSES = ['queued', 'running', 'waiting_approval', 'completed', 'failed', 'cancelled'];
const EVENT_STATUS = {
  'chainbot.step_started': 'running',
  'chainbot.step_completed': 'completed',
  'chainbot.step_skipped': 'skipped',
  'chainbot.approval_requested': 'waiting_approval',
};
const VIEW_KEY = 'alexos.chainbot.view';

/** "Graph | List" buttons; remembers the choice. `show(view)` is called with 'graph' or 'list'. */
export function viewToggle(h, idPrefix, show) {
  let view = 'graph';
  try { view = localStorage.getItem(VIEW_KEY) === 'list' ? 'list' : 'graph'; } catch { /* storage may be off */ }
  const mk = (v, label) => h('button', { type: 'button', class: 'ghost', id: `${idPrefix}-${v}`, 'aria-pressed': String(v === view),
    onclick: () => { view = v; try { localStorage.setItem(VIEW_KEY, v); } catch { /* ignore */ } sync(); } }, label);
  const g = mk('graph', 'Graph');
  const l = mk('list', 'List');
  const sync = () => { g.setAttribute('aria-pressed', String(view === 'graph')); l.setAttribute('aria-pressed', String(view === 'list')); show(view); };
  const el = h('div', { class: 'row wf-toggle', role: 'group', 'aria-label': 'Show as' }, g, l);
  return { el, sync };
}

/** Milliseconds as "350 ms", "4.2 s", "3m 12s", "2h 5m". */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

function runDuration(x) {
  if (!x.started_at) return x.status === 'queued' ? 'queued' : '—';
  const end = x.completed_at ? Date.parse(x.completed_at) : Date.now();
  const d = duration(end - Date.parse(x.started_at));
  return x.completed_at ? d : `${d} so far`;
}

/**
 * Shows run `execId` in `box`: status, its workflow's graph with each step's live status
 * (click or Enter on a node for its output or error), the step records as a list, approve /
 * reject / cancel for operators. Returns a function that stops watching.
 */
export function watchRun(sdk, execId, box) {
  const { api, live, h, render, badge, errorBox, can, toast, confirmAction, ago, debounce } = sdk;
  const offs = [];
  const statusEl = h('span', { id: 'run-status' });
  const meta = h('p', { class: 'muted', id: 'run-meta' });
  // a region you can Tab to: it scrolls when the graph is wider than the screen
  const graphBox = h('div', { class: 'wf-graph-wrap', id: 'run-graph', role: 'region', tabindex: '0', 'aria-label': 'Run graph (scrolls)' });
  const listEl = h('ul', { class: 'steps', id: 'run-steps' });
  const nodeBox = h('div', { id: 'run-node', 'aria-live': 'polite' });
  const errorEl = h('div', {});
  const resultEl = h('div', {});
  const actions = h('div', { class: 'row', style: 'margin-top:8px' });
  const toggle = viewToggle(h, 'run-view', (v) => { graphBox.hidden = drawn ? v !== 'graph' : false; listEl.hidden = drawn ? v === 'graph' : false; });
  render(box, h('div', { class: 'row spread' }, h('h3', {}, `Run ${String(execId).slice(0, 8)}`), statusEl), meta, toggle.el,
    graphBox, listEl, nodeBox, errorEl, resultEl, actions);

  let run = null;
  let graph = null;
  let drawn = null;
  let selected = null;
  let statuses = new Map();
  let actionKey = '';
  const records = new Map();

  const loadGraph = async (wfId) => {
    try {
      const w = await api(`/api/chainbot/workflows/${encodeURIComponent(wfId)}`);
      if (!Array.isArray(w.structure)) throw new Error('this workflow has no parsed structure to draw (a remote workflow)');
      graph = buildGraph(w.structure, w.type);
      drawn = drawGraph(graph, { title: `Run ${String(execId).slice(0, 8)} of ${w.name || wfId}: step statuses`, interactive: true, withStatus: true, onSelect: select });
      render(graphBox, drawn.svg);
    } catch (e) {
      render(graphBox, h('p', { class: 'muted' }, `No graph: ${e.message}. The step records are listed instead.`));
    }
    toggle.sync();
  };

  function select(id) {
    selected = id;
    if (drawn) drawn.select(id);
    showNode();
  }

  function showNode() {
    if (!selected) return;
    const st = statuses.get(selected);
    const rec = st && st.record;
    const n = graph && graph.nodes.find((x) => x.id === selected);
    const when = rec && rec.started_at ? `started ${ago(rec.started_at)}${rec.completed_at ? `, took ${duration(Date.parse(rec.completed_at) - Date.parse(rec.started_at))}` : ''}` : '';
    render(nodeBox, h('div', { class: 'panel wf-node-detail', dataset: { node: selected } },
      h('div', { class: 'row spread' }, h('h4', {}, `${selected}${n ? ` (${n.type})` : ''}`), badge(st ? st.status : 'pending')),
      st && st.note ? h('p', { class: 'muted' }, st.note) : null,
      when || (rec && rec.attempts) ? h('p', { class: 'muted' }, [when, rec && rec.attempts ? `attempts ${rec.attempts}` : ''].filter(Boolean).join(' · ')) : null,
      rec && rec.error ? h('div', { class: 'error-box' }, rec.error) : null,
      rec && rec.decision ? h('p', {}, `Decision: ${rec.decision.approved ? 'approved' : 'rejected'} by ${rec.decision.by}${rec.decision.comment ? ` — ${rec.decision.comment}` : ''}`) : null,
      rec && rec.child_execution_id ? h('p', {}, 'Child run: ', h('a', { href: '#', onclick: (e) => { e.preventDefault(); stop(); watchRun(sdk, rec.child_execution_id, box); } }, String(rec.child_execution_id).slice(0, 8))) : null,
      rec && rec.output !== undefined && rec.output !== null ? h('details', { open: true }, h('summary', {}, 'Output'), h('pre', {}, JSON.stringify(rec.output, null, 2))) : null,
      rec && rec.input ? h('details', {}, h('summary', {}, 'Input (resolved)'), h('pre', {}, JSON.stringify(rec.input, null, 2))) : null,
      !rec ? h('p', { class: 'muted' }, st && st.status === 'skipped' ? 'Not run: its branch was not taken.' : 'No record yet for this step.') : null));
  }

  function update() {
    if (!run) return;
    const recs = [...records.values()];
    if (graph) {
      statuses = stepStatuses(graph, recs, run.status);
      statuses.forEach((v, id) => drawn.setStatus(id, v.status, v.note));
    }
    render(statusEl, badge(run.status));
    render(meta, `${run.workflow_id} · started by ${run.requested_by || '—'} · ${run.started_at ? ago(run.started_at) : 'not started'} · ${runDuration(run)}`,
      run.parent_execution_id ? ` · child of ${String(run.parent_execution_id).slice(0, 8)}` : '');
    render(listEl, recs.map((s) => h('li', { dataset: { step: s.step_id || s.id, status: s.status, key: s.step_key || '' } },
      badge(s.status), h('strong', {}, s.step_id || s.id),
      s.step_key && s.step_key !== s.step_id ? h('span', { class: 'muted' }, s.step_key) : null,
      h('span', { class: 'muted' }, s.attempts ? `attempts ${s.attempts}` : ''),
      s.error ? h('span', { class: 's-bad' }, s.error) : null)));
    render(errorEl, run.error ? errorBox(new Error(run.error)) : null);
    render(resultEl, run.result !== undefined && run.result !== null ? h('details', {}, h('summary', {}, 'Result'), h('pre', {}, JSON.stringify(run.result, null, 2))) : null);
    const waiting = run.status === 'waiting_approval';
    const active = ['running', 'waiting_approval', 'queued'].includes(run.status);
    const key = `${can('operator')}:${waiting}:${active}`;
    if (key !== actionKey) {
      actionKey = key;
      render(actions,
        can('operator') && waiting ? [h('button', { type: 'button', id: 'approve', onclick: () => decide('approve') }, 'Approve'),
          h('button', { type: 'button', class: 'danger', onclick: () => decide('reject') }, 'Reject')] : null,
        can('operator') && active ? h('button', { type: 'button', class: 'ghost', onclick: cancel }, 'Cancel run') : null);
    }
    showNode();
  }

  const fetchRun = async () => {
    let x;
    try { x = await api(`/api/chainbot/executions/${encodeURIComponent(execId)}`); } catch (e) { render(errorEl, errorBox(e)); return null; }
    const first = !run;
    // The answer may be older than events already shown (it raced them): an ended run stays
    // ended, a step an event ended keeps that end, and a step whose record is not written yet
    // keeps the event's status.
    const recordEnded = TERMINAL.includes(x.status); // then every step's record is written
    if (run && TERMINAL.includes(run.status) && !recordEnded) x = { ...x, status: run.status, error: run.error ?? x.error };
    run = { ...x, steps: undefined };
    const fresh = new Map((x.steps || []).map((s) => [s.step_key || s.step_id, s]));
    for (const [k, mine] of records) {
      const theirs = fresh.get(k);
      if (!theirs) {
        if (!recordEnded) fresh.set(k, mine);
      } else if (FINAL_STEP.includes(mine.status) && !FINAL_STEP.includes(theirs.status)) {
        fresh.set(k, { ...theirs, status: mine.status, error: mine.error ?? theirs.error, output: theirs.output ?? mine.output });
      }
    }
    records.clear();
    fresh.forEach((v, k) => records.set(k, v));
    if (first) await loadGraph(x.workflow_id);
    update();
    return x.status;
  };

  // Events move the nodes as they arrive; the run's record is then fetched (debounced) for
  // outputs and timings. No polling: the socket resumes after a reconnect (or reports a gap,
  // which refetches), and events that arrive before the first record are held until it does.
  const early = [];
  const onEvent = (e) => {
    if (e.type === 'gap') { refetch(); return; }
    const d = e.data || {};
    if (d.execution_id !== execId) return;
    if (!run) { early.push(e); return; }
    if (d.step_key) {
      const prev = records.get(d.step_key) || { step_key: d.step_key, step_id: d.step_id, type: d.type };
      const status = e.topic === 'chainbot.step_failed' ? (d.will_retry ? 'waiting' : 'failed') : EVENT_STATUS[e.topic];
      if (status && !(FINAL_STEP.includes(prev.status) && status === 'running')) {
        // a condition's completion names its branch: enough to mark the other branches skipped
        const output = d.branch !== undefined && prev.output == null ? { branch: d.branch } : prev.output;
        records.set(d.step_key, { ...prev, status, output, error: d.error ?? prev.error, attempts: d.attempts ?? prev.attempts });
        if (!TERMINAL.includes(run.status)) {
          const waiting = [...records.values()].some((r) => r.status === 'waiting_approval');
          if (waiting) run = { ...run, status: 'waiting_approval' };
          else if (run.status === 'waiting_approval' || run.status === 'queued') run = { ...run, status: 'running' };
        }
      }
    } else if (e.topic === 'chainbot.workflow_started' && !TERMINAL.includes(run.status)) {
      run = { ...run, status: 'running', started_at: run.started_at || e.time };
    } else if (e.topic === 'chainbot.workflow_executed' || e.topic === 'chainbot.workflow_execution_failed') {
      run = { ...run, status: d.status || (e.topic === 'chainbot.workflow_executed' ? 'completed' : 'failed'), error: d.error ?? run.error };
    }
    update();
    refetch();
  };
  const refetch = debounce(fetchRun, 120);
  offs.push(live.subscribe(['chainbot.*'], onEvent));
  fetchRun().then(() => { if (run) early.splice(0).forEach(onEvent); });

  async function decide(what) {
    try { await api(`/api/chainbot/executions/${encodeURIComponent(execId)}/${what}`, { method: 'POST', body: { comment: `${what}d from the dashboard` } }); }
    catch (e) { toast(e.message, 'bad'); }
  }

  async function cancel() {
    if (!await confirmAction('Cancel this run? Running steps are interrupted.', 'Cancel run')) return;
    try { await api(`/api/chainbot/executions/${encodeURIComponent(execId)}/cancel`, { method: 'POST' }); } catch (e) { toast(e.message, 'bad'); }
  }

  function stop() { offs.forEach((f) => f()); offs.length = 0; }
  return stop;
}

/** Execution history: past runs filtered by workflow and status, updated live; opening one shows its graph. */
export function history(sdk, box) {
  const { api, live, h, render, badge, errorBox, empty, ago, debounce } = sdk;
  const offs = [];
  let stopRun = null;
  const wf = h('select', { id: 'ex-workflow' }, h('option', { value: '' }, 'all workflows'));
  const st = h('select', { id: 'ex-status' }, h('option', { value: '' }, 'any status'), RUN_STATUSES.map((s) => h('option', { value: s }, s.replace(/_/g, ' '))));
  const table = h('div', { class: 'table-wrap', id: 'ex-list', 'aria-live': 'polite' });
  const detail = h('div', { id: 'ex-detail' }, h('p', { class: 'muted' }, 'Open a run to see its steps.'));
  render(box, h('div', { class: 'panel' },
    h('form', { class: 'row wf-filters', role: 'search', 'aria-label': 'Filter runs', onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'ex-workflow' }, 'Workflow', wf), h('label', { for: 'ex-status' }, 'Status', st)),
    // the run view's own heading is an h3: this h2 keeps the page's heading levels in order
    table), h('div', { class: 'panel', style: 'margin-top:12px' }, h('h2', {}, 'Selected run'), detail));
  api('/api/chainbot/workflows').then((r) => (r.workflows || []).forEach((w) => wf.append(h('option', { value: w.id }, w.name && w.name !== w.id ? `${w.name} (${w.id})` : w.id))))
    .catch((e) => render(table, errorBox(e)));
  const open = (id) => { if (stopRun) stopRun(); stopRun = watchRun(sdk, id, detail); };
  const load = async () => {
    const q = new URLSearchParams({ limit: '100' });
    if (wf.value) q.set('workflow_id', wf.value);
    if (st.value) q.set('status', st.value);
    let r;
    try { r = await api(`/api/chainbot/executions?${q}`); } catch (e) { render(table, errorBox(e)); return; }
    const list = r.executions || [];
    render(table, list.length ? h('table', {},
      h('caption', { class: 'muted' }, `${list.length} run${list.length === 1 ? '' : 's'}${wf.value ? ` of ${wf.value}` : ''}${st.value ? `, ${st.value.replace(/_/g, ' ')}` : ''}`),
      h('thead', {}, h('tr', {}, ['Run', 'Workflow', 'Status', 'Started', 'Duration', 'Started by', 'Error'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, list.map((x) => h('tr', { dataset: { execution: x.execution_id, status: x.status, workflow: x.workflow_id } },
        h('td', {}, h('a', { href: '#', onclick: (e) => { e.preventDefault(); open(x.execution_id); } }, String(x.execution_id).slice(0, 8))),
        h('td', {}, x.workflow_id, x.parent_execution_id ? h('div', { class: 'muted' }, `child of ${String(x.parent_execution_id).slice(0, 8)}`) : null),
        h('td', {}, badge(x.status)), h('td', {}, x.started_at ? ago(x.started_at) : '—'), h('td', {}, runDuration(x)),
        h('td', {}, x.requested_by || '—'), h('td', {}, x.error || '')))))
      : empty(wf.value || st.value ? 'No runs match these filters.' : 'No runs yet.'));
  };
  wf.addEventListener('change', load);
  st.addEventListener('change', load);
  load();
  offs.push(live.subscribe(['chainbot.workflow_*'], debounce(load, 300)));
  return () => { offs.forEach((f) => f()); if (stopRun) stopRun(); };
}

/** The definition view's graph/list pair, for tab.js. */
export function definitionViews(sdk, w) {
  const { h } = sdk;
  const graphBox = h('div', { class: 'wf-graph-wrap', id: 'wf-graph', role: 'region', tabindex: '0', 'aria-label': 'Workflow graph (scrolls)' });
  const listBox = h('div', { id: 'wf-list' });
  if (Array.isArray(w.structure)) {
    try {
      const g = buildGraph(w.structure, w.type);
      graphBox.append(drawGraph(g, { title: `Workflow ${w.name || w.id} (${w.type}): ${g.nodes.length} steps` }).svg);
    } catch (e) {
      graphBox.append(h('div', { class: 'error-box', role: 'alert' }, `graph: ${e.message}`));
    }
    listBox.append(stepList(h, w.structure, w.type));
  } else {
    graphBox.append(h('p', { class: 'muted' }, 'No graph for this workflow (its definition lives on a remote ChainBot).'));
    const def = w.definition || w;
    listBox.append(h('ol', {}, (def.steps || def.nodes || []).map((s) => h('li', {}, h('strong', {}, s.id), ` — ${s.type}`))));
  }
  const toggle = viewToggle(h, 'wf-view', (v) => { graphBox.hidden = v !== 'graph'; listBox.hidden = v !== 'list'; });
  toggle.sync();
  return [toggle.el, graphBox, listBox];
}
