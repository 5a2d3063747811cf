// ChainBot dashboard tab: agents, workflows (definition, run with inputs, live step progress,
// cancel, approve), execution history, chat sessions with streaming replies, entanglements.
// Shipped in the ChainBot plugin jar; loaded by the host's dashboard shell.
import { watchRun, history, definitionViews } from './runs.js';

// the graph's styles live beside it in this plugin's jar (themed through the shell's variables)
if (!document.querySelector('link[data-chainbot-css]')) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('graph.css', import.meta.url).href;
  link.dataset.chainbotCss = '';
  document.head.append(link);
}

export function mount(el, sdk) {
  const { api, live, h, render, badge, errorBox, empty, can, toast, ago } = sdk;
  const sections = [
    { id: 'workflows', title: 'Workflows', mount: workflows },
    { id: 'executions', title: 'Executions', mount: executions },
    { id: 'agents', title: 'Agents', mount: agents },
    { id: 'sessions', title: 'Sessions', mount: sessions },
    { id: 'entanglements', title: 'Entanglements', mount: entanglements },
  ];
  let active = sections[0];
  let offs = [];
  const status = h('div', { class: 'row' });
  const bar = h('div', { class: 'tabbar', role: 'tablist', 'aria-label': 'ChainBot sections' });
  const body = h('div', { role: 'tabpanel', id: 'cb-panel' });
  // its own page has this as its h1; inside the overview's ChainBot tab it sits under the overview's h1
  const level = el.closest('[role=tabpanel]') ? 'h2' : 'h1';
  render(el, h('div', { class: 'row spread' }, h(level, {}, 'ChainBot'), status), bar, body);

  function select(s) {
    offs.forEach((f) => f());
    offs = [];
    active = s;
    const focusTab = bar.contains(document.activeElement);
    render(bar, sections.map((x) => h('button', { role: 'tab', type: 'button', id: `cb-${x.id}`, 'aria-selected': String(x === s),
      'aria-controls': 'cb-panel', tabindex: x === s ? '0' : '-1', onclick: () => select(x),
      onkeydown: (e) => sdk.tabKeys(e, sections, x, select) }, x.title)));
    body.setAttribute('aria-labelledby', `cb-${s.id}`);
    if (focusTab) document.getElementById(`cb-${s.id}`).focus();
    render(body);
    s.mount(body);
  }

  api('/api/chainbot/status').then((s) => render(status, badge(s.status),
    h('span', { class: 'muted' }, `${s.ai_agents_count ?? 0} AI · ${s.alex_framework_agents_count ?? 0} framework · ${s.workflows_count ?? 0} workflows`)))
    .catch((e) => render(status, errorBox(e)));

  // ---- workflows ----
  function workflows(box) {
    const list = h('div', { class: 'table-wrap' });
    const detail = h('div', { class: 'panel', 'aria-live': 'polite', style: 'margin-top:12px' }, h('p', { class: 'muted' }, 'Select a workflow.'));
    // stacked rather than side by side: the graph needs the width
    render(box, h('div', { class: 'panel' }, list), detail);
    offs.push(() => { if (stopRun) { stopRun(); stopRun = null; } });
    api('/api/chainbot/workflows').then((r) => {
      const wfs = r.workflows || [];
      render(list, wfs.length ? h('table', {},
        h('thead', {}, h('tr', {}, ['Workflow', 'Type', 'Steps', 'Source'].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, wfs.map((w) => h('tr', { dataset: { workflow: w.id } },
          h('td', {}, h('a', { href: '#', onclick: (e) => { e.preventDefault(); openWorkflow(w.id, detail); } }, w.name || w.id), h('div', { class: 'muted' }, w.id)),
          h('td', {}, w.type || 'graph'), h('td', {}, String(w.steps_count ?? (w.steps || w.nodes || []).length)), h('td', {}, w.source || 'local')))))
        : empty('No workflows defined. POST one to /api/chainbot/workflows.'));
    }).catch((e) => render(list, errorBox(e)));
  }

  // the run shown in the workflows section; stopped when another opens or the section closes
  let stopRun = null;
  const showRun = (execId, box) => {
    if (stopRun) stopRun();
    stopRun = watchRun(sdk, execId, box);
  };

  async function openWorkflow(id, detail) {
    let w;
    try { w = await api(`/api/chainbot/workflows/${encodeURIComponent(id)}`); } catch (e) { render(detail, errorBox(e)); return; }
    if (stopRun) { stopRun(); stopRun = null; }
    const def = w.definition || w;
    const inputs = h('textarea', { id: 'wf-inputs', 'aria-label': 'Inputs (JSON)' }, JSON.stringify(def.example_inputs || {}, null, 2));
    const run = h('div', { id: 'wf-run' });
    const declared = Object.entries(w.inputs || {});
    render(detail,
      h('h2', {}, w.name || id), w.description ? h('p', {}, w.description) : null,
      h('div', { class: 'row spread' }, h('h3', {}, `Steps (${w.type || def.type || 'sequential'})`)),
      definitionViews(sdk, w),
      h('details', {}, h('summary', {}, 'Definition'), h('pre', {}, JSON.stringify(def, null, 2))),
      can('operator') ? h('form', { onsubmit: (e) => { e.preventDefault(); execute(id, inputs.value, run); } },
        h('h3', {}, 'Run'),
        declared.length ? h('p', { class: 'muted' }, 'Inputs: ', declared.map(([k, v]) => `${k} (${v.type}${v.required ? ', required' : ''})`).join(', ')) : null,
        inputs, h('div', { class: 'row end', style: 'margin-top:6px' }, h('button', { type: 'submit', id: 'wf-run-btn' }, 'Run workflow'))) : null,
      run);
  }

  async function execute(id, inputsText, box) {
    let inputs;
    try { inputs = JSON.parse(inputsText || '{}'); } catch (e) { render(box, errorBox(new Error(`inputs: not valid JSON (${e.message})`))); return; }
    // a remote workflow's run lives on the remote (not in our /executions): wait for its answer and show it
    const remote = String(id).startsWith('remote:');
    if (remote) render(box, h('p', { class: 'muted' }, 'Running on the remote ChainBot…'));
    try {
      const r = await api(`/api/chainbot/workflows/${encodeURIComponent(id)}/execute?wait=${remote ? 30 : 0}`, { method: 'POST', body: { inputs } });
      if (remote) {
        render(box,
          h('div', { class: 'row spread' }, h('h3', {}, `Remote run ${r.execution_id || ''}`), h('span', { id: 'run-status' }, badge(r.status))),
          r.error ? errorBox(new Error(r.error)) : null,
          r.result !== undefined && r.result !== null ? h('details', { open: true }, h('summary', {}, 'Result'), h('pre', {}, JSON.stringify(r.result, null, 2))) : null);
        return;
      }
      showRun(r.execution_id, box);
    } catch (e) { render(box, errorBox(e)); }
  }

  // ---- executions ----
  function executions(box) {
    offs.push(history(sdk, box));
  }

  // ---- agents ----
  function agents(box) {
    api('/api/chainbot/agents/all').then((r) => {
      const list = r.agents || [];
      const notConfigured = list.some((a) => a.status === 'not_configured');
      render(box, h('div', { class: 'panel' },
        notConfigured ? h('p', { class: 'empty' }, 'No LLM configured: AI agents are listed as not configured. Set chainbot.providers in alexos.yml.') : null,
        list.length ? h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Agent', 'Type', 'Source', 'Status', 'Model'].map((x) => h('th', { scope: 'col' }, x)))),
          h('tbody', {}, list.map((a) => h('tr', {}, h('td', {}, a.name, h('div', { class: 'muted' }, a.id)), h('td', {}, a.agent_type),
            h('td', {}, a.source), h('td', {}, badge(a.status)), h('td', {}, a.model || '—')))))) : empty('No ChainBot agents.')));
    }).catch((e) => render(box, errorBox(e)));
  }

  // ---- sessions ----
  function sessions(box) {
    const list = h('div', {});
    const chat = h('div', { class: 'panel' }, h('p', { class: 'muted' }, 'Open or create a session.'));
    render(box, h('div', { class: 'split' }, h('div', { class: 'panel' }, list), chat));
    const load = () => api('/api/chainbot/sessions').then((r) => {
      const ss = r.sessions || [];
      const name = h('input', { type: 'text', id: 'sess-name', placeholder: 'session name' });
      const members = h('input', { type: 'text', id: 'sess-agents', placeholder: 'agent ids, comma-separated' });
      render(list,
        ss.length ? h('ul', {}, ss.map((s) => h('li', {}, h('a', { href: '#', onclick: (e) => { e.preventDefault(); openSession(s.id, chat); } }, s.name || s.id),
          h('span', { class: 'muted' }, ` ${(s.agents || s.agent_ids || []).join(', ')}`)))) : empty('No sessions yet.'),
        can('operator') ? h('form', { onsubmit: async (e) => {
          e.preventDefault();
          try {
            const s = await api('/api/chainbot/sessions', { method: 'POST', body: { name: name.value, agent_ids: members.value.split(',').map((x) => x.trim()).filter(Boolean) } });
            load(); openSession(s.id, chat);
          } catch (err) { toast(err.message, 'bad'); }
        } }, h('h2', {}, 'New session'), h('label', { for: 'sess-name' }, 'Name', name), h('label', { for: 'sess-agents' }, 'Agents', members),
        h('div', { class: 'row end' }, h('button', { type: 'submit' }, 'Create'))) : null);
    }).catch((e) => render(list, errorBox(e)));
    load();
  }

  async function openSession(id, box) {
    let s;
    try { s = await api(`/api/chainbot/sessions/${encodeURIComponent(id)}`); } catch (e) { render(box, errorBox(e)); return; }
    const log = h('div', { class: 'chat', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: '0' });
    const streaming = new Map();
    const drawMsg = (m) => h('div', { class: `msg ${m.role === 'user' ? 'user' : ''}` },
      h('div', { class: 'muted' }, m.agent_id || m.sender || m.role), m.content ?? m.text ?? '');
    render(log, (s.messages || []).map(drawMsg));
    const input = h('textarea', { id: 'chat-input', 'aria-label': 'Message', style: 'min-height:60px' });
    render(box, h('h2', {}, s.name || id), log, can('operator') ? h('form', { onsubmit: async (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      log.append(drawMsg({ role: 'user', content: text }));
      try {
        const r = await api(`/api/chainbot/sessions/${encodeURIComponent(id)}/messages`, { method: 'POST', body: { content: text } });
        streaming.forEach((n) => n.remove());
        streaming.clear();
        (r.replies || []).forEach((m) => log.append(drawMsg(m)));
      } catch (err) { log.append(errorBox(err)); }
      log.scrollTop = log.scrollHeight;
    } }, input, h('div', { class: 'row end' }, h('button', { type: 'submit' }, 'Send'))) : null);
    // Streaming tokens arrive as events while the reply is being generated.
    offs.push(live.subscribe(['chainbot.*'], (e) => {
      const d = e.data || {};
      if (!/token/.test(e.topic) || (d.session_id && d.session_id !== id)) return;
      const key = d.request_id || d.agent_id || 'reply';
      let node = streaming.get(key);
      if (!node) { node = h('div', { class: 'msg' }, h('div', { class: 'muted' }, d.agent_id || 'agent'), ''); streaming.set(key, node); log.append(node); }
      node.lastChild.textContent += d.token ?? d.text ?? '';
      log.scrollTop = log.scrollHeight;
    }));
  }

  // ---- entanglements ----
  function entanglements(box) {
    const list = h('div', {});
    const detail = h('div', { class: 'panel', id: 'ent-detail', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Open or create an entanglement.'));
    render(box, h('div', { class: 'split' }, h('div', { class: 'panel' }, list), detail));
    const load = () => api('/api/chainbot/entanglements').then((r) => {
      const groups = r.entanglements || [];
      const name = h('input', { type: 'text', id: 'ent-name', placeholder: 'group name' });
      const members = h('input', { type: 'text', id: 'ent-agents', placeholder: 'agent ids, comma-separated' });
      render(list,
        groups.length ? h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Name', 'Members', 'Messages', 'Created'].map((x) => h('th', { scope: 'col' }, x)))),
          h('tbody', {}, groups.map((g) => h('tr', { dataset: { entanglement: g.id } },
            h('td', {}, h('a', { href: '#', onclick: (e) => { e.preventDefault(); openGroup(g.id, detail, load); } }, g.name || g.id)),
            h('td', {}, (g.agent_ids || g.agents || g.members || []).join(', ')),
            h('td', {}, String(g.message_count ?? (g.messages || []).length)), h('td', {}, ago(g.created_at))))))) : empty('No entanglements yet.'),
        can('operator') ? h('form', { onsubmit: async (e) => {
          e.preventDefault();
          try {
            const g = await api('/api/chainbot/entanglements', { method: 'POST', body: { name: name.value, agent_ids: members.value.split(',').map((x) => x.trim()).filter(Boolean) } });
            load(); openGroup(g.id, detail, load);
          } catch (err) { toast(err.message, 'bad'); }
        } }, h('h2', {}, 'New entanglement'), h('label', { for: 'ent-name' }, 'Name', name), h('label', { for: 'ent-agents' }, 'Agents', members),
        h('div', { class: 'row end' }, h('button', { type: 'submit', id: 'ent-create' }, 'Create'))) : null);
    }).catch((e) => render(list, errorBox(e)));
    load();
  }

  async function openGroup(id, box, reloadList) {
    let g;
    try { g = await api(`/api/chainbot/entanglements/${encodeURIComponent(id)}`); } catch (e) { render(box, errorBox(e)); return; }
    const members = g.agent_ids || g.agents || [];
    const log = h('div', { class: 'chat', id: 'ent-log', role: 'log', 'aria-label': 'Messages', tabindex: '0' }, (g.messages || []).map((m) => h('div', { class: `msg ${m.kind === 'agent' || m.role === 'assistant' ? '' : 'user'}` },
      h('div', { class: 'muted' }, `${m.sender}${m.recipient ? ' → ' + m.recipient : ''}`), m.content ?? '')));
    const to = h('select', { id: 'ent-to' }, h('option', { value: 'all' }, 'everyone'), members.map((a) => h('option', { value: a }, a)));
    const text = h('textarea', { id: 'ent-input', 'aria-label': 'Message', style: 'min-height:60px' });
    render(box, h('h2', {}, g.name || id), h('p', { class: 'muted' }, `members: ${members.join(', ')}`), log,
      can('operator') ? h('form', { onsubmit: async (e) => {
        e.preventDefault();
        if (!text.value.trim()) return;
        try {
          await api(`/api/chainbot/entanglements/${encodeURIComponent(id)}/messages`, { method: 'POST', body: { content: text.value, to: to.value } });
          text.value = '';
          openGroup(id, box, reloadList);
          reloadList();
        } catch (err) { toast(err.message, 'bad'); }
      } }, h('label', { for: 'ent-to' }, 'To', to), text, h('div', { class: 'row end' }, h('button', { type: 'submit', id: 'ent-send' }, 'Send'))) : null);
    log.scrollTop = log.scrollHeight;
  }

  select(active);
  return () => offs.forEach((f) => f());
}
