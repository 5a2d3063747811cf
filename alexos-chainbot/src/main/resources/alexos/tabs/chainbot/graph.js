// Workflow graphs for the ChainBot tab: turns a definition's parsed structure (the `structure`
// of GET /api/chainbot/workflows/{id}) into nodes and edges, lays them out in layers
// (Sugiyama-style: rank by longest path, barycenter ordering to reduce crossings, long edges
// routed through dummy points) and draws them as SVG. Ours rather than a library: the only
// layered-layout WebJar (dagre 0.8.4, 2019) is a 283 KB UMD bundle that sets a global and
// only computes positions; this covers every definition kind the engine accepts (docs/dashboard.md).

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 184;
const GAP_X = 28;
const GAP_Y = 54;
const MARGIN = 16;

/** Step statuses as drawn: text always shown beside the icon, so colour is never the only cue. */
export const STATUS = {
  pending: { icon: '○', cls: 'st-pending' },
  running: { icon: '►', cls: 'st-running' },
  waiting: { icon: '◷', cls: 'st-waiting' },
  waiting_approval: { icon: '⚑', cls: 'st-waiting' },
  completed: { icon: '✓', cls: 'st-completed' },
  failed: { icon: '✗', cls: 'st-failed' },
  skipped: { icon: '↷', cls: 'st-skipped' },
  cancelled: { icon: '⊘', cls: 'st-cancelled' },
  not_run: { icon: '–', cls: 'st-skipped' },
};

const TYPE_ICON = {
  agent_task: '⚙', llm: '✎', api_call: '⇄', transform: 'ƒ', condition: '◇', switch: '◇', parallel: '⇉',
  for_each: '↻', loop: '↻', wait: '◷', approval: '⚑', sub_workflow: '▣', emit_event: '✉',
};

/** A one-line summary of what a step does, from its parsed structure. */
export function detailOf(s) {
  switch (s.type) {
    case 'condition': return `if ${s.if}`;
    case 'switch': return `on ${s.value}`;
    case 'loop': return `while ${s.while}`;
    case 'for_each': return `each of ${s.items}`;
    case 'sub_workflow': return `→ ${s.workflow_id}`;
    case 'agent_task': case 'llm': return s.agent ? `→ ${s.agent}` : '';
    case 'wait': return s.duration ? `for ${s.duration}` : '';
    default: return '';
  }
}

/**
 * Nodes and edges of a workflow. `structure` is the parsed step tree, `mode` the top-level
 * mode (sequential | conditional | parallel | graph). Containers fork to their nested steps:
 * parallel branches join at the next step, condition/switch edges are labelled by branch,
 * loop bodies get a dashed back edge. Each node records the containers (and branches) it sits
 * in (`within`), so a run view can show a branch not taken, or a skipped container's steps, as skipped.
 */
export function buildGraph(structure, mode) {
  const nodes = [];
  const edges = [];
  const seen = new Set();
  const edge = (from, to, label, back) => {
    const key = `${from}->${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, label: label || '', back: !!back, key });
  };
  const step = (s, preds, within) => {
    nodes.push({ id: s.id, type: s.type, name: s.name || s.id, condition: s.condition || '', detail: detailOf(s), within, step: s });
    preds.forEach((p) => edge(p.id, s.id, p.label));
    const kids = s.children || [];
    const branches = s.branches || {};
    switch (s.type) {
      case 'parallel':
        return kids.length ? kids.flatMap((c) => step(c, [{ id: s.id }], [...within, { container: s.id }])) : [{ id: s.id }];
      case 'condition':
      case 'switch': {
        const exits = [];
        for (const [name, list] of Object.entries(branches)) {
          exits.push(...seq(list, [{ id: s.id, label: name }], [...within, { container: s.id, branch: name }]));
        }
        const fallback = s.type === 'condition' ? 'else' : 'default';
        if (!branches[fallback]) exits.push({ id: s.id, label: fallback });
        return exits;
      }
      case 'loop':
      case 'for_each': {
        if (!kids.length) return [{ id: s.id }];
        const exits = seq(kids, [{ id: s.id, label: s.type === 'loop' ? 'while' : 'each' }], [...within, { container: s.id }]);
        exits.forEach((x) => edge(x.id, s.id, 'repeat', true));
        return exits.map((x) => ({ id: x.id }));
      }
      default:
        return [{ id: s.id }];
    }
  };
  const seq = (list, preds, within) => {
    let p = preds;
    for (const s of list) p = step(s, p, within);
    return p;
  };
  const graph = (list, preds) => {
    const exitsOf = new Map();
    const pending = [...list];
    const used = new Set();
    while (pending.length) {
      const i = pending.findIndex((s) => (s.depends_on || []).every((d) => exitsOf.has(d)));
      if (i < 0) throw new Error('the graph has a cycle'); // the engine rejects these on save
      const s = pending.splice(i, 1)[0];
      const deps = s.depends_on || [];
      deps.forEach((d) => used.add(d));
      exitsOf.set(s.id, step(s, deps.length ? deps.flatMap((d) => exitsOf.get(d)) : preds, []));
    }
    return list.filter((s) => !used.has(s.id)).flatMap((s) => exitsOf.get(s.id));
  };
  const list = structure || [];
  if (mode === 'graph') graph(list, []);
  else if (mode === 'parallel') list.forEach((s) => step(s, [], []));
  else seq(list, [], []);
  return { nodes, edges };
}

/** Layered layout. Returns {width, height, pos: Map id → {x, y} (centre), routes: Map edge key → points}. */
export function layout(g, nodeH) {
  const fwd = g.edges.filter((e) => !e.back);
  const ids = g.nodes.map((n) => n.id);
  // 1. rank = longest path from a source (Kahn order; the forward edges are acyclic)
  const rank = new Map(ids.map((id) => [id, 0]));
  const indeg = new Map(ids.map((id) => [id, 0]));
  fwd.forEach((e) => indeg.set(e.to, indeg.get(e.to) + 1));
  const queue = ids.filter((id) => indeg.get(id) === 0);
  while (queue.length) {
    const u = queue.shift();
    for (const e of fwd) {
      if (e.from !== u) continue;
      rank.set(e.to, Math.max(rank.get(e.to), rank.get(u) + 1));
      indeg.set(e.to, indeg.get(e.to) - 1);
      if (indeg.get(e.to) === 0) queue.push(e.to);
    }
  }
  // 2. dummy points on edges spanning several ranks, so that they take part in the ordering
  const width = new Map(ids.map((id) => [id, NODE_W]));
  const chains = new Map();
  const segs = [];
  for (const e of fwd) {
    const chain = [e.from];
    for (let r = rank.get(e.from) + 1; r < rank.get(e.to); r++) {
      const d = `\u0000${e.key}#${r}`;
      rank.set(d, r);
      width.set(d, 12);
      chain.push(d);
    }
    chain.push(e.to);
    chains.set(e.key, chain);
    for (let i = 1; i < chain.length; i++) segs.push([chain[i - 1], chain[i]]);
  }
  const maxRank = Math.max(0, ...rank.values());
  const layers = Array.from({ length: maxRank + 1 }, () => []);
  for (const [id, r] of rank) layers[r].push(id); // insertion order: definition order first
  const preds = new Map([...rank.keys()].map((id) => [id, []]));
  const succs = new Map([...rank.keys()].map((id) => [id, []]));
  segs.forEach(([a, b]) => { succs.get(a).push(b); preds.get(b).push(a); });
  // 3. crossing reduction: barycenter sweeps down and up, keeping the best order seen
  const index = () => { const m = new Map(); layers.forEach((l) => l.forEach((id, i) => m.set(id, i))); return m; };
  const crossings = () => {
    const at = index();
    let c = 0;
    for (let r = 0; r < maxRank; r++) {
      const es = segs.filter(([a]) => rank.get(a) === r).map(([a, b]) => [at.get(a), at.get(b)]);
      for (let i = 0; i < es.length; i++) {
        for (let j = i + 1; j < es.length; j++) {
          if ((es[i][0] - es[j][0]) * (es[i][1] - es[j][1]) < 0) c++;
        }
      }
    }
    return c;
  };
  let best = layers.map((l) => [...l]);
  let bestC = crossings();
  for (let it = 0; it < 8 && bestC > 0; it++) {
    const down = it % 2 === 0;
    for (let k = 1; k <= maxRank; k++) {
      const r = down ? k : maxRank - k;
      const at = index();
      const ref = down ? preds : succs;
      const bary = new Map(layers[r].map((id, i) => {
        const ns = ref.get(id);
        return [id, ns.length ? ns.reduce((s, n) => s + at.get(n), 0) / ns.length : i];
      }));
      layers[r].sort((a, b) => bary.get(a) - bary.get(b));
    }
    const c = crossings();
    if (c < bestC) { bestC = c; best = layers.map((l) => [...l]); }
  }
  best.forEach((l, r) => { layers[r] = l; });
  // 4. x: each node pulled toward its neighbours' mean, keeping order and spacing
  const x = new Map();
  layers.forEach((l) => {
    let cx = 0;
    l.forEach((id) => { x.set(id, cx + width.get(id) / 2); cx += width.get(id) + GAP_X; });
  });
  const place = (r, ref) => {
    const l = layers[r];
    const want = l.map((id) => { const ns = ref.get(id); return ns.length ? ns.reduce((s, n) => s + x.get(n), 0) / ns.length : x.get(id); });
    const got = [];
    l.forEach((id, i) => {
      const min = i ? got[i - 1] + (width.get(l[i - 1]) + width.get(id)) / 2 + GAP_X : -Infinity;
      got.push(Math.max(want[i], min));
    });
    const shift = want.reduce((s, w, i) => s + w - got[i], 0) / (l.length || 1);
    l.forEach((id, i) => x.set(id, got[i] + shift));
  };
  for (let it = 0; it < 4; it++) {
    for (let r = 1; r <= maxRank; r++) place(r, preds);
    for (let r = maxRank - 1; r >= 0; r--) place(r, succs);
  }
  const minX = Math.min(...[...x].map(([id, v]) => v - width.get(id) / 2));
  const hasBack = g.edges.some((e) => e.back);
  const pos = new Map();
  for (const [id, v] of x) pos.set(id, { x: v - minX + MARGIN, y: MARGIN + rank.get(id) * (nodeH + GAP_Y) + nodeH / 2 });
  const maxX = Math.max(...[...x].map(([id, v]) => v - minX + width.get(id) / 2));
  const routes = new Map();
  for (const [key, chain] of chains) routes.set(key, chain.map((id) => pos.get(id)));
  return { width: maxX + MARGIN * 2 + (hasBack ? 48 : 0), height: MARGIN * 2 + (maxRank + 1) * nodeH + maxRank * GAP_Y, pos, routes };
}

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v);
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const clip = (t, n) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);
let ids = 0;

/**
 * Draws the graph. Options: `title` (the accessible name), `interactive` (nodes become
 * focusable buttons calling `onSelect(id)`; the SVG is then a group, not an image),
 * `withStatus` (room for a status line per node). Returns {svg, setStatus(id, status, note)}.
 */
export function drawGraph(g, { title, interactive = false, withStatus = false, onSelect } = {}) {
  const nodeH = withStatus ? 64 : 46;
  const L = layout(g, nodeH);
  const uid = `wfg${++ids}`;
  const summary = g.edges.length ? `Edges: ${g.edges.map((e) => `${e.from} → ${e.to}${e.label ? ` (${e.label})` : ''}`).join(', ')}.` : 'No edges.';
  const svg = s('svg', {
    class: 'wf-graph', width: Math.ceil(L.width), height: Math.ceil(L.height), viewBox: `0 0 ${Math.ceil(L.width)} ${Math.ceil(L.height)}`,
    role: interactive ? 'group' : 'img', 'aria-labelledby': `${uid}-t`, 'aria-describedby': `${uid}-d`,
    'data-nodes': g.nodes.length, 'data-edges': g.edges.length,
  },
  s('title', { id: `${uid}-t` }, title || 'Workflow graph'),
  s('desc', { id: `${uid}-d` }, `${g.nodes.length} steps. ${summary}`),
  s('defs', {}, s('marker', { id: `${uid}-a`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'wf-arrow', fill: 'currentColor' }))));
  const edgeLayer = s('g', { class: 'wf-edges', 'aria-hidden': 'true' });
  const nodeLayer = s('g', { class: 'wf-nodes' });
  svg.append(edgeLayer, nodeLayer);
  // ports: edges leaving (entering) a node are spread along its bottom (top) edge in the order
  // of where they go (come from), so that they do not all meet in one point
  const port = new Map();
  const spread = (list, key) => {
    list.sort((a, b) => a.toward - b.toward);
    const step = list.length > 1 ? Math.min(26, (NODE_W - 48) / (list.length - 1)) : 0;
    list.forEach((x, i) => port.set(`${x.edge}:${key}`, (i - (list.length - 1) / 2) * step));
  };
  const outs = new Map();
  const ins = new Map();
  for (const e of g.edges.filter((x) => !x.back)) {
    const r = L.routes.get(e.key);
    if (!outs.has(e.from)) outs.set(e.from, []);
    if (!ins.has(e.to)) ins.set(e.to, []);
    outs.get(e.from).push({ edge: e.key, toward: r[1].x });
    ins.get(e.to).push({ edge: e.key, toward: r[r.length - 2].x });
  }
  outs.forEach((l) => spread(l, 'out'));
  ins.forEach((l) => spread(l, 'in'));
  for (const e of g.edges) {
    let d;
    let lx;
    let ly;
    if (e.back) {
      const a = L.pos.get(e.from);
      const b = L.pos.get(e.to);
      const r = NODE_W / 2;
      const bulge = Math.max(a.x, b.x) + r + 40;
      d = `M${a.x + r},${a.y} C${bulge},${a.y} ${bulge},${b.y} ${b.x + r + 2},${b.y}`;
      lx = bulge - 8;
      ly = (a.y + b.y) / 2;
    } else {
      // curves between layers; through a layer (a dummy point) a straight line the height of
      // the nodes, so that a long edge never cuts across a node of the layer it passes
      const r = L.routes.get(e.key);
      const pts = [{ x: r[0].x + port.get(`${e.key}:out`), y: r[0].y + nodeH / 2 }];
      for (let i = 1; i < r.length - 1; i++) pts.push({ x: r[i].x, y: r[i].y - nodeH / 2, through: true }, { x: r[i].x, y: r[i].y + nodeH / 2 });
      pts.push({ x: r[r.length - 1].x + port.get(`${e.key}:in`), y: r[r.length - 1].y - nodeH / 2 - 2 });
      d = `M${pts[0].x},${pts[0].y}`;
      for (let i = 1; i < pts.length; i++) {
        if (pts[i - 1].through) { d += ` L${pts[i].x},${pts[i].y}`; continue; }
        const dy = (pts[i].y - pts[i - 1].y) / 2;
        d += ` C${pts[i - 1].x},${pts[i - 1].y + dy} ${pts[i].x},${pts[i].y - dy} ${pts[i].x},${pts[i].y}`;
      }
      lx = (pts[0].x + pts[1].x) / 2;
      ly = pts[0].y + Math.min(22, (pts[1].y - pts[0].y) / 2);
    }
    edgeLayer.append(s('g', { class: `wf-edge${e.back ? ' back' : ''}`, 'data-edge': e.key, 'data-label': e.label || null },
      s('path', { d, 'marker-end': `url(#${uid}-a)`, fill: 'none', stroke: 'currentColor' }),
      e.label ? s('text', { x: lx, y: ly, 'text-anchor': 'middle', class: 'wf-elabel' }, e.label) : null));
  }
  const byId = new Map();
  for (const n of g.nodes) {
    const p = L.pos.get(n.id);
    const line2 = `${TYPE_ICON[n.type] || '•'} ${n.type}${n.detail ? ` · ${n.detail}` : ''}`;
    const full = `${n.id} (${n.type})${n.name !== n.id ? ` “${n.name}”` : ''}${n.detail ? `: ${n.detail}` : ''}${n.condition ? `; runs only if ${n.condition}` : ''}`;
    const status = withStatus ? s('text', { x: 10, y: 54, class: 'wf-status' }) : null;
    const node = s('g', {
      class: 'wf-node', 'data-node': n.id, 'data-type': n.type, transform: `translate(${p.x - NODE_W / 2},${p.y - nodeH / 2})`,
      tabindex: interactive ? 0 : null, role: interactive ? 'button' : null, 'aria-label': interactive ? full : null,
    },
    s('title', {}, full),
    s('rect', { width: NODE_W, height: nodeH, rx: 8, fill: 'none', stroke: 'currentColor' }),
    s('text', { x: 10, y: 18, class: 'wf-id' }, clip(n.id, 22)),
    n.condition ? s('text', { x: NODE_W - 8, y: 18, 'text-anchor': 'end', class: 'wf-cond' }, 'if…') : null,
    s('text', { x: 10, y: 35, class: 'wf-type' }, clip(line2, 27)),
    status);
    if (interactive) {
      node.addEventListener('click', () => onSelect && onSelect(n.id));
      node.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); if (onSelect) onSelect(n.id); }
      });
    }
    byId.set(n.id, { node, status, full });
    nodeLayer.append(node);
  }
  return {
    svg,
    /** Shows a step's status on its node: icon and text (and colour through the class). */
    setStatus(id, st, note) {
      const x = byId.get(id);
      if (!x) return;
      const info = STATUS[st] || STATUS.pending;
      x.node.setAttribute('data-status', st);
      x.node.setAttribute('class', `wf-node ${info.cls}`);
      const text = `${info.icon} ${st.replace(/_/g, ' ')}${note ? ` · ${note}` : ''}`;
      if (x.status) x.status.textContent = clip(text, 30);
      if (interactive) x.node.setAttribute('aria-label', `${x.full}: ${st.replace(/_/g, ' ')}${note ? `, ${note}` : ''}`);
    },
    select(id) {
      byId.forEach((x, k) => x.node.classList.toggle('selected', k === id));
    },
  };
}

/** The text alternative and list view: the steps as a nested list (containers hold their branches). */
export function stepList(h, structure, mode) {
  const item = (st) => h('li', { dataset: { node: st.id } },
    h('strong', {}, st.id), ` — ${st.type}`, detailOf(st) ? ` ${detailOf(st)}` : '',
    st.condition ? h('span', { class: 'muted' }, ` (only if ${st.condition})`) : null,
    (st.depends_on || []).length ? h('span', { class: 'muted' }, ` after ${st.depends_on.join(', ')}`) : null,
    (st.children || []).length ? h('ol', {}, st.children.map(item)) : null,
    Object.keys(st.branches || {}).length ? h('ul', {}, Object.entries(st.branches).map(([b, list]) =>
      h('li', {}, h('em', {}, b), h('ol', {}, list.map(item))))) : null);
  return h(mode === 'parallel' ? 'ul' : 'ol', { class: 'wf-list' }, (structure || []).map(item));
}

const ACTIVE = ['running', 'waiting', 'waiting_approval'];
const TERMINAL_RUN = ['completed', 'failed', 'cancelled'];

/**
 * Each node's status from the run's step records (several per step in loops: an active one
 * wins, else the latest). A step inside a condition/switch branch that was not taken (the
 * container completed with another `branch` in its output) is `skipped`; a step without a
 * record is `pending` while the run is active and `not_run` once it has ended.
 */
export function stepStatuses(g, records, runStatus) {
  const by = new Map();
  for (const r of records) {
    const id = r.step_id || r.id;
    if (!by.has(id)) by.set(id, []);
    by.get(id).push(r);
  }
  const out = new Map();
  const pick = (id) => {
    const rs = by.get(id) || [];
    if (!rs.length) return null;
    return rs.find((r) => ACTIVE.includes(r.status)) || rs[rs.length - 1];
  };
  for (const n of g.nodes) {
    const rs = by.get(n.id) || [];
    const rec = pick(n.id);
    let status = rec ? rec.status : TERMINAL_RUN.includes(runStatus) ? 'not_run' : 'pending';
    let note = rs.length > 1 ? `×${rs.length}` : rec && rec.attempts > 1 ? `attempt ${rec.attempts}` : '';
    if (!rec) {
      for (const w of n.within) {
        const c = pick(w.container);
        if (c && c.status === 'skipped') {
          status = 'skipped';
          note = `${w.container} skipped`;
        } else if (w.branch !== undefined && c && c.status === 'completed' && c.output && (c.output.branch ?? null) !== w.branch) {
          status = 'skipped';
          note = 'branch not taken';
        }
      }
    }
    out.set(n.id, { status, note, record: rec, records: rs });
  }
  return out;
}
