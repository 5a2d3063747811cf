// Watchtower dashboard tab: containers live from the Docker event stream, per-container
// detail, logs (live tail), CPU/memory charts, actions with confirmation, image updates and
// their history. Shipped in the Watchtower plugin jar; loaded by the host's dashboard shell.
export function mount(el, sdk) {
  const { api, live, h, render, badge, errorBox, empty, can, toast, confirmAction, ago, bytes, debounce, lineChart } = sdk;
  let containers = [];
  let unreachable = [];
  let selected = null;
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
      if (selected && !containers.some((c) => c.id === selected)) {
        render(detail, h('p', { class: 'muted' }, 'The selected container no longer exists.'));
        selected = null;
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
    render(table, down, h('table', { id: 'containers' },
      h('thead', {}, h('tr', {}, ['Name', 'State', 'Health', 'Image', 'Update', 'Endpoint'].map((c, i) =>
        h('th', { scope: 'col', class: i >= 4 ? 'hide-narrow' : null }, c)))),
      h('tbody', {}, shown.map((c) => h('tr', { dataset: { name: c.name, state: c.state } },
        h('td', {}, h('a', { href: '#', onclick: (e) => { e.preventDefault(); open(c.id); } }, c.name), h('div', { class: 'muted' }, c.status)),
        h('td', {}, badge(c.state)), h('td', {}, badge(c.health || 'none')),
        h('td', {}, h('code', {}, c.image)),
        h('td', { class: 'hide-narrow' }, pendingIds.has(c.id) ? badge('update available') : h('span', { class: 'muted' }, '—')),
        h('td', { class: 'hide-narrow' }, c.endpoint || ''))))));
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
    const logs = h('pre', { class: 'logs', 'aria-label': 'Container logs', tabindex: '0' }, 'loading…');
    const cpu = h('canvas', { class: 'chart', role: 'img' });
    const mem = h('canvas', { class: 'chart', role: 'img' });
    const statsText = h('div', { class: 'muted' });
    const actions = can('operator') ? h('div', { class: 'row' },
      ['start', 'stop', 'restart'].map((a) => h('button', { type: 'button', class: 'ghost', onclick: () => act(c, a) }, a)),
      h('button', { type: 'button', class: 'ghost', onclick: () => update(c) }, 'update…'),
      h('button', { type: 'button', class: 'danger', onclick: () => act(c, 'remove') }, 'remove')) : null;
    render(detail,
      h('div', { class: 'row spread' }, h('h2', {}, c.name), badge(c.state)),
      h('p', { class: 'muted' }, `${c.image} · ${String(c.id).slice(0, 12)} · started ${ago(c.started_at)} · restarts ${c.restart_count ?? 0}`),
      actions,
      h('h3', {}, 'CPU %'), cpu, h('h3', {}, 'Memory'), mem, statsText,
      h('h3', {}, 'Logs'), logs,
      h('details', {}, h('summary', {}, 'Configuration (environment values are never shown)'),
        h('pre', {}, JSON.stringify({ ports: c.ports, labels: c.labels, mounts: c.mounts, networks: c.networks, env_names: c.env_names }, null, 2))));
    const pollLogs = async () => {
      try {
        const r = await api(`/api/watchtower/containers/${encodeURIComponent(id)}/logs?tail=200`);
        const lines = r.lines || r.logs || [];
        render(logs, lines.length ? lines.map((l) => h('div', { class: l.stream === 'stderr' ? 'stderr' : '' }, `${l.time ? l.time + ' ' : ''}${l.text ?? l.line ?? l}`)) : 'no log lines');
        logs.scrollTop = logs.scrollHeight;
      } catch (e) { render(logs, e.message); }
    };
    const pollStats = async () => {
      try {
        const r = await api(`/api/watchtower/containers/${encodeURIComponent(id)}/stats`);
        const hist = r.history || [];
        lineChart(cpu, [{ label: 'CPU %', values: hist.map((s) => s.cpu_percent) }]);
        lineChart(mem, [{ label: 'memory', values: hist.map((s) => s.memory_usage) }], { max: r.current?.memory_limit || undefined });
        const cur = r.current || hist.at(-1) || {};
        render(statsText, `CPU ${Number(cur.cpu_percent ?? 0).toFixed(1)}% · memory ${bytes(cur.memory_usage)} of ${bytes(cur.memory_limit)}`);
      } catch (e) { render(statsText, e.message); }
    };
    pollLogs();
    pollStats();
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

  async function update(c) {
    let preview = null;
    try {
      preview = await api(`/api/watchtower/containers/${encodeURIComponent(c.id)}/update?dry_run=true`, { method: 'POST' });
    } catch (e) {
      toast(`update preview: ${e.message}`, 'bad');
      return;
    }
    const text = preview.update_available === false
      ? `${c.name} is up to date (${preview.current_digest || 'digest unknown'}). Recreate anyway?`
      : `Update ${c.name} from ${preview.current_digest || '?'} to ${preview.new_digest || '?'}? Its configuration is kept; it is rolled back if the new one is not healthy.`;
    if (!await confirmAction(text, 'Update')) return;
    try {
      const r = await api(`/api/watchtower/containers/${encodeURIComponent(c.id)}/update`, { method: 'POST' });
      toast(`update ${c.name}: ${r.outcome || r.status}`, r.outcome === 'applied' ? 'ok' : 'bad');
    } catch (e) {
      toast(`update ${c.name}: ${e.message}`, 'bad');
    }
    loadUpdates();
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

  async function loadUpdates() {
    try {
      const r = await api('/api/watchtower/updates?limit=50');
      const list = r.updates || [];
      render(updatesBox, h('h2', {}, 'Update history'), list.length ? h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['When', 'Container', 'Image', 'Outcome', 'Reason'].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, list.map((u) => h('tr', {}, h('td', {}, ago(u.finished_at || u.time || u.started_at)), h('td', {}, u.container_name || u.container),
          h('td', {}, h('code', {}, u.image)), h('td', {}, badge(u.outcome || u.status)), h('td', {}, u.reason || '')))))) : empty('No updates yet.'));
    } catch (e) {
      render(updatesBox, h('h2', {}, 'Update history'), e.status === 404 ? empty('Image updates are not available in this version.') : errorBox(e));
    }
  }

  loadHealth();
  load();
  loadPending();
  loadUpdates();
  const refresh = debounce(load, 100);
  const off = live.subscribe(['watchtower.*'], (e) => {
    if (e.type === 'gap' || e.topic.includes('container_')) refresh();
    if (e.topic.includes('endpoint_')) loadHealth();
    if (e.topic.includes('update_')) { loadUpdates(); loadPending(); }
  });
  return () => { off(); clearTimers(); };
}
