// Agents: every agent of every module, filterable; open one to see its detail and send it a task.
export function mountAgents(el, sdk) {
  const { api, live, h, render, badge, errorBox, empty, can, toast, debounce } = sdk;
  let agents = [];
  const q = h('input', { type: 'search', id: 'ag-q', placeholder: 'name, id, type, capability' });
  const source = h('select', { id: 'ag-source' }, h('option', { value: '' }, 'all sources'));
  const table = h('div', { class: 'table-wrap' });
  const detail = h('div', { class: 'panel', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Select an agent to see its detail.'));
  render(el, h('div', { class: 'split' },
    h('div', { class: 'panel' },
      h('div', { class: 'row', style: 'margin-bottom:8px' },
        h('label', { for: 'ag-q' }, 'Search', q), h('label', { for: 'ag-source' }, 'Source', source)),
      table),
    detail));
  q.addEventListener('input', draw);
  source.addEventListener('change', draw);

  async function load() {
    try {
      const r = await api('/api/agents');
      agents = r.agents || [];
      const sources = [...new Set(agents.map((a) => a.source))].sort();
      const cur = source.value;
      render(source, h('option', { value: '' }, 'all sources'), sources.map((s) => h('option', { value: s, selected: s === cur }, s)));
      draw();
    } catch (e) {
      render(table, errorBox(e));
    }
  }

  function draw() {
    const text = q.value.trim().toLowerCase();
    const shown = agents.filter((a) => (!source.value || a.source === source.value)
      && (!text || [a.id, a.name, a.type, ...(a.capabilities || [])].join(' ').toLowerCase().includes(text)));
    if (!shown.length) {
      render(table, empty(agents.length ? 'No agent matches the filter.' : 'No agents registered.'));
      return;
    }
    render(table, h('table', {},
      h('thead', {}, h('tr', {}, ['Name', 'Type', 'Source', 'Status', 'Capabilities'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, shown.map((a) => h('tr', {},
        h('td', {}, h('a', { href: '#agents', onclick: (e) => { e.preventDefault(); open(a.id); } }, a.name), h('div', { class: 'muted' }, a.id)),
        h('td', {}, a.type), h('td', {}, a.source), h('td', {}, badge(a.status)),
        h('td', {}, (a.capabilities || []).join(', ')))))));
  }

  async function open(id) {
    try {
      const a = await api(`/api/agents/${encodeURIComponent(id)}`);
      const action = h('input', { type: 'text', id: 'task-action', placeholder: 'e.g. chat', value: (a.capabilities || [])[0] || '' });
      const params = h('textarea', { id: 'task-params', 'aria-label': 'Task parameters (JSON)' }, '{}');
      const out = h('div', {});
      render(detail,
        h('div', { class: 'row spread' }, h('h2', {}, a.name), badge(a.status)),
        h('p', { class: 'muted' }, `${a.id} · ${a.type} · ${a.source}`),
        a.health && a.health.message ? h('p', {}, a.health.message) : null,
        h('h3', {}, 'Detail'), h('pre', {}, JSON.stringify(a, null, 2)),
        can('operator') ? h('form', { onsubmit: async (e) => {
          e.preventDefault();
          let p;
          try { p = JSON.parse(params.value || '{}'); } catch (err) { render(out, errorBox(new Error(`parameters: not valid JSON (${err.message})`))); return; }
          render(out, h('p', { class: 'muted' }, 'Running…'));
          try {
            const r = await api(`/api/agents/${encodeURIComponent(id)}/tasks`, { method: 'POST', body: { action: action.value, params: p } });
            render(out, h('h3', {}, 'Result ', badge(r.status)), h('pre', {}, JSON.stringify(r, null, 2)));
          } catch (err) { render(out, errorBox(err)); toast(err.message, 'bad'); }
        } },
        h('h3', {}, 'Send a task'),
        h('label', { for: 'task-action' }, 'Action', action), params,
        h('div', { class: 'row end', style: 'margin-top:6px' }, h('button', { type: 'submit' }, 'Send'))) : null,
        out);
    } catch (e) {
      render(detail, errorBox(e));
    }
  }

  load();
  const refresh = debounce(load, 400);
  const off = live.subscribe(['*'], (e) => { if (/agent|started|stopped|spawn/.test(e.topic)) refresh(); });
  return off;
}
