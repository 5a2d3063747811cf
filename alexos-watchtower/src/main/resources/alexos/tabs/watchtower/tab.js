// Watchtower dashboard tab: containers live from the Docker event stream, per-container
// detail, logs (live tail), CPU/memory charts, actions with confirmation, image updates and
// their history (updates.js). Shipped in the Watchtower plugin jar; loaded by the host's dashboard shell.
import { createUpdates } from './updates.js';

export function mount(el, sdk) {
  const { api, live, h, render, badge, errorBox, empty, can, toast, confirmAction, ago, bytes, lineChart, keyed, throttle } = sdk;
  let containers = [];
  let unreachable = [];
  let tbody = null;
  let tableEl = null;
  let lastDown = null;
  let selected = null;
  let selectedName = null;
  let containerHistory = null;
  let timers = [];
  const state = h('select', { id: 'wt-state' }, ['', 'running', 'exited', 'created', 'paused', 'restarting', 'dead']
    .map((s) => h('option', { value: s }, s || 'all states')));
  const q = h('input', { type: 'search', id: 'wt-q', placeholder: 'name or image' });
  const healthBox = h('div', { class: 'row' });
  const table = h('div', { class: 'table-wrap' });
  const detail = h('div', { class: 'panel', id: 'wt-detail', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Select a container to see its detail, logs and stats.'));
  const updatesBox = h('div', { class: 'panel', style: 'margin-top:12px' });
  const checkBtn = can('operator') ? h('button', { type: 'button', class: 'ghost', onclick: checkUpdates }, 'Check for updates') : null;
  render(el,
    h('div', { class: 'row spread' }, h('h1', {}, 'Watchtower'), healthBox),
    h('div', { class: 'split' },
      h('div', { class: 'panel' },
        h('div', { class: 'row', style: 'margin-bottom:8px' },
          h('label', { for: 'wt-q' }, 'Search', q), h('label', { for: 'wt-state' }, 'State', state), checkBtn),
        table),
      detail),
    updatesBox);
  const updates = createUpdates(sdk, el);
  q.addEventListener('input', draw);
  state.addEventListener('change', draw);

  async function loadHealth() {
    try {
      const hl = await api('/api/watchtower/health');
      const eps = hl.endpoints || hl.details?.endpoints || [];
      render(healthBox, badge(hl.status), (Array.isArray(eps) ? eps : Object.values(eps)).map((e) =>
        h('span', { class: 'muted' }, `${e.name || e.endpoint}: `, badge(e.reachable === false ? 'down' : e.status || 'up'))));
    } catch (e) {
      render(healthBox, errorBox(e));
    }
  }

  let pendingIds = new Set();

  async function loadPending() {
    try {
      const r = await api('/api/watchtower/updates?pending=true');
      pendingIds = new Set((r.updates || []).map((u) => u.container_id));
      draw();
    } catch (e) {
      pendingIds = new Set();
    }
  }

  async function load() {
    try {
      const r = await api('/api/watchtower/containers');
      containers = r.containers || [];
      unreachable = r.unreachable_endpoints || [];
      draw();
      if (selectedName && !containers.some((c) => c.id === selected)) {
        // An applied update replaces the container under the same name: follow it (also when
        // the new one shows up only after the old one was gone).
        const successor = containers.find((c) => c.name === selectedName);
        if (successor) {
          open(successor.id);
        } else if (selected) {
          clearTimers();
          render(detail, h('p', { class: 'muted' }, 'The selected container no longer exists.'));
          selected = null;
        }
      }
    } catch (e) {
      render(table, e.status === 503 ? empty(`Docker not reachable: ${e.message}`) : errorBox(e));
    }
  }

  function draw() {
    const text = q.value.trim().toLowerCase();
    const shown = containers.filter((c) => (!state.value || c.state === state.value)
      && (!text || `${c.name} ${c.image}`.toLowerCase().includes(text)));
    // an engine that is down is said so, with its reason, above whatever the others show
    const down = unreachable.map((u) => empty(`Docker not reachable: ${u.endpoint}: ${u.error}`));
    if (!shown.length) {
      render(table, down, down.length && !containers.length ? null
        : empty(containers.length ? 'No container matches the filter.' : 'No containers on the watched engines.'));
      return;
    }
    // the table is built once and its rows reused (sdk.keyed): a change to one container
    // rebuilds one row, not all of them (200+ containers on a Pi or a phone)
    if (!tableEl) {
      tbody = h('tbody');
      tableEl = h('table', { id: 'containers' },
        h('thead', {}, h('tr', {}, ['Name', 'State', 'Health', 'Image', 'Update', 'Endpoint'].map((c, i) =>
          h('th', { scope: 'col', class: i >= 4 ? 'hide-narrow' : null }, c)))),
        tbody);
    }
    const downKey = unreachable.map((u) => `${u.endpoint}\u0000${u.error}`).join('\u0001');
    if (!table.contains(tableEl) || downKey !== lastDown) {
      render(table, down, tableEl);
      lastDown = downKey;
    }
    keyed(tbody, shown, (c) => c.id, row,
      (c) => [c.name, c.status, c.state, c.health, c.image, c.endpoint, pendingIds.has(c.id)].join('\u0000'));
  }

  function row(c) {
    return h('tr', { dataset: { name: c.name, state: c.state } },
      h('td', {}, h('a', { href: '#', onclick: (e) => { e.preventDefault(); open(c.id); } }, c.name), h('div', { class: 'muted' }, c.status)),
      h('td', {}, badge(c.state)), h('td', {}, badge(c.health || 'none')),
      h('td', {}, h('code', {}, c.image)),
      h('td', { class: 'hide-narrow' }, pendingIds.has(c.id) ? badge('update available') : h('span', { class: 'muted' }, '—')),
      h('td', { class: 'hide-narrow' }, c.endpoint || ''));
  }

  function clearTimers() {
    timers.forEach(clearInterval);
    timers = [];
  }

  async function open(id) {
    clearTimers();
    selected = id;
    let c;
    try {
      c = await api(`/api/watchtower/containers/${encodeURIComponent(id)}`);
    } catch (e) {
      render(detail, errorBox(e));
      return;
    }
    // The detail is a polite live region (it announces the container opened); the logs and stats
    // below refresh every few seconds and would be read out again and again: not live.
    const logs = h('pre', { class: 'logs', 'aria-label': 'Container logs', tabindex: '0', 'aria-live': 'off' }, 'loading…');
    selectedName = c.name;
    const cpu = h('div', { class: 'chart', id: 'wt-cpu-chart' });
    const mem = h('div', { class: 'chart', id: 'wt-mem-chart' });
    containerHistory = h('div', { id: 'wt-container-updates' });
    const statsText = h('div', { class: 'muted', 'aria-live': 'off' });
    const actions = can('operator') ? h('div', { class: 'row' },
      ['start', 'stop', 'restart'].map((a) => h('button', { type: 'button', class: 'ghost', onclick: () => act(c, a) }, a)),
      h('button', { type: 'button', class: 'ghost', id: 'wt-update-btn', onclick: () => update(c) }, 'update…'),
      h('button', { type: 'button', class: 'danger', onclick: () => act(c, 'remove') }, 'remove')) : null;
    render(detail,
      h('div', { class: 'row spread' }, h('h2', {}, c.name), badge(c.state)),
      h('p', { class: 'muted' }, `${c.image} · ${String(c.id).slice(0, 12)} · started ${ago(c.started_at)} · restarts ${c.restart_count ?? 0}`),
      actions,
      h('h3', {}, 'CPU %'), cpu, h('h3', {}, 'Memory'), mem, statsText,
      h('h3', {}, 'Logs'), logs,
      containerHistory,
      h('details', {}, h('summary', {}, 'Configuration (environment values are never shown)'),
        h('pre', {}, JSON.stringify({ ports: c.ports, labels: c.labels, mounts: c.mounts, networks: c.networks, env_names: c.env_names }, null, 2))));
    const pollLogs = async () => {
      try {
        const r = await api(`/api/watchtower/containers/${encodeURIComponent(id)}/logs?tail=200`);
        const lines = r.lines || r.logs || [];
        render(logs, lines.length ? lines.map((l) => h('div', { class: l.stream === 'stderr' ? 'stderr' : '' }, `${l.time ? l.time + ' ' : ''}${l.text ?? l.line ?? l}`)) : 'no log lines');
        logs.scrollTop = logs.scrollHeight;
      } catch (e) {
        if (gone(e)) return;
        render(logs, e.message);
      }
    };
    const pollStats = async () => {
      try {
        const r = await api(`/api/watchtower/containers/${encodeURIComponent(id)}/stats`);
        const hist = r.history || [];
        const times = hist.map((s) => Date.parse(s.time));
        await Promise.all([
          lineChart(cpu, [{ label: 'CPU %', values: hist.map((s) => s.cpu_percent) }], { times, format: (v) => Number(v).toFixed(1) }),
          lineChart(mem, [{ label: 'memory', values: hist.map((s) => s.memory_usage) }], { times, format: bytes }),
        ]);
        const cur = r.current || hist.at(-1) || {};
        render(statsText, `CPU ${Number(cur.cpu_percent ?? 0).toFixed(1)}% · memory ${bytes(cur.memory_usage)} of ${bytes(cur.memory_limit)}`);
      } catch (e) {
        if (gone(e)) return;
        render(statsText, e.message);
      }
    };
    // Removed or replaced (e.g. by an update started elsewhere): stop polling it, the list
    // reload follows a successor of the same name.
    const gone = (e) => {
      if (e.status !== 404 || selected !== id) return false;
      clearTimers();
      refresh();
      return true;
    };
    pollLogs();
    pollStats();
    updates.showHistory(containerHistory, { container: c.name, title: 'Updates of this container', limit: 20 });
    timers.push(setInterval(pollLogs, 2000), setInterval(pollStats, 5000));
  }

  async function act(c, action) {
    if (!await confirmAction(`${action} container ${c.name}?`, action)) return;
    try {
      if (action === 'remove') await api(`/api/watchtower/containers/${encodeURIComponent(c.id)}`, { method: 'DELETE' });
      else await api(`/api/watchtower/containers/${encodeURIComponent(c.id)}/${action}`, { method: 'POST' });
      toast(`${action}: ${c.name} done`, 'ok');
    } catch (e) {
      toast(`${action} ${c.name}: ${e.message}`, 'bad');
    }
  }

  function update(c) {
    updates.preview(c, {
      // The update renames, replaces or removes the container: stop polling it meanwhile.
      onStart: clearTimers,
      onDone: async () => {
        loadUpdates();
        loadPending();
        await load();
        const now = containers.find((x) => x.name === c.name);
        if (now && selectedName === c.name) open(now.id);
      },
    });
  }

  async function checkUpdates() {
    try {
      const r = await api('/api/watchtower/check-updates', { method: 'POST' });
      toast(`${r.out_of_date ?? 0} container(s) out of date`, 'info');
      loadPending();
    } catch (e) {
      toast(`check updates: ${e.message}`, 'bad');
    }
  }

  function loadUpdates() {
    return updates.showHistory(updatesBox);
  }

  loadHealth();
  load();
  loadPending();
  loadUpdates();
  // throttled, not debounced: during container churn the table still catches up every 250 ms;
  // one request at a time (a slow answer must not overwrite a newer one)
  let loading = null;
  let again = false;
  const reload = () => {
    if (loading) { again = true; return; }
    loading = load().finally(() => {
      loading = null;
      if (again) { again = false; reload(); }
    });
  };
  const refresh = throttle(reload, 250);
  const off = live.subscribe(['watchtower.*'], (e) => {
    if (e.type === 'gap' || e.topic.includes('container_')) refresh();
    if (e.topic.includes('endpoint_')) loadHealth();
    if (e.type === 'gap' || e.topic.includes('update_')) {
      loadUpdates();
      loadPending();
      const name = e.data && e.data.container_name;
      if (containerHistory && containerHistory.isConnected && (e.type === 'gap' || !name || name === selectedName)) {
        updates.showHistory(containerHistory, { container: selectedName, title: 'Updates of this container', limit: 20 });
      }
    }
  });
  return () => { off(); clearTimers(); };
}
