import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerLanes, formatBytes, processTree, sectionOfHash, share } from '../../../frontend/panel.js';

test('the process tree puts children under their parent, depth first, by host PID', () => {
  const tree = processTree([
    { pidOnHost: 900, parentOnHost: null, command: 'sleep infinity' },
    { pidOnHost: 950, parentOnHost: 930, command: 'sleep 5' },
    { pidOnHost: 930, parentOnHost: 900, command: 'bash' },
    { pidOnHost: 920, parentOnHost: 900, command: 'dockerlab-shell' },
  ]);
  assert.deepEqual(tree.map((n) => `${n.process.pidOnHost}@${n.depth}`), ['900@0', '920@1', '930@1', '950@2']);
});

test('a process whose parent the page does not know stands at the top', () => {
  const tree = processTree([{ pidOnHost: 7, parentOnHost: 3 }]);
  assert.deepEqual(tree.map((n) => n.depth), [0]);
});

test('a loop in the parents never hangs the page', () => {
  const tree = processTree([{ pidOnHost: 1, parentOnHost: 2 }, { pidOnHost: 2, parentOnHost: 1 }]);
  assert.equal(tree.length, 0);
});

test('sizes read as a person reads them', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(512 * 1024 * 1024), '512 MiB');
  assert.equal(formatBytes(null), '–');
});

test('a share of a limit is clamped to 0..100, null without a limit', () => {
  assert.equal(share(50, 200), 25);
  assert.equal(share(300, 200), 100);
  assert.equal(share(5, null), null);
  assert.equal(share(5, 0), null);
});

test('only #panel-<a section> opens the panel', () => {
  assert.equal(sectionOfHash('#panel-layers'), 'layers');
  assert.equal(sectionOfHash('#panel-nothing'), null);
  assert.equal(sectionOfHash('#step-2'), null);
  assert.equal(sectionOfHash(undefined), null);
});

test('the Docker map puts each container on every network it joins, busy networks first', () => {
  const lanes = dockerLanes({
    containers: [{ name: 'web', networks: ['bridge'] }, { name: 'db', networks: ['shop', 'bridge'] }, { name: 'off', networks: [] }],
    networks: [{ name: 'host' }, { name: 'bridge' }, { name: 'shop' }],
  });
  assert.deepEqual(lanes.map((l) => [l.network, l.containers.map((c) => c.name)]),
    [['bridge', ['web', 'db']], ['shop', ['db']], [null, ['off']], ['host', []]]);
});
