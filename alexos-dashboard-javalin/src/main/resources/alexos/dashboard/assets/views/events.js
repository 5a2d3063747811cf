// Events: the history from /api/events followed by the live stream, with topic filter, search
// and pause. Resumes after a reconnect from the last sequence number seen (see sdk.js).

/** Events kept in memory per list (the newest); what is shown is capped by `limit`. */
export const MAX_EVENTS = 1000;

const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/**
 * A compact list of events, newest first; `add(e)` adds one. Used by the summary and the
 * Events tab. Built for bursts: events are queued and drawn once per animation frame, new rows
 * are prepended (existing rows are never rebuilt), and the list never holds more than `limit`
 * rows or keeps more than MAX_EVENTS events, however long the page stays open.
 */
export function eventList(sdk, { limit = 200, filter = () => true } = {}) {
  const { h, api, live, render, errorBox, empty, perFrame } = sdk;
  // tabindex: the list scrolls, so keyboard users must be able to focus it to scroll it
  const ul = h('ul', { class: 'events', 'aria-live': 'off', 'aria-label': 'Events', tabindex: '0' });
  let items = [];
  const seqs = new Set();
  let queued = [];
  let stopped = false;
  let full = true; // the next frame redraws everything (first draw, history, filter change)
  const row = (e) => h('li', { dataset: { topic: e.topic, seq: String(e.seq) } },
    h('span', { class: 'muted' }, `#${e.seq}`),
    h('code', { title: e.topic }, e.topic),
    h('span', {}, summarize(e), ' ', h('span', { class: 'muted' }, time(e.time))));
  const keep = (e) => {
    if (seqs.has(e.seq)) return false;
    seqs.add(e.seq);
    return true;
  };
  const trim = () => {
    // items are newest first (history is sorted, live events arrive in sequence order)
    if (items.length > MAX_EVENTS) items.splice(MAX_EVENTS).forEach((e) => seqs.delete(e.seq));
  };
  const frame = perFrame(() => {
    if (stopped) return;
    const fresh = queued;
    queued = [];
    if (full) {
      full = false;
      const shown = items.filter(filter).slice(0, limit);
      if (!shown.length) render(ul, h('li', {}, empty('No events yet.')));
      else render(ul, shown.map(row));
      return;
    }
    // newest first; only rows that pass the filter, at most `limit` of them
    const add = fresh.filter(filter).sort((a, b) => b.seq - a.seq).slice(0, limit);
    if (!add.length) return;
    if (!ul.querySelector('li[data-seq]')) ul.replaceChildren();
    ul.prepend(...add.map(row));
    while (ul.childElementCount > limit) ul.lastElementChild.remove();
  });
  api(`/api/events?limit=${limit}`).then((r) => {
    if (stopped) return;
    const history = (r.events || []).filter(keep);
    items = items.concat(history).sort((a, b) => b.seq - a.seq);
    trim();
    history.forEach((e) => live.seen(e.seq));
    full = true;
    frame();
  }).catch((e) => render(ul, h('li', {}, errorBox(e))));
  frame();
  return {
    el: ul,
    add(e) {
      if (e.type !== 'event' || !keep(e)) return;
      items.unshift(e);
      queued.push(e);
      trim();
      frame();
    },
    redraw() {
      full = true;
      frame();
    },
    stop() { stopped = true; },
  };
}

function time(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso ?? '') : TIME.format(d);
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
    if (paused) {
      buffered.push(e);
      if (buffered.length > MAX_EVENTS) buffered.splice(0, buffered.length - MAX_EVENTS);
      pause.textContent = `Resume (${buffered.length})`;
    } else list.add(e);
  });
  return () => { off(); list.stop(); };
}

function matchesPattern(p, topic) {
  if (p === '*' || p === '') return true;
  if (p.endsWith('.*')) return topic.startsWith(p.slice(0, -1));
  return p === topic;
}
