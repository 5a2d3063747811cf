// Events: the history from /api/events followed by the live stream, with topic filter, search
// and pause. Resumes after a reconnect from the last sequence number seen (see sdk.js).

/** A compact list of events; `add(e)` prepends one. Used by the summary and the Events tab. */
export function eventList(sdk, { limit = 200, filter = () => true } = {}) {
  const { h, api, live, render, errorBox, empty } = sdk;
  // tabindex: the list scrolls, so keyboard users must be able to focus it to scroll it
  const ul = h('ul', { class: 'events', 'aria-live': 'off', 'aria-label': 'Events', tabindex: '0' });
  let items = [];
  let stopped = false;
  const draw = () => {
    const shown = items.filter(filter).slice(0, limit);
    if (!shown.length) render(ul, h('li', {}, empty('No events yet.')));
    else render(ul, shown.map(row));
  };
  const row = (e) => h('li', { dataset: { topic: e.topic, seq: String(e.seq) } },
    h('span', { class: 'muted' }, `#${e.seq}`),
    h('code', { title: e.topic }, e.topic),
    h('span', {}, summarize(e), ' ', h('span', { class: 'muted' }, new Date(e.time).toLocaleTimeString())));
  api(`/api/events?limit=${limit}`).then((r) => {
    if (stopped) return;
    const history = (r.events || []).slice().reverse();
    const known = new Set(items.map((e) => e.seq));
    items = items.concat(history.filter((e) => !known.has(e.seq))).sort((a, b) => b.seq - a.seq);
    history.forEach((e) => live.seen(e.seq));
    draw();
  }).catch((e) => render(ul, h('li', {}, errorBox(e))));
  draw();
  return {
    el: ul,
    add(e) {
      if (e.type !== 'event' || items.some((x) => x.seq === e.seq)) return;
      items.unshift(e);
      if (items.length > 2000) items.length = 2000;
      draw();
    },
    redraw: draw,
    stop() { stopped = true; },
  };
}

/** One line of text for an event: the interesting fields of its data. */
export function summarize(e) {
  const d = e.data || {};
  const parts = [];
  for (const k of ['name', 'container_name', 'workflow_id', 'execution_id', 'step_id', 'agent_id', 'old_status', 'new_status', 'status', 'health', 'endpoint', 'error', 'message']) {
    if (d[k] !== undefined && d[k] !== null && typeof d[k] !== 'object') parts.push(`${k.replace(/_/g, ' ')}: ${d[k]}`);
  }
  return parts.length ? parts.join(' · ') : `from ${e.source}`;
}

export function mountEvents(el, sdk) {
  const { h, render, live } = sdk;
  let paused = false;
  const buffered = [];
  const topic = h('input', { type: 'text', id: 'ev-topic', placeholder: 'e.g. watchtower.* or chainbot.workflow_executed', value: '*' });
  const search = h('input', { type: 'search', id: 'ev-search', placeholder: 'text in the event' });
  const pause = h('button', { type: 'button', class: 'ghost', 'aria-pressed': 'false' }, 'Pause');
  const filter = (e) => {
    const p = topic.value.trim() || '*';
    const q = search.value.trim().toLowerCase();
    return p.split(",").some((x) => matchesPattern(x.trim(), e.topic))
      && (!q || JSON.stringify(e).toLowerCase().includes(q));
  };
  const list = eventList(sdk, { limit: 500, filter });
  topic.addEventListener('input', list.redraw);
  search.addEventListener('input', list.redraw);
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.textContent = paused ? `Resume (${buffered.length})` : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    if (!paused) { buffered.splice(0).forEach((e) => list.add(e)); }
  });
  render(el, h('div', { class: 'panel' },
    h('div', { class: 'row', style: 'margin-bottom:8px' },
      h('label', { for: 'ev-topic' }, 'Topic filter', topic),
      h('label', { for: 'ev-search' }, 'Search', search), pause),
    list.el));
  const off = live.subscribe(['*'], (e) => {
    if (paused) { buffered.push(e); pause.textContent = `Resume (${buffered.length})`; } else list.add(e);
  });
  return () => { off(); list.stop(); };
}

function matchesPattern(p, topic) {
  if (p === '*' || p === '') return true;
  if (p.endsWith('.*')) return topic.startsWith(p.slice(0, -1));
  return p === topic;
}
