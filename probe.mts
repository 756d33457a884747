import { readFileSync, readdirSync } from 'node:fs';
import { validateServerJson, checkApiShape } from './src/catalog/validation/index.js';
const dir = 'src/catalog/validation/fixtures/server-json/';
for (const f of readdirSync(dir)) {
  const doc = JSON.parse(readFileSync(dir + f, 'utf8'));
  const r = validateServerJson(doc);
  const s = checkApiShape(doc);
  if (!r.valid || r.issues.length || !s.ok) console.log(f, JSON.stringify(r.issues), s.ok ? '' : JSON.stringify(s.errors).slice(0,300));
}
for (const sub of ['valid','invalid']) {
  const d = `src/catalog/validation/fixtures/index-unverified/${sub}/`;
  for (const f of readdirSync(d)) {
    const doc = JSON.parse(readFileSync(d + f, 'utf8'));
    const r = validateServerJson(doc);
    console.log(sub, f, r.valid, JSON.stringify(r.issues.map(i => [i.path, i.reference, i.message])));
  }
}
const ds = JSON.parse(readFileSync('/work/shared/datasets/official-seed-2025-05.json','utf8'));
const counts: Record<string, number> = {};
let bad = 0, badShape = 0;
for (const doc of ds) {
  const r = validateServerJson(doc);
  if (!checkApiShape(doc).ok) badShape++;
  if (!r.valid) { bad++; for (const i of r.issues) counts[`${i.type}:${i.reference}`] = (counts[`${i.type}:${i.reference}`] ?? 0) + 1; }
}
console.log('dataset', ds.length, 'invalid', bad, 'badShape', badShape, counts);
