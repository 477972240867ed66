#!/usr/bin/env node
// Fails on an import cycle between folders of src/ (tests excluded): a folder that imports
// another, directly or through others, must not be imported back by it. File-level cycles
// inside one folder are allowed; a folder is the unit of the layering (README, "Architecture").
// Files that gather every module for a tool (drizzle-kit's schema) are left out, like app.ts
// would be if it lived in a folder of its own.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

// Files that gather the modules for a tool, like a composition root: drizzle-kit's schema.
const AGGREGATORS = new Set(['src/shared/db/schema.ts']);

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !AGGREGATORS.has(relative(root, path))) yield path;
  }
}

/** Folder → the folders its files import (type-only imports count: they are dependencies too). */
const edges = new Map();
const folderOf = (file) => relative(root, dirname(file));
for (const file of sources(src)) {
  const from = folderOf(file);
  if (!edges.has(from)) edges.set(from, new Set());
  const text = readFileSync(file, 'utf8');
  for (const [, spec] of text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
    const to = folderOf(resolve(dirname(file), spec));
    if (to !== from && to.startsWith('src')) edges.get(from).add(to);
  }
}

// Tarjan's strongly connected components: every component of more than one folder is a cycle.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
let next = 0;
function visit(v) {
  index.set(v, next);
  low.set(v, next++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort().join(' ↔ '));
  }
}
for (const v of edges.keys()) if (!index.has(v)) visit(v);

for (const c of cycles) console.error(`folder import cycle: ${c}`);
if (cycles.length) process.exit(1);
console.log(`folder import cycles: none (${edges.size} folders)`);
