const mod = await import(process.argv[2] === 'full' ? 'leadscore/full' : 'leadscore');
import { generateLead, generatorOptions } from 'leadscore/generate';
import { readFileSync } from 'node:fs';
const n = Number(process.argv[3] || 10000);
const options = generatorOptions({ leads: n, seed: 'x', eventsPerLead: 50 });
const leads = [];
for (let i = 0; i < n; i++) leads.push(generateLead(i, options).lead);
const text = JSON.stringify(leads);
console.log('bytes', text.length);
const s = new mod.Scorer(JSON.parse(readFileSync('examples/models/b2b-default.json', 'utf8')));
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const r = s.scoreBatch(text, { asOf: '2026-11-20T17:00:00Z' });
  console.log(i, (performance.now() - t).toFixed(0), 'ms', r.length);
}
