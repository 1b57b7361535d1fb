// Self time per function of a .cpuprofile (node --cpu-prof, or bench/profile.ts), largest first: node bench/profileSummary.cjs <file> [rows]
// A sample stands for the time until the next one (timeDeltas[i + 1]); the last sample has none.
const p = JSON.parse(require('fs').readFileSync(process.argv[2]));
const self = new Map(); const byId = new Map(p.nodes.map(n => [n.id, n]));
const dt = new Map(); for (let i = 0; i + 1 < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) || 0) + (p.timeDeltas[i + 1] || 0));
let total = 0;
for (const n of p.nodes) { const t = dt.get(n.id) || 0; total += t; const cf = n.callFrame; const k = `${cf.functionName || '(anon)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`; self.set(k, (self.get(k) || 0) + t); }
[...self].sort((a, b) => b[1] - a[1]).slice(0, +process.argv[3] || 35).forEach(([k, t]) => console.log((100 * t / total).toFixed(1).padStart(5) + '%  ' + k));
