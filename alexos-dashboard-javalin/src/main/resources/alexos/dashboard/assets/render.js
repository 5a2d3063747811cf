// Rendering helpers for live pages (part of the SDK, re-exported by sdk.js): what keeps a
// dashboard page responsive under bursts of events on a slow CPU (a Raspberry Pi, a phone).
// Measured by dev.alexos.bench.dashboard.DashboardLoadProbe (docs/performance.md, "Dashboard").

/**
 * Calls `fn` at most once per `ms` while it keeps being asked for (leading and trailing call).
 * Unlike `debounce`, a steady stream of events cannot postpone it forever: under a burst the
 * view still refreshes every `ms`, and once more after the last event.
 */
export function throttle(fn, ms = 1000) {
  let last = 0;
  let timer = null;
  const run = (args) => { timer = null; last = Date.now(); fn(...args); };
  return (...args) => {
    const wait = last + ms - Date.now();
    if (wait <= 0 && !timer) run(args);
    else if (!timer) timer = setTimeout(() => run(args), Math.max(wait, 0));
  };
}

/**
 * Coalesces calls into one per animation frame: a burst of 100 events in one frame costs one
 * DOM update, and a hidden tab (no frames) does no rendering work until it is shown again.
 */
export function perFrame(fn) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fn(); });
  };
}

/**
 * Makes `parent`'s children the nodes of `items`, in order, reusing the node of an item whose
 * `key` and `signature` (a string of what its row shows) are unchanged: refreshing a table of
 * 200 containers where one changed rebuilds one row, not 200. `parent` must hold only
 * nodes made by this function (e.g. a tbody).
 */
export function keyed(parent, items, key, build, signature = () => '') {
  const old = parent.alexosKeyed || new Map();
  const next = new Map();
  for (const item of items) {
    const k = key(item);
    const sig = signature(item);
    let rec = old.get(k);
    if (!rec || rec.sig !== sig || next.has(k)) rec = { node: build(item), sig };
    next.set(k, rec);
  }
  let cur = parent.firstChild;
  for (const rec of next.values()) {
    if (rec.node === cur) cur = cur.nextSibling;
    else parent.insertBefore(rec.node, cur);
  }
  while (cur) {
    const n = cur.nextSibling;
    cur.remove();
    cur = n;
  }
  parent.alexosKeyed = next;
}
