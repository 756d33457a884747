import { readFileSync } from 'node:fs';
import { validateServerJson } from './src/catalog/validation/index.js';
const ds = JSON.parse(readFileSync('/work/shared/datasets/official-seed-2025-05.json','utf8'));
const bad: string[] = [];
const byRule: Record<string, Set<string>> = {};
const examples: Record<string,string> = {};
for (const doc of ds) {
  const r = validateServerJson(doc);
  if (!r.valid) { bad.push(doc.name); for (const i of r.issues) { (byRule[i.reference] ??= new Set()).add(doc.name); examples[i.reference] ??= `${doc.name} ${i.path}: ${i.message}`; } }
  if (r.issues.some(i => i.severity !== 'error')) console.log('nonerror', doc.name);
}
console.log(bad.length, Object.fromEntries(Object.entries(byRule).map(([k,v])=>[k,v.size])), examples);
console.log(bad.join('\n'));
