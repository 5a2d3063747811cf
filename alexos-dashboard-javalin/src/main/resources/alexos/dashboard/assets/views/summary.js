// Overview summary: health of each module, counts, the latest events — all live.
import { eventList } from './events.js';

export function mountSummary(el, sdk) {
  const { api, live, h, render, badge, errorBox, throttle } = sdk;
  const healthBox = h('div', { class: 'grid' });
  const countsBox = h('div', { class: 'grid' });
  const events = eventList(sdk, { limit: 15 });
  render(el,
    h('h2', {}, 'Health'), healthBox,
    h('h2', { style: 'margin-top:16px' }, 'At a glance'), countsBox,
    h('div', { class: 'panel', style: 'margin-top:16px' }, h('h2', {}, 'Latest events'), events.el));

  async function load() {
    const [health, agents, containers, updates, pending] = await Promise.allSettled([
      api('/api/health'), api('/api/agents'), api('/api/watchtower/containers'),
      api('/api/watchtower/updates?limit=200'), api('/api/watchtower/updates?pending=true'),
    ]);
    if (health.status === 'fulfilled') {
      const comps = health.value.components || {};
      render(healthBox,
        h('div', { class: 'panel' }, h('div', { class: 'muted' }, 'System'), h('div', { class: 'stat' }, badge(health.value.status))),
        Object.entries(comps).map(([name, c]) => h('div', { class: 'panel' },
          h('div', { class: 'row spread' }, h('strong', {}, name), badge(c.status)),
          c.message ? h('div', { class: 'muted' }, c.message) : null)));
    } else {
      render(healthBox, errorBox(health.reason));
    }
    const cards = [];
    if (containers.status === 'fulfilled') {
      const by = countBy(containers.value.containers || [], (c) => c.state || c.status);
      cards.push(card('Containers', containers.value.count ?? 0, by));
    } else {
      cards.push(h('div', { class: 'panel' }, h('strong', {}, 'Containers'), h('div', { class: 'muted' }, containers.reason.message)));
    }
    if (agents.status === 'fulfilled') {
      cards.push(card('Agents', agents.value.count ?? 0, countBy(agents.value.agents || [], (a) => a.status)));
    }
    // the engine's own counts (all runs in its store, by status) when ChainBot reports them;
    // the execution list (only the newest 200) is asked for only when they are missing
    const wf = health.status === 'fulfilled' ? health.value.components?.chainbot?.details?.workflows : null;
    if (wf && wf.executions_by_status) {
      const by = { ...wf.executions_by_status };
      const total = Object.values(by).reduce((a, n) => a + n, 0);
      if (wf.waiting_approvals) by['waiting approvals'] = wf.waiting_approvals;
      cards.push(card('Workflow runs', total, by));
    } else {
      const executions = await api('/api/chainbot/executions?limit=200').catch(() => null);
      const list = executions ? executions.executions || [] : null;
      if (list) cards.push(card('Workflow runs (newest)', list.length, countBy(list, (r) => r.status)));
    }
    if (pending.status === 'fulfilled') {
      const list = pending.value.updates || [];
      cards.push(card('Updates pending', list.length, countBy(list, (u) => (u.monitor_only ? 'monitor only' : 'updatable'))));
    }
    if (updates.status === 'fulfilled') {
      const list = updates.value.updates || [];
      cards.push(card('Updates done', list.length, countBy(list, (u) => u.outcome || u.status)));
    }
    render(countsBox, cards);
  }

  function card(title, total, by) {
    return h('div', { class: 'panel' },
      h('div', { class: 'muted' }, title), h('div', { class: 'stat' }, String(total)),
      h('div', { class: 'row' }, Object.entries(by).map(([k, n]) => h('span', {}, badge(k), ' ', String(n)))));
  }

  // throttled, not debounced: a steady stream of events must not hold the counts back forever,
  // and one refresh (6 requests) per 2 s is what a Pi serving a phone can afford during a burst
  const refresh = throttle(() => load().catch((e) => render(healthBox, errorBox(e))), 2000);
  load().catch((e) => render(healthBox, errorBox(e)));
  const off = live.subscribe(['*'], (e) => { events.add(e); refresh(); });
  return () => { off(); events.stop(); };
}

function countBy(list, key) {
  const out = {};
  for (const x of list) {
    const k = key(x) || 'unknown';
    out[k] = (out[k] || 0) + 1;
  }
  return out;
}
