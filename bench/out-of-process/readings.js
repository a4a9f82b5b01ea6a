// What the out-of-process clients read off a node and make of their own timings; shared by
// idle.js, restart.js and load.js.
'use strict';
const fs = require('fs');

/** The q-quantile of values (null when there are none), rounded to `decimals`. */
function quantile(values, q, decimals = 1) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(decimals));
}

/** The process's resident memory, from /proc. */
function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
}

/** The node's open sessions, awake and asleep, from its /metrics (a node without the gauge reports none asleep). */
async function sessionGauges(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const gauge = name => Number((new RegExp(`^${name} (\\S+)$`, 'm').exec(text) || [])[1] || 0);
  return { awake: gauge('parley_sessions_active'), asleep: gauge('parley_sessions_sleeping') };
}

module.exports = { quantile, rssMiB, sessionGauges };
