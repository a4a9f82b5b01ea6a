// The Markdown table of peer.sh: for each state (cold with the ahead-of-time cache, cold plain,
// warm), number of customers and Parley jar, Parley's figure, the peer's and their ratio, each the
// median over the rounds of that cell.
//   node peer-table.js <results.jsonl> <the model's ms before its first word> <Parley's name>...
'use strict';
const fs = require('fs');

const [file, modelFirstTokenMs, names] = [process.argv[2], Number(process.argv[3] || 0), process.argv.slice(4)];
const cells = fs.readFileSync(file, 'utf8').trim().split('\n').map(JSON.parse);

const median = values => {
  const sorted = values.filter(v => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const figures = {
  'ack p50, ms': c => c.run.ackP50,
  // What the server adds before the first word: from sending the message to its first delta, less the model's own wait.
  'added first token p50, ms': c => c.run.sentToFirstDeltaP50 === null ? null : c.run.sentToFirstDeltaP50 - modelFirstTokenMs,
  'messages/s': c => c.run.answersPerSecond,
  'ack p99, ms': c => c.run.ackP99,
  'server CPU per message, ms': c => c.run.acks ? c.cpuMs / c.run.acks : null,
};
const shown = v => v === null ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
const ratio = (a, b) => a === null || b === null || b === 0 ? '–' : (a / b).toFixed(2);
const figure = (server, variant, state, customers, of) =>
  median(cells.filter(c => c.server === server && c.variant === variant && c.state === state
    && c.run.customers === customers).map(of));

const rows = [
  ['cold, with the AOT cache', 'aot', 'cold'],
  ['cold, plain java -jar', 'plain', 'cold'],
  ['warm, with the AOT cache', 'aot', 'warm'],
];
const customers = [...new Set(cells.map(c => c.run.customers))].sort((a, b) => a - b);
const figureNames = Object.keys(figures);
console.log(`\n| state | customers | parley | ${figureNames.map(n => `${n}: parley / peer | ratio`).join(' | ')} |`);
console.log(`|---|---:|---|${figureNames.map(() => '---:|---:').join('|')}|`);
for (const [label, variant, state] of rows) {
  for (const n of customers) {
    for (const name of names) {
      if (!cells.some(c => c.server === name && c.variant === variant && c.state === state)) continue;
      const parts = figureNames.map(figureName => {
        const ours = figure(name, variant, state, n, figures[figureName]);
        const theirs = figure('peer', 'peer', state, n, figures[figureName]);
        return `${shown(ours)} / ${shown(theirs)} | ${ratio(ours, theirs)}`;
      });
      console.log(`| ${label} | ${n} | ${name} | ${parts.join(' | ')} |`);
    }
  }
}
const loads = state => {
  const values = cells.filter(c => c.state === state).map(c => c.load);
  return values.length ? `${Math.min(...values)}–${Math.max(...values)}` : '–';
};
const rounds = new Set(cells.map(c => c.round)).size;
console.log(`\nMedians over ${rounds} round(s); load average (1 min) at the cells' starts: cold ${loads('cold')}, warm ${loads('warm')}.`);
