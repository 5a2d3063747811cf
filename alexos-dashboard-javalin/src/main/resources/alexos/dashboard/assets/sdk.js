// The dashboard SDK: what the shell and every tab (core or plugin) use to talk to the server.
// A plugin tab is an ES module exporting `mount(element, sdk)`; it may return a cleanup function.

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
 * A small line chart on a canvas: series = [{label, values: [numbers], color}].
 * Hand-written (40 lines) rather than a chart library: one chart type, no axes library needed.
 */
export function lineChart(canvas, series, { max } = {}) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 300;
  const hgt = canvas.clientHeight || 120;
  canvas.width = w * dpr;
  canvas.height = hgt * dpr;
  const ctx = canvas.getContext('2d');
  ctx.scale(dpr, dpr);
  ctx.clearRect(0, 0, w, hgt);
  const style = getComputedStyle(document.documentElement);
  ctx.strokeStyle = style.getPropertyValue('--line');
  ctx.strokeRect(0.5, 0.5, w - 1, hgt - 1);
  const all = series.flatMap((s) => s.values).filter((v) => Number.isFinite(v));
  const top = max ?? Math.max(1, ...all);
  for (const s of series) {
    const n = s.values.length;
    if (n < 2) continue;
    ctx.strokeStyle = s.color || style.getPropertyValue('--accent');
    ctx.lineWidth = 2;
    ctx.beginPath();
    s.values.forEach((v, i) => {
      const x = (i / (n - 1)) * (w - 4) + 2;
      const y = hgt - 2 - (Math.min(v, top) / top) * (hgt - 4);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
  canvas.setAttribute('aria-label', series.map((s) => `${s.label}: latest ${s.values.at(-1) ?? 'n/a'}`).join('; '));
}

/** The sdk object handed to tabs. */
export const sdk = { api, live, h, render, badge, empty, errorBox, toast, confirmAction, tabKeys, ago, bytes, debounce, lineChart, can, whoami, ApiError };
