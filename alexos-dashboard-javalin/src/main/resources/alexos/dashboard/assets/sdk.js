// The dashboard SDK: what the shell and every tab (core or plugin) use to talk to the server.
// A plugin tab is an ES module exporting `mount(element, sdk)`; it may return a cleanup function.

import { throttle, perFrame, keyed } from './render.js';

export { throttle, perFrame, keyed };

/** An error answered by the API: {status, code, message}. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the JSON API. Redirects to the login page on 401. Throws ApiError otherwise. */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', `server not reachable (${e.message})`);
  }
  if (res.status === 401) {
    location.assign('/login?next=' + encodeURIComponent(location.pathname));
    throw new ApiError(401, 'unauthorized', 'login required');
  }
  const text = await res.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!res.ok) {
    const err = json && json.error ? json.error : {};
    throw new ApiError(res.status, err.code || 'error', err.message || `${method} ${path} answered ${res.status}`);
  }
  return json;
}

/** Live events over /ws with resume: one connection shared by all subscribers of the page. */
class LiveEvents {
  constructor() {
    this.handlers = new Set();
    this.lastSeq = 0;
    this.socket = null;
    this.retry = 0;
    this.statusListeners = new Set();
    this.status = 'connecting';
  }

  onStatus(fn) {
    this.statusListeners.add(fn);
    fn(this.status);
    return () => this.statusListeners.delete(fn);
  }

  setStatus(s) {
    this.status = s;
    this.statusListeners.forEach((fn) => fn(s));
  }

  /** Calls `fn(event)` for each event whose topic matches one of `patterns`. Returns unsubscribe. */
  subscribe(patterns, fn) {
    const h = { patterns: [].concat(patterns), fn };
    this.handlers.add(h);
    this.ensure();
    return () => this.handlers.delete(h);
  }

  /** The sequence number of the newest event seen (to start a replay from). */
  seen(seq) {
    if (seq > this.lastSeq) this.lastSeq = seq;
  }

  ensure() {
    if (this.socket) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/ws`);
    this.socket = ws;
    ws.onopen = () => {
      this.retry = 0;
      const msg = { action: 'subscribe', topics: ['*'] };
      if (this.lastSeq > 0) msg.since = this.lastSeq;
      ws.send(JSON.stringify(msg));
      this.setStatus('live');
      this.ping = setInterval(() => ws.readyState === 1 && ws.send('{"action":"ping"}'), 25000);
    };
    ws.onmessage = (m) => {
      let msg;
      try { msg = JSON.parse(m.data); } catch { return; }
      if (msg.type === 'event') {
        if (msg.seq <= this.lastSeq) return; // replayed twice after a reconnect
        this.lastSeq = msg.seq;
        for (const h of this.handlers) {
          if (h.patterns.some((p) => matches(p, msg.topic))) {
            try { h.fn(msg); } catch (e) { console.warn('event handler failed', e); }
          }
        }
      } else if (msg.type === 'gap') {
        toast(`Missed events ${msg.from}–${msg.to} while disconnected; views were refreshed.`, 'info');
        for (const h of this.handlers) {
          try { h.fn({ type: 'gap', topic: '*', data: msg }); } catch (e) { console.warn(e); }
        }
      } else if (msg.type === 'error') {
        toast(`Live updates: ${msg.message}`, 'bad');
      }
    };
    ws.onclose = () => {
      clearInterval(this.ping);
      this.socket = null;
      this.setStatus('down');
      const delay = Math.min(10000, 500 * 2 ** this.retry++);
      setTimeout(() => this.ensure(), delay);
    };
  }
}

/** Topic pattern match: '*', 'module.*' or an exact topic. */
export function matches(pattern, topic) {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return topic.startsWith(pattern.slice(0, -1));
  return pattern === topic;
}

export const live = new LiveEvents();

const ROLES = ['public', 'viewer', 'operator', 'admin'];
let me = { name: 'anonymous', role: 'viewer' };

/** Loads who the caller is (name and role). */
export async function loadMe() {
  try {
    me = await api('/api/auth/me');
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  return me;
}

export function whoami() {
  return me;
}

/** Whether the caller has at least `role`. Action buttons are only shown when true. */
export function can(role) {
  return ROLES.indexOf(me.role) >= ROLES.indexOf(role);
}

/** DOM builder: h('button', {onclick, class: 'x'}, 'text', child). Strings are text, never HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  // <pre> blocks scroll (max-height): keyboard users must be able to reach them (WCAG 2.1.1).
  if (tag === 'pre' && !el.hasAttribute('tabindex')) el.tabIndex = 0;
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of `el`. */
export function render(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

const STATUS_CLASS = {
  healthy: 's-ok', running: 's-ok', pass: 's-ok', completed: 's-ok', succeeded: 's-ok', up: 's-ok', ok: 's-ok', applied: 's-ok',
  degraded: 's-warn', warn: 's-warn', paused: 's-warn', restarting: 's-warn', starting: 's-warn', waiting_approval: 's-warn',
  not_configured: 's-muted', created: 's-muted', stopped: 's-muted', exited: 's-muted', not_applicable: 's-muted', none: 's-muted',
  unhealthy: 's-bad', fail: 's-bad', failed: 's-bad', error: 's-bad', dead: 's-bad', down: 's-bad', rolled_back: 's-bad', cancelled: 's-muted',
};

/** A coloured status badge. The text is always shown, so colour is never the only cue. */
export function badge(status) {
  const s = String(status ?? 'unknown').toLowerCase();
  return h('span', { class: `badge ${STATUS_CLASS[s] || 's-info'}` }, s.replace(/_/g, ' '));
}

/** Empty state with a reason. */
export function empty(text) {
  return h('div', { class: 'empty' }, text);
}

/** An error box for a failed call. */
export function errorBox(e) {
  return h('div', { class: 'error-box', role: 'alert' }, e && e.message ? e.message : String(e));
}

export function toast(text, kind = 'info') {
  const box = document.getElementById('toasts');
  if (!box) return;
  const t = h('div', { class: `toast ${kind}` }, text);
  box.append(t);
  setTimeout(() => t.remove(), 6000);
}

/**
 * Asks for confirmation in an accessible modal dialog. Resolves true when confirmed. Focus
 * starts on Cancel (the safe choice), Tab cycles inside the dialog, Escape cancels, and focus
 * returns to the element that opened it.
 */
export function confirmAction(text, okLabel = 'Confirm') {
  const dlg = document.getElementById('confirm');
  const opener = document.activeElement;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = okLabel;
  // Escape closes without setting returnValue: clear the previous answer so it cannot count as a yes.
  dlg.returnValue = '';
  const trap = (e) => {
    if (e.key !== 'Tab') return;
    const items = [...dlg.querySelectorAll('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
      .filter((x) => !x.disabled);
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  };
  return new Promise((resolve) => {
    dlg.addEventListener('keydown', trap);
    dlg.addEventListener('close', () => {
      dlg.removeEventListener('keydown', trap);
      // the opener may be gone (e.g. the removed container's detail): then the page's main region
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      else document.getElementById('main')?.focus();
      resolve(dlg.returnValue === 'ok');
    }, { once: true });
    dlg.showModal();
    dlg.querySelector('button[value="cancel"]').focus();
  });
}

/**
 * Keyboard for a role="tablist" (the WAI-ARIA tabs pattern): ArrowLeft/ArrowRight move to and
 * select the previous/next tab, Home/End the first/last. `select(item)` shows it and focuses its tab.
 */
export function tabKeys(e, items, current, select) {
  const i = items.indexOf(current);
  const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: items.length - 1 }[e.key];
  if (next === undefined) return;
  e.preventDefault();
  select(items[(next + items.length) % items.length]);
}

export function ago(iso) {
  if (!iso) return '—';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return String(iso);
  const s = Math.round((Date.now() - t) / 1000);
  if (s < 60) return `${Math.max(s, 0)}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return new Date(t).toLocaleString();
}

export function bytes(n) {
  if (n === undefined || n === null) return '—';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = Number(n);
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v >= 10 || i === 0 ? 0 : 1)} ${u[i]}`;
}

/** Calls `fn` at most once per `ms`, trailing. */
export function debounce(fn, ms = 150) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/**
 * The chart library: uPlot, from its WebJar (org.webjars.npm:uplot, version set in the root
 * pom). The host serves it at a versioned URL with a year-long immutable cache; it is loaded
 * on the first chart, so pages without charts never fetch it.
 */
export const UPLOT_BASE = '/webjars/uplot/1.6.30/dist/';
let uplotModule = null;

function loadUPlot() {
  if (!uplotModule) {
    document.head.append(h('link', { rel: 'stylesheet', href: UPLOT_BASE + 'uPlot.min.css' }));
    uplotModule = import(UPLOT_BASE + 'uPlot.esm.js').then((m) => m.default);
  }
  return uplotModule;
}

/** Charts on the page: element → {plot, theme, args}; redrawn when the theme changes. */
const charts = new Map();

function themeColors() {
  const st = getComputedStyle(document.documentElement);
  const v = (n) => st.getPropertyValue(n).trim();
  return { fg: v('--fg'), muted: v('--muted'), line: v('--line'), accent: v('--accent'), ok: v('--ok'), warn: v('--warn') };
}

/** `#rrggbb` at 12 % opacity for the area under the first series (canvas needs a plain colour). */
function translucent(color) {
  return /^#[0-9a-f]{6}$/i.test(color) ? `${color}1f` : undefined;
}

/** 24-hour hh:mm:ss (local time), short enough for phone-width axes; for epoch seconds. */
function clock(seconds) {
  const d = new Date(seconds * 1000);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((x) => String(x).padStart(2, '0')).join(':');
}

function chartLabel(series, format) {
  return series.map((s) => {
    const last = s.values.at(-1);
    return `${s.label}: latest ${last === undefined || last === null ? 'n/a' : format(last)}`;
  }).join('; ');
}

/**
 * A line chart drawn by uPlot in `el` (a block element; give it the class `chart`):
 * series = [{label, values: [numbers or null], color}]. Options: `times` (epoch milliseconds
 * of each value; the x axis shows times, indexes otherwise), `max` (top of the y axis; the
 * data's maximum otherwise), `format` (value → text, for the axis and the label).
 * Calling it again on the same element updates the chart in place. The element is an image to
 * assistive technology, labelled with each series' latest value ("CPU %: latest 1.2").
 * Resolves when drawn; rejects when the library cannot be loaded.
 */
export async function lineChart(el, series, { max, times, format = (v) => String(v) } = {}) {
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', chartLabel(series, format));
  const uPlot = await loadUPlot();
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const xs = times && times.length === n ? times.map((t) => t / 1000) : Array.from({ length: n }, (_, i) => i);
  const data = [xs, ...series.map((s) => s.values.map((v) => (Number.isFinite(v) ? v : null)))];
  const colors = themeColors();
  const theme = JSON.stringify(colors);
  const known = charts.get(el);
  const args = { series, max, times, format };
  if (known && known.theme === theme && known.plot.series.length === series.length + 1) {
    known.args = args;
    known.plot.setData(data);
    return known.plot;
  }
  if (known) forget(el, known);
  for (const [other, c] of charts) if (!other.isConnected) forget(other, c);
  const axis = { stroke: colors.muted, grid: { stroke: colors.line, width: 1 }, ticks: { stroke: colors.line, width: 1 }, font: '11px system-ui, sans-serif' };
  const plot = new uPlot({
    width: el.clientWidth || 300,
    height: el.clientHeight || 140,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: Boolean(times) },
      y: { range: (u, lo, hi) => [0, max ?? Math.max(1, hi ?? 1)] },
    },
    axes: [
      { ...axis, show: Boolean(times), space: 70, values: (u, ticks) => ticks.map((t) => clock(t)) },
      { ...axis, size: 64, values: (u, ticks) => ticks.map(format) },
    ],
    series: [{}, ...series.map((s, i) => ({
      label: s.label,
      stroke: s.color || [colors.accent, colors.ok, colors.warn][i % 3],
      width: 2,
      fill: i === 0 ? translucent(s.color || colors.accent) : undefined,
      spanGaps: true,
    }))],
  }, data, el);
  plot.root.setAttribute('aria-hidden', 'true');
  // Follows its box (phone width, panels opening): the observer fires before the next paint.
  const resize = new ResizeObserver(() => {
    const w = el.clientWidth;
    if (w > 0 && (w !== plot.width || el.clientHeight !== plot.height)) plot.setSize({ width: w, height: el.clientHeight || 140 });
  });
  resize.observe(el);
  charts.set(el, { plot, theme, args, resize });
  watchTheme();
  return plot;
}

let watching = false;

/** Redraws the charts in the new colours when the theme changes; forgets charts that left the page. */
function watchTheme() {
  if (watching) return;
  watching = true;
  const redraw = () => {
    for (const [el, c] of charts) {
      if (!el.isConnected) { forget(el, c); continue; }
      lineChart(el, c.args.series, c.args).catch((e) => console.error('chart redraw failed', e));
    }
  };
  new MutationObserver(redraw).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redraw);
}

function forget(el, c) {
  c.resize.disconnect();
  c.plot.destroy();
  charts.delete(el);
}

/** The sdk object handed to tabs. */
export const sdk = { api, live, h, render, badge, empty, errorBox, toast, confirmAction, tabKeys, ago, bytes, debounce, throttle, perFrame, keyed, lineChart, can, whoami, ApiError };
