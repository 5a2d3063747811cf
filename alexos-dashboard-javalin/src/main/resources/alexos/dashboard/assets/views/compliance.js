// Compliance: each check with status, evidence and remediation; the score computed by the
// server from the checks; the ledger's verification and head hash. Nothing here is computed
// from constants.
export function mountCompliance(el, sdk) {
  const { api, h, render, badge, errorBox, empty, live, debounce } = sdk;
  const top = h('div', { class: 'grid' });
  const list = h('div', {});
  render(el, top, h('div', { style: 'margin-top:12px' }, list));

  async function load() {
    const [report, verify] = await Promise.allSettled([api('/api/compliance'), api('/api/ledger/verify')]);
    const cards = [];
    if (report.status === 'fulfilled') {
      const r = report.value;
      cards.push(h('div', { class: 'panel' }, h('div', { class: 'muted' }, 'Compliance score'),
        h('div', { class: 'stat', id: 'compliance-score' }, r.score === null || r.score === undefined ? 'n/a' : `${r.score}%`),
        h('div', { class: 'muted' }, `computed from ${(r.checks || r.results || []).length} checks`)));
      const checks = r.checks || r.results || [];
      render(list, checks.length ? checks.map(check) : empty('No compliance checks are registered.'));
    } else {
      render(list, errorBox(report.reason));
    }
    if (verify.status === 'fulfilled') {
      const v = verify.value;
      cards.push(h('div', { class: 'panel' }, h('div', { class: 'muted' }, 'Ledger'),
        h('div', { class: 'stat' }, badge(v.ok ? 'ok' : 'failed')),
        h('div', {}, `${v.entries_checked} entries checked`),
        v.first_bad_seq ? h('div', { class: 's-bad' }, `first damaged entry: #${v.first_bad_seq} (${v.problem})`) : null,
        h('div', { class: 'muted' }, 'head ', h('code', { title: v.head_hash }, String(v.head_hash || '').slice(0, 16) + '…'))));
    } else {
      cards.push(errorBox(verify.reason));
    }
    render(top, cards);
  }

  function check(c) {
    return h('details', { class: 'panel', style: 'margin-bottom:8px', open: c.status === 'fail' || c.status === 'error' },
      h('summary', {}, h('span', { class: 'row' }, badge(c.status), h('strong', {}, c.title),
        h('span', { class: 'muted' }, `${c.severity} · ${c.check_id || c.id}`))),
      h('p', {}, c.summary),
      (c.evidence || []).length ? h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Subject', 'Setting', 'Value'].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, c.evidence.map((e) => h('tr', {}, h('td', {}, e.subject), h('td', {}, h('code', {}, e.setting)), h('td', {}, e.value)))))) : null,
      c.remediation ? h('p', {}, h('strong', {}, 'How to fix: '), c.remediation) : null);
  }

  load().catch((e) => render(list, errorBox(e)));
  const refresh = debounce(() => load().catch(() => {}), 1000);
  return live.subscribe(['watchtower.*', 'core.*'], refresh);
}
