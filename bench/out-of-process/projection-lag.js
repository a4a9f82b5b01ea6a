// Samples how far the conversations projection is behind the journal, from a process of its own:
// reads the node's parley_conversations_lag_seconds{slice} on /metrics every <interval ms> for
// <seconds> and prints one JSON line with the quantiles of all the slices' samples, in ms.
//   node projection-lag.js <port> <seconds> [interval ms, 100]
'use strict';
const http = require('http');

const [port, seconds, intervalMs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] || 100)];
const samples = [];

function sample() {
  return new Promise(resolve => {
    http.get(`http://127.0.0.1:${port}/metrics`, res => {
      let body = '';
      res.on('data', d => body += d);
      res.on('end', () => {
        for (const m of body.matchAll(/^parley_conversations_lag_seconds\{slice="[^"]+"\} (\S+)/gm)) {
          samples.push(1000 * Number(m[1]));
        }
        resolve();
      });
    }).on('error', () => resolve());
  });
}

const quantile = (sorted, q) => sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]) : null;

(async () => {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const next = Date.now() + intervalMs;
    await sample();
    await new Promise(r => setTimeout(r, Math.max(0, next - Date.now())));
  }
  samples.sort((a, b) => a - b);
  console.log(JSON.stringify({ samples: samples.length, p50: quantile(samples, 0.5), p99: quantile(samples, 0.99),
    max: quantile(samples, 1) }));
})();
