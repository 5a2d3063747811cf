// Installed by DashboardLoadProbe in every page before the dashboard's own scripts run
// (Playwright addInitScript). Records, in the page's own clock (performance.now(), ms since
// navigation start): when #conn first reads "live", when the page's data first rendered, long
// tasks; and, once window.__perf.track is set, when each event row (li[data-seq]) and each
// container row state (tr[data-name][data-state]) first appeared in the DOM (epoch ms).
(() => {
  const MIN_ROWS = __MIN_ROWS__;
  const p = window.__perf = { t: {}, longtasks: [], seen: {}, rows: {}, track: false, mutations: 0 };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) p.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    p.longtaskError = String(e);
  }
  const content = () => {
    const path = location.pathname.replace(/\/$/, '');
    if (path.endsWith('/watchtower')) return document.querySelectorAll('#containers tbody tr').length >= MIN_ROWS;
    if (path.endsWith('/chainbot')) return !!document.querySelector('main .badge');
    if (location.hash === '#events') return !!document.querySelector('ul.events li[data-seq]');
    return !!document.querySelector('#panel-summary .stat');
  };
  const check = () => {
    if (!p.t.live) {
      const c = document.getElementById('conn');
      if (c && c.textContent.trim() === 'live') p.t.live = performance.now();
    }
    if (!p.t.content && content()) p.t.content = performance.now();
  };
  const now = () => performance.timeOrigin + performance.now();
  const note = (el, t) => {
    if (el.nodeType !== 1) return;
    if (el.matches('li[data-seq]')) {
      if (!(el.dataset.seq in p.seen)) p.seen[el.dataset.seq] = t;
    } else if (el.matches('tr[data-name][data-state]')) {
      // data-state may carry the exit code ("exited (137)"): the bus event has the bare status
      const k = el.dataset.name + '|' + el.dataset.state.split(' ')[0];
      if (!(k in p.rows)) p.rows[k] = t;
    }
    for (const c of el.querySelectorAll('li[data-seq], tr[data-name][data-state]')) note(c, t);
  };
  const observer = new MutationObserver((muts) => {
    check();
    if (!p.track) return;
    const t = now();
    for (const m of muts) {
      p.mutations++;
      if (m.type === 'attributes') note(m.target, t);
      else m.addedNodes.forEach((n) => note(n, t));
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state'] });
})();
