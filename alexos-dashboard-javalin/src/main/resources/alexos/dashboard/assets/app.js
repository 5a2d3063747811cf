// The dashboard shell: navigation, theme, connection status, and routing between the overview
// (with its Summary, Agents, Events, Compliance and ChainBot tabs) and the plugin pages.
import { api, live, h, render, errorBox, loadMe, whoami, sdk, tabKeys } from './sdk.js';
import { mountSummary } from './views/summary.js';
import { mountAgents } from './views/agents.js';
import { mountEvents } from './views/events.js';
import { mountCompliance } from './views/compliance.js';

const main = document.getElementById('main');
let cleanup = null;
let pluginTabs = [];

function setupTheme() {
  const saved = localStorage.getItem('alexos.theme');
  if (saved) document.documentElement.dataset.theme = saved;
  document.getElementById('theme').addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme === 'dark'
      || (!document.documentElement.dataset.theme && matchMedia('(prefers-color-scheme: dark)').matches);
    const next = dark ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('alexos.theme', next);
  });
}

// The skip link moves focus to the main region without touching the URL's hash (the overview's
// tabs live in the hash, so "#main" would switch the tab).
function setupSkipLink() {
  document.querySelector('.skip').addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
  });
}

function setupConnection() {
  const el = document.getElementById('conn');
  live.onStatus((s) => {
    el.textContent = s === 'live' ? 'live' : s === 'down' ? 'reconnecting…' : 'connecting…';
    el.className = `conn ${s}`;
  });
}

function entryUrl(tab) {
  return tab.entry_url || `/dashboard/tabs/${tab.id}/${tab.entry_module || 'tab.js'}`;
}

function renderNav(current) {
  const links = [{ id: '', title: 'Overview' }, ...pluginTabs];
  render(document.getElementById('nav'), links.map((t) => h('a', {
    href: `/dashboard/${t.id}`,
    'aria-current': t.id === current ? 'page' : null,
  }, t.title)));
}

const OVERVIEW_TABS = [
  { id: 'summary', title: 'Summary', mount: mountSummary },
  { id: 'agents', title: 'Agents', mount: mountAgents },
  { id: 'events', title: 'Events', mount: mountEvents },
  { id: 'compliance', title: 'Compliance', mount: mountCompliance },
  { id: 'chainbot', title: 'ChainBot', plugin: 'chainbot' },
];

function overview() {
  const wanted = location.hash.slice(1) || 'summary';
  const tabs = OVERVIEW_TABS.filter((t) => !t.plugin || pluginTabs.some((p) => p.id === t.plugin));
  const active = tabs.find((t) => t.id === wanted) || tabs[0];
  // Selecting a tab re-renders the tab bar: keep the keyboard user's focus on the (new) active tab.
  const focusTab = document.activeElement?.getAttribute('role') === 'tab' && main.contains(document.activeElement);
  const body = h('section', { id: `panel-${active.id}`, role: 'tabpanel', 'aria-labelledby': `tab-${active.id}` });
  const bar = h('div', { class: 'tabbar', role: 'tablist', 'aria-label': 'Overview sections' }, tabs.map((t) => h('button', {
    id: `tab-${t.id}`, role: 'tab', type: 'button', 'aria-selected': String(t === active), 'aria-controls': `panel-${t.id}`,
    tabindex: t === active ? '0' : '-1', // roving tabindex: Tab enters the list on the active tab, arrows move
    onclick: () => { location.hash = t.id; },
    onkeydown: (e) => tabKeys(e, tabs, t, (next) => { location.hash = next.id; }),
  }, t.title)));
  render(main, h('h1', {}, 'ALEX OS'), bar, body);
  if (focusTab) document.getElementById(`tab-${active.id}`).focus();
  if (active.plugin) return mountPlugin(pluginTabs.find((p) => p.id === active.plugin), body);
  return active.mount(body, sdk);
}

async function mountPlugin(tab, el) {
  try {
    const mod = await import(entryUrl(tab));
    return mod.mount(el, sdk);
  } catch (e) {
    render(el, errorBox(new Error(`The ${tab.title} tab could not be loaded: ${e.message}`)));
    return null;
  }
}

async function route() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  const id = location.pathname.replace(/^\/dashboard\/?/, '').replace(/\/$/, '');
  renderNav(id);
  if (!id) {
    cleanup = await overview();
    return;
  }
  const tab = pluginTabs.find((t) => t.id === id);
  if (!tab) {
    render(main, h('h1', {}, 'Not found'), errorBox(new Error(`No dashboard page '${id}'. Is its plugin loaded?`)));
    return;
  }
  document.title = `${tab.title} · ALEX OS`;
  const el = h('section', { 'aria-label': tab.title });
  render(main, el);
  cleanup = await mountPlugin(tab, el);
}

async function start() {
  setupTheme();
  setupSkipLink();
  setupConnection();
  try {
    await loadMe();
    const me = whoami();
    document.getElementById('whoami').textContent = `${me.name} (${me.role})`;
    const tabs = await api('/api/dashboard/tabs');
    pluginTabs = (tabs.tabs || []).sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  } catch (e) {
    render(main, errorBox(e));
    return;
  }
  window.addEventListener('hashchange', () => { if (location.pathname.replace(/\/$/, '') === '/dashboard') route(); });
  live.ensure();
  await route();
}

start();
