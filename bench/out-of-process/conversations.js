// Staff reading a tenant's conversations, in a process of their own, over HTTP on loopback: each case
// (a filtered page of GET /v1/conversations, the next page by its cursor, a search, GET /v1/analytics
// over 90 days) is asked `rounds` times one after another, after one unmeasured round. Prints one JSON
// line a case: how many conversations the answer held and its latencies as the client sees them.
//   node conversations.js <port> <api key> <rounds> <end ms>
// <end ms> is the end of the generated rows' range (conversations-seed.sql's :end_ms). A case the node
// refuses with 400 (a parameter it does not know, e.g. `q` before search exists) is reported as
// {"case": ..., "unsupported": "<the node's error>"} and not timed; a case whose first answer takes
// longer than SLOW_MS (environment, 10000) or never comes (the node's request timeout ends it) is
// reported as {"case": ..., "once": <ms>} or {"case": ..., "failed": "<status or error>"}, not asked again.
'use strict';
const http = require('http');

const [port, apiKey, rounds, endMs] = [process.argv[2], process.argv[3], Number(process.argv[4]),
  Number(process.argv[5])];
const slowMs = Number(process.env.SLOW_MS || 10000);
const day = 86400000;
const iso = ms => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const last90 = `from=${iso(endMs - 90 * day)}&to=${iso(endMs)}`;

// The filters an agent combines in the console, from common to rare, and what a dashboard asks.
const cases = [
  ['list newest', '/v1/conversations'],
  ['list closed voice', '/v1/conversations?status=closed&channel=voice'],
  ['list abandoned, oldest first', '/v1/conversations?resolvedBy=abandoned&sort=oldest'],
  ['list handoff taken, last 7 days', `/v1/conversations?handoff=taken&from=${iso(endMs - 7 * day)}`],
  ['list rating 1 on the phone', '/v1/conversations?rating=1&channel=phone'],
  ['list lead score 90+', '/v1/conversations?leadMin=90'],
  ['list tag legal', '/v1/conversations?tag=legal'],
  ['list tag legal, rating 1', '/v1/conversations?tag=legal&rating=1'],
  ['list one user', '/v1/conversations?userId=user-17'],
  ['list closed voice, page 2', '/v1/conversations?status=closed&channel=voice', { page: 2 }],
  ['search a common word', '/v1/conversations?q=refund'],
  ['search two words', '/v1/conversations?q=refund%20invoice'],
  ['search a rare word', '/v1/conversations?q=chargeback'],
  ['analytics 90 days by day', `/v1/analytics?${last90}&interval=day`],
  ['analytics 90 days by week, voice', `/v1/analytics?${last90}&interval=week&channel=voice`],
];

function get(path) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http.get({ host: '127.0.0.1', port, path, agent, headers: { Authorization: `Bearer ${apiKey}` } }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', d => body += d);
      res.on('end', () => resolve({ status: res.statusCode, body, ms: performance.now() - started }));
    }).on('error', reject);
  });
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** The path of the case's page: its first, or the cursor of the page before it. */
async function pathOf([, path, options]) {
  if (!options || !options.page) return path;
  let at = path;
  for (let page = 1; page < options.page; page++) {
    const answer = await get(at);
    const next = JSON.parse(answer.body).next;
    if (!next) throw new Error(`${path} has no page ${page + 1}`);
    at = `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(next)}`;
  }
  return at;
}

const quantile = (sorted, q) => Number(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(1));

(async () => {
  for (const c of cases) {
    const path = await pathOf(c);
    let first;
    try {
      first = await get(path);
    } catch (e) {
      console.log(JSON.stringify({ case: c[0], path, failed: e.message }));
      continue;
    }
    if (first.status === 400) {
      console.log(JSON.stringify({ case: c[0], unsupported: (JSON.parse(first.body).error || {}).message || first.body }));
      continue;
    }
    if (first.status !== 200) {
      console.log(JSON.stringify({ case: c[0], path, failed: `${first.status} after ${Math.round(first.ms)} ms` }));
      continue;
    }
    const body = JSON.parse(first.body);
    const found = body.conversations ? body.conversations.length : body.total.conversations;
    if (first.ms > slowMs) {
      console.log(JSON.stringify({ case: c[0], path, found, once: Math.round(first.ms) }));
      continue;
    }
    const times = [];
    for (let i = 0; i < rounds; i++) times.push((await get(path)).ms);
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ case: c[0], path, found, rounds, p50: quantile(times, 0.5), p95: quantile(times, 0.95),
      p99: quantile(times, 0.99), max: Number(times[times.length - 1].toFixed(1)) }));
  }
  agent.destroy();
})().catch(e => { console.error(e); process.exit(1); });
