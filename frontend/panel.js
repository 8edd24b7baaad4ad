// The "under the hood" panel beside (or below) the terminal: live pictures of the learner's own
// sandbox, one section at a time. While it is open, one server-sent event stream
// (/api/sandbox/panel?section=...) pushes a new picture when something changed, at most about
// once a second; closed, it reads nothing. A lesson opens it with a link to #panel-<section>.
// Every word comes from words.js. The pure parts (tree, sizes, the map) are exported for tests.

import { say } from './words.js';

export const SECTIONS = ['processes', 'walls', 'layers', 'limits', 'docker'];
const PLACE_KEY = 'dockerlab.panelPlace';
const OPEN_KEY = 'dockerlab.panelOpen';
const SECTION_KEY = 'dockerlab.panelSection';
const RETRY_MS = 2000;
const HIGHLIGHT_MS = 4000;

// ---- pure helpers ----

/** Bytes as a person reads them: 0 B, 12 KiB, 3.4 MiB, 1.0 GiB. */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The processes as a tree, depth first: [{process, depth}], children under their parent, by host PID. */
export function processTree(processes) {
  const byParent = new Map();
  const known = new Set(processes.map((p) => p.pidOnHost));
  for (const p of processes) {
    const parent = known.has(p.parentOnHost) ? p.parentOnHost : null;
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent).push(p);
  }
  const out = [];
  const seen = new Set();
  const walk = (parent, depth) => {
    for (const p of (byParent.get(parent) ?? []).sort((a, b) => a.pidOnHost - b.pidOnHost)) {
      if (seen.has(p.pidOnHost)) continue; // a loop cannot happen, but never hang the page on one
      seen.add(p.pidOnHost);
      out.push({ process: p, depth });
      walk(p.pidOnHost, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/**
 * The learner's Docker engine as lanes: one per network with the containers on it, and one
 * (network null) for containers on none.
 */
export function dockerLanes(engine) {
  const containers = engine?.containers ?? [];
  const networks = (engine?.networks ?? []).map((n) => n.name);
  const lanes = networks.map((name) => ({ network: name, containers: containers.filter((c) => (c.networks ?? []).includes(name)) }));
  const loose = containers.filter((c) => !(c.networks ?? []).some((n) => networks.includes(n)));
  if (loose.length) lanes.push({ network: null, containers: loose });
  // the default networks with nothing on them say little: keep them, but after the busy ones
  return lanes.sort((a, b) => (b.containers.length > 0) - (a.containers.length > 0));
}

/** Share of a limit in percent, 0..100, or null without a limit. */
export function share(used, limit) {
  if (!Number.isFinite(used) || !Number.isFinite(limit) || limit <= 0) return null;
  return Math.max(0, Math.min(100, (used / limit) * 100));
}

/** The section a link's #panel-<section> names, or null. */
export function sectionOfHash(hash) {
  const match = /^#panel-([a-z]+)$/.exec(hash ?? '');
  return match && SECTIONS.includes(match[1]) ? match[1] : null;
}

// ---- drawing ----

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'title' || key === 'lang') {
      node.setAttribute(key, String(value));
    } else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function drawProcesses({ processes }) {
  const rows = processTree(processes ?? []).map(({ process: p, depth }) => el('li', {
    class: `proc${p.foreground ? ' is-foreground' : ''}`,
    'data-pid-host': p.pidOnHost,
    'data-pid-inside': p.pidInContainer ?? '',
    style: `--depth: ${depth}`,
  },
  el('code', { class: 'proc-command', title: p.command }, p.command),
  p.foreground ? el('span', { class: 'proc-foreground' }, say('panelForeground')) : null,
  el('span', { class: 'pid pid-inside', title: say('panelPidInsideTitle') }, say('panelPidInside'), ' ', el('b', {}, p.pidInContainer ?? '?')),
  el('span', { class: 'pid pid-host', title: say('panelPidHostTitle') }, say('panelPidHost'), ' ', el('b', {}, p.pidOnHost))));
  return [
    el('p', { class: 'panel-lead' }, say('panelProcessesLead')),
    el('ul', { class: 'proc-tree' }, rows),
  ];
}

function drawWalls({ kernel, runtime, hostname, namespaces }) {
  const gvisor = runtime === 'runsc';
  return [
    el('dl', { class: 'facts-list' },
      el('dt', {}, say('panelKernel')), el('dd', {}, el('code', { 'data-fact': 'kernel' }, kernel || '–'),
        ' ', el('span', { class: 'muted' }, gvisor ? say('panelKernelGvisor') : say('panelKernelShared'))),
      el('dt', {}, say('panelRuntime')), el('dd', {}, el('code', { 'data-fact': 'runtime' }, runtime)),
      el('dt', {}, say('panelHostname')), el('dd', {}, el('code', {}, hostname || '–'))),
    el('table', { class: 'ns-table' },
      el('thead', {}, el('tr', {}, el('th', {}, say('panelNamespace')), el('th', {}, say('panelSandbox')), el('th', {}, say('panelHost')), el('th', {}, ''))),
      el('tbody', {}, (namespaces ?? []).map((n) => el('tr', { class: n.shared ? 'is-shared' : 'is-own', 'data-ns': n.kind },
        el('th', { scope: 'row' }, n.kind),
        el('td', {}, el('code', {}, n.sandbox || '–')),
        el('td', {}, el('code', {}, n.host || '–')),
        el('td', { class: 'ns-verdict' }, n.shared ? say('panelShared') : say('panelOwnWall')))))),
  ];
}

const CHANGE_WORDS = { added: 'panelChangeAdded', changed: 'panelChangeChanged', deleted: 'panelChangeDeleted' };
const FILE_WORDS = { file: 'panelFileFile', directory: 'panelFileDirectory', link: 'panelFileLink' };

function drawLayers({ image, layers, readOnlyRoot, writable, changes, files, cut }) {
  const top = el('div', { class: 'layer layer-writable', 'data-layer': 'writable' },
    el('div', { class: 'layer-head' }, el('strong', {}, say('panelWritable')), ' ',
      el('span', { class: 'muted' }, readOnlyRoot ? say('panelWritableTmpfs', { paths: (writable ?? []).join(', ') }) : say('panelWritableLayer'))),
    el('ul', { class: 'changes' },
      (changes ?? []).map((c) => el('li', { class: `change change-${c.kind}`, 'data-path': c.path },
        el('span', { class: 'change-kind' }, say(CHANGE_WORDS[c.kind] ?? 'panelChangeChanged')), ' ', el('code', {}, c.path))),
      (files ?? []).map((f) => el('li', { class: `change change-file change-${f.type}`, 'data-path': f.path },
        el('span', { class: 'change-kind' }, say(FILE_WORDS[f.type] ?? 'panelFileFile')), ' ', el('code', {}, f.path),
        f.type === 'file' ? el('span', { class: 'muted' }, ` ${formatBytes(f.sizeBytes)}`) : null))),
    !(changes ?? []).length && !(files ?? []).length ? el('p', { class: 'muted' }, say('panelNothingWritten')) : null,
    cut ? el('p', { class: 'muted' }, say('panelCut')) : null);
  const stack = [...(layers ?? [])].reverse().map((l) => el('li', { class: `layer layer-image${l.sizeBytes ? '' : ' is-empty'}` },
    el('span', { class: 'layer-size' }, formatBytes(l.sizeBytes)),
    el('code', { class: 'layer-by', title: l.createdBy }, l.createdBy || '–')));
  return [
    el('p', { class: 'panel-lead' }, say('panelLayersLead', { image: image ?? '' })),
    top,
    el('p', { class: 'layer-caption' }, say('panelImageLayers')),
    el('ol', { class: 'layer-stack' }, stack),
  ];
}

function gauge(name, label, used, limit, text) {
  const percent = share(used, limit);
  return el('div', { class: 'gauge', 'data-gauge': name, 'data-value': used ?? '', 'data-percent': percent === null ? '' : percent.toFixed(1) },
    el('div', { class: 'gauge-label' }, el('strong', {}, label), ' ', el('span', {}, text)),
    el('div', { class: 'gauge-track', role: 'meter', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-valuenow': percent === null ? 0 : Math.round(percent) },
    el('div', { class: `gauge-fill${percent !== null && percent > 85 ? ' is-high' : ''}`, style: `width: ${percent ?? 0}%` })));
}

function drawLimits(l) {
  const cpuLimitPercent = l.cpus ? l.cpus * 100 : null;
  return [
    el('p', { class: 'panel-lead' }, say('panelLimitsLead')),
    gauge('memory', say('panelMemory'), l.memoryBytes, l.memoryLimitBytes,
      `${formatBytes(l.memoryBytes)} / ${l.memoryLimitBytes ? formatBytes(l.memoryLimitBytes) : say('panelNoLimit')}`),
    gauge('cpu', say('panelCpu'), l.cpuPercent, cpuLimitPercent,
      `${l.cpuPercent ?? '–'}% / ${cpuLimitPercent ? `${Math.round(cpuLimitPercent)}%` : say('panelNoLimit')}`),
    gauge('pids', say('panelPids'), l.pids, l.pidsLimit, `${l.pids ?? '–'} / ${l.pidsLimit ?? say('panelNoLimit')}`),
    l.oomKills > 0 ? el('p', { class: 'oom', role: 'alert', 'data-oom': l.oomKills }, say('panelOom', { count: l.oomKills })) : null,
  ];
}

function drawDocker({ engine, notes }) {
  if (!engine) return [el('p', { class: 'panel-lead' }, say('panelNoDocker'))];
  if (!engine.running) return [el('p', { class: 'panel-lead' }, say('panelDockerStarting'))];
  const lanes = dockerLanes(engine).map((lane) => el('section', { class: 'net-lane', 'data-network': lane.network ?? '' },
    el('h4', {}, lane.network === null ? say('panelNoNetwork') : say('panelNetwork', { name: lane.network })),
    el('div', { class: 'net-containers' },
      lane.containers.length ? lane.containers.map((c) => el('div', { class: `box box-${c.state}`, 'data-container': c.name },
        el('strong', {}, c.name), el('span', { class: 'box-image' }, c.image),
        el('span', { class: 'box-state' }, c.status || c.state),
        (c.ports ?? []).map((p) => el('span', { class: 'box-port', 'data-port': p }, `⇢ ${p}`)),
        (c.volumes ?? []).map((v) => el('span', { class: 'box-volume' }, `⛁ ${v}`))))
        : el('span', { class: 'muted' }, say('panelEmptyNetwork')))));
  return [
    el('p', { class: 'panel-lead' }, say('panelDockerLead')),
    el('div', { class: 'net-map' }, lanes),
    el('h4', {}, say('panelImages')),
    el('ul', { class: 'image-list' }, (engine.images ?? []).map((i) => el('li', { 'data-image': (i.tags ?? [])[0] ?? i.id },
      el('code', {}, (i.tags ?? []).join(', ') || i.id), ' ', el('span', { class: 'muted' }, formatBytes(i.sizeBytes))))),
    (engine.volumes ?? []).length ? el('h4', {}, say('panelVolumes')) : null,
    el('ul', { class: 'image-list' }, (engine.volumes ?? []).map((v) => el('li', {}, el('code', {}, v.name)))),
    (notes ?? []).map((n) => el('p', { class: 'muted' }, n)),
  ];
}

const DRAW = { processes: drawProcesses, walls: drawWalls, layers: drawLayers, limits: drawLimits, docker: drawDocker };

// ---- the panel ----

/** Wires the panel: its toggle, tabs, placement, the stream, and lesson links to #panel-<section>. */
export function setUpPanel({ panel, toggle, pane, onLayout }) {
  const body = panel.querySelector('.panel-body');
  const tabs = [...panel.querySelectorAll('[role="tab"]')];
  const place = panel.querySelector('.panel-place');
  let source = null;
  let retry = 0;
  let section = SECTIONS.includes(read(SECTION_KEY)) ? read(SECTION_KEY) : 'processes';

  const setPlace = (where) => {
    pane.dataset.panel = where;
    place.textContent = where === 'beside' ? say('panelPlaceBelow') : say('panelPlaceBeside');
    place.setAttribute('aria-label', place.textContent);
    write(PLACE_KEY, where);
    onLayout();
  };

  const stop = () => {
    clearTimeout(retry);
    if (source) source.close();
    source = null;
  };

  const listen = () => {
    stop();
    body.dataset.state = 'loading';
    const stream = new EventSource(`/api/sandbox/panel?section=${encodeURIComponent(section)}`);
    source = stream;
    stream.onmessage = (event) => {
      let update;
      try {
        update = JSON.parse(event.data);
      } catch {
        return;
      }
      if (update.section === 'ended') {
        // the sandbox went (a reset, the reaper): try again while the panel is open
        stream.close();
        retry = setTimeout(() => { if (isOpen()) listen(); }, RETRY_MS);
        return;
      }
      if (update.section !== section) return;
      body.dataset.state = 'live';
      body.replaceChildren(...DRAW[section](update.data ?? {}).flat(2).filter(Boolean));
    };
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED && source === stream) {
        // refused (no sandbox yet, too many panels): the browser gives up, so we try again
        body.dataset.state = 'waiting';
        if (!body.childElementCount) body.replaceChildren(el('p', { class: 'muted' }, say('panelWaiting')));
        retry = setTimeout(() => { if (isOpen()) listen(); }, RETRY_MS);
      }
    };
  };

  const isOpen = () => !panel.hidden;

  const show = (name) => {
    section = name;
    write(SECTION_KEY, name);
    for (const tab of tabs) {
      const selected = tab.dataset.section === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    body.setAttribute('aria-labelledby', `panel-tab-${name}`);
    body.dataset.section = name;
    body.replaceChildren(el('p', { class: 'muted' }, say('panelWaiting')));
    if (isOpen()) listen();
  };

  const open = (name = section) => {
    panel.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    write(OPEN_KEY, '1');
    onLayout();
    show(name);
  };

  const close = () => {
    stop();
    panel.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    write(OPEN_KEY, '0');
    onLayout();
  };

  toggle.addEventListener('click', () => (isOpen() ? close() : open()));
  panel.querySelector('.panel-close').addEventListener('click', () => { close(); toggle.focus(); });
  place.addEventListener('click', () => setPlace(pane.dataset.panel === 'beside' ? 'below' : 'beside'));
  for (const tab of tabs) {
    tab.addEventListener('click', () => show(tab.dataset.section));
    tab.addEventListener('keydown', (event) => {
      const i = tabs.indexOf(tab);
      const moves = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = tabs[(moves[event.key] + tabs.length) % tabs.length];
      next.focus();
      show(next.dataset.section);
    });
  }
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      close();
      toggle.focus();
    }
  });
  // "Look at the layers now": a lesson's link to #panel-layers opens the panel there and highlights it.
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[href^="#panel-"]');
    const name = link && sectionOfHash(link.getAttribute('href'));
    if (!name) return;
    event.preventDefault();
    open(name);
    panel.classList.remove('is-highlighted');
    void panel.offsetWidth; // restart the highlight's animation
    panel.classList.add('is-highlighted');
    setTimeout(() => panel.classList.remove('is-highlighted'), HIGHLIGHT_MS);
    tabs.find((t) => t.dataset.section === name)?.focus();
  });
  document.addEventListener('visibilitychange', () => {
    // a hidden tab's panel reads nothing; it catches up when shown again
    if (!isOpen()) return;
    if (document.hidden) stop();
    else listen();
  });

  setPlace(read(PLACE_KEY) === 'beside' ? 'beside' : 'below');
  show(section);
  if (read(OPEN_KEY) === '1') open();
  return { open, close };
}

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // the choice just won't survive a reload
  }
}
