// Watchtower image updates in the dashboard: the preview dialog (both digests, the configuration
// the new container keeps, what the new image supplies), applying the update and showing its
// outcome, and the update history (all containers, and one container's in its detail), kept
// live from the watchtower.update_* events. Everything shown comes from the API's answers.

const UPDATES = '/api/watchtower/updates';

/** Short form of a digest for tables: the first 12 hex digits (the full one is in the title). */
function short(digest) {
  if (!digest) return '—';
  const hex = String(digest).replace(/^sha256:/, '');
  return hex.slice(0, 12);
}

export function createUpdates(sdk, root) {
  const { api, h, render, badge, errorBox, empty, ago, bytes, can } = sdk;
  const css = new URL('./updates.css', import.meta.url).href;
  if (!document.querySelector(`link[href="${css}"]`)) document.head.append(h('link', { rel: 'stylesheet', href: css }));

  /** A <time> with the relative time as text and the exact one as title and datetime. */
  function when(iso) {
    if (!iso) return h('span', { class: 'muted' }, '—');
    return h('time', { datetime: iso, title: new Date(iso).toLocaleString() }, ago(iso));
  }

  function digestCell(u) {
    return h('span', { class: 'digests' },
      h('code', { title: u.old_digest || 'unknown' }, short(u.old_digest)), ' → ',
      h('code', { title: u.new_digest || 'unknown' }, short(u.new_digest)));
  }

  /** The history as a table; `withContainer` adds the container column (the global list). */
  function historyTable(list, { withContainer = true, id } = {}) {
    // One container's history sits in the narrow detail pane: its image is known there.
    const cols = ['When', ...(withContainer ? ['Container'] : []), 'Outcome', 'Reason', ...(withContainer ? ['Image'] : []), 'Digest', 'By'];
    // focusable: the table may scroll sideways in a narrow pane, and keyboard users must reach it
    return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': withContainer ? 'Update history' : 'Updates of this container' },
      h('table', { id, class: 'update-history' },
      h('thead', {}, h('tr', {}, cols.map((c, i) => h('th', { scope: 'col', class: i >= cols.length - (withContainer ? 3 : 2) ? 'hide-narrow' : null }, c)))),
      h('tbody', {}, list.map((u) => h('tr', { dataset: { outcome: u.outcome || 'unknown', container: u.container_name || '' } },
        h('td', {}, when(u.finished_at || u.started_at)),
        withContainer ? h('td', {}, u.container_name || u.container || '—') : null,
        h('td', {}, badge(u.outcome || u.status)),
        h('td', { class: 'reason' }, u.reason || (u.outcome === 'applied' ? 'healthy, old container removed' : '')),
        withContainer ? h('td', { class: 'hide-narrow' }, h('code', {}, u.image || '—')) : null,
        h('td', { class: 'hide-narrow' }, digestCell(u)),
        h('td', { class: 'hide-narrow' }, u.requested_by || '—'))))));
  }

  /** Loads and shows the history into `box` (all containers, or the one named `container`). */
  async function showHistory(box, { container, title = 'Update history', limit = 50 } = {}) {
    const heading = container ? h('h3', {}, title) : h('h2', {}, title);
    try {
      const q = new URLSearchParams({ limit: String(limit) });
      if (container) q.set('container', container);
      const r = await api(`${UPDATES}?${q}`);
      const list = r.updates || [];
      render(box, heading, list.length
        ? historyTable(list, { withContainer: !container, id: container ? 'wt-container-history' : 'wt-history' })
        : empty(container ? 'No updates of this container yet.' : 'No updates yet.'));
    } catch (e) {
      render(box, heading, e.status === 404 ? empty('Image updates are not available in this version.') : errorBox(e));
    }
  }

  // ---- the preview dialog ------------------------------------------------------------------

  const dialog = h('dialog', { id: 'wt-update', class: 'wide', 'aria-labelledby': 'wt-update-title' });
  root.append(dialog);

  function kv(rows) {
    const shown = rows.filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && !v.length) && v !== '');
    if (!shown.length) return h('p', { class: 'muted' }, 'nothing');
    return h('dl', { class: 'kv' }, shown.map(([k, v, key]) => [h('dt', {}, k), h('dd', { dataset: { key: key || k } }, v)]));
  }

  function chips(list) {
    return list && list.length ? h('span', { class: 'chips' }, list.map((x) => h('code', {}, x))) : null;
  }

  function labels(map) {
    const entries = Object.entries(map || {});
    return entries.length ? h('span', { class: 'chips' }, entries.map(([k, v]) => h('code', {}, `${k}=${v}`))) : null;
  }

  function argv(list) {
    return list && list.length ? h('code', {}, list.join(' ')) : null;
  }

  function keptSection(k = {}) {
    return kv([
      ['Environment (names only)', chips(k.env_names), 'env_names'],
      ['Labels', labels(k.labels), 'labels'],
      ['Command', argv(k.command), 'command'],
      ['Entrypoint', argv(k.entrypoint), 'entrypoint'],
      ['User', k.user, 'user'],
      ['Working dir', k.working_dir, 'working_dir'],
      ['Health check', argv(k.health_check), 'health_check'],
      ['Mounts', chips(k.mounts), 'mounts'],
      ['Ports', chips(k.ports), 'ports'],
      ['Restart policy', k.restart_policy, 'restart_policy'],
      ['Network mode', k.network_mode, 'network_mode'],
      ['Memory limit', k.memory ? bytes(k.memory) : null, 'memory'],
      ['CPUs', k.nano_cpus ? String(k.nano_cpus / 1e9) : null, 'nano_cpus'],
    ]);
  }

  function newImageSection(p) {
    if (p.from_new_image_error) return errorBox(`The new image's configuration could not be read: ${p.from_new_image_error}`);
    const n = p.from_new_image;
    if (!n) return h('p', { class: 'muted' }, p.update_available === false ? 'The image is current: nothing new.' : 'Not known.');
    return kv([
      ['Built', n.created ? h('span', {}, when(n.created), ' ', h('span', { class: 'muted' }, `(${new Date(n.created).toLocaleString()})`)) : null, 'created'],
      ['Replaces (came from the old image)', chips(n.replaces), 'replaces'],
      ['Environment (names only)', chips(n.env_names), 'env_names'],
      ['Labels', labels(n.labels), 'labels'],
      ['Command', argv(n.command), 'command'],
      ['Entrypoint', argv(n.entrypoint), 'entrypoint'],
      ['Health check', argv(n.health_check), 'health_check'],
      ['Exposed ports', chips(n.exposed_ports), 'exposed_ports'],
      ['User', n.user, 'user'],
      ['Working dir', n.working_dir, 'working_dir'],
    ]);
  }

  function availability(p) {
    if (p.update_available === true) return [badge('update available'), ' a new build of the tag is in the registry'];
    if (p.update_available === false) return [badge('up to date'), ' ', p.reason || 'the registry serves the digest this container runs'];
    return [badge('unknown'), ' the registry could not be asked'];
  }

  /**
   * Opens the preview of updating container `c` ({id, name}); the operator applies it from
   * the dialog. `onStart()` is called when the update begins, `onDone(record)` with its outcome.
   */
  async function preview(c, { onStart, onDone } = {}) {
    const result = h('div', { id: 'wt-update-result', role: 'status', 'aria-live': 'polite' });
    const cancel = h('button', { type: 'button', class: 'ghost', onclick: () => dialog.close() }, 'Cancel');
    render(dialog, h('h2', { id: 'wt-update-title' }, `Update ${c.name}`), h('p', { class: 'muted' }, 'Asking the registry…'),
      h('div', { class: 'row end' }, cancel));
    if (!dialog.open) dialog.showModal();
    let p;
    try {
      p = await api(`/api/watchtower/containers/${encodeURIComponent(c.id)}/update?dry_run=true`, { method: 'POST' });
    } catch (e) {
      render(dialog, h('h2', { id: 'wt-update-title' }, `Update ${c.name}`), errorBox(e), h('div', { class: 'row end' }, cancel));
      return;
    }
    const monitorOnly = p.policy && p.policy.monitor_only;
    const upToDate = p.update_available === false;
    const apply = h('button', { type: 'button', id: 'wt-update-apply', disabled: monitorOnly || !can('operator') },
      upToDate ? 'Recreate anyway' : 'Update');
    apply.addEventListener('click', () => run(c, upToDate, apply, cancel, result, onStart, onDone));
    render(dialog,
      h('h2', { id: 'wt-update-title' }, `Update ${c.name}`),
      h('p', { id: 'wt-update-availability' }, availability(p)),
      p.error ? errorBox(`Registry: ${p.error}`) : null,
      kv([
        ['Image', h('code', {}, p.image), 'image'],
        ['Endpoint', p.endpoint, 'endpoint'],
        ['Current digest', h('code', { id: 'wt-current-digest' }, p.current_digest || 'unknown (no registry digest locally)'), 'current_digest'],
        ['New digest', p.new_digest ? h('code', { id: 'wt-new-digest' }, p.new_digest) : null, 'new_digest'],
      ]),
      h('section', { id: 'wt-kept', 'aria-labelledby': 'wt-kept-title' },
        h('h3', { id: 'wt-kept-title' }, 'Configuration kept'),
        h('p', { class: 'muted' }, 'What the container was given is carried over; environment values are never shown.'),
        keptSection(p.configuration_kept)),
      h('section', { id: 'wt-fresh', 'aria-labelledby': 'wt-fresh-title' },
        h('h3', { id: 'wt-fresh-title' }, 'From the new image'), newImageSection(p)),
      monitorOnly ? h('p', { class: 'muted' }, 'This container is monitor-only: updates are detected, never applied.') : null,
      h('p', { class: 'muted' }, 'The old container is kept (renamed, stopped) until the new one is healthy, and put back if it is not.'),
      result,
      h('div', { class: 'row end' }, cancel, apply));
    (monitorOnly ? cancel : apply).focus();
  }

  async function run(c, force, apply, cancel, result, onStart, onDone) {
    apply.disabled = true;
    if (onStart) onStart();
    cancel.textContent = 'Close';
    render(result, badge('running'), ' pulling the image, starting the new container and waiting until it is healthy…');
    try {
      const q = force ? '?force=true' : '';
      const r = await api(`/api/watchtower/containers/${encodeURIComponent(c.id)}/update${q}`, { method: 'POST' });
      render(result, h('p', { class: 'outcome' }, badge(r.outcome), ' ',
        r.outcome === 'applied' ? `now running ${short(r.new_digest)} as container ${String(r.new_container_id || '').slice(0, 12)}`
          : r.outcome === 'rolled_back' ? `the original container runs again: ${r.reason}`
            : r.reason || ''),
      h('p', { class: 'muted' }, `took ${((r.finished_at && r.started_at) ? (new Date(r.finished_at) - new Date(r.started_at)) / 1000 : 0).toFixed(1)} s`));
      if (onDone) onDone(r);
    } catch (e) {
      render(result, errorBox(e));
      apply.disabled = false;
    }
    cancel.focus();
  }

  return { showHistory, preview, historyTable };
}
