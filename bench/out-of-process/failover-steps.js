// The steps of one failover, read off the surviving nodes' logs as failover.sh writes them with
// TRACE set (logback-trace.xml): each step's first and last time between the kill and the end of
// the customers' probe (the survivors' own shutdown comes after), in seconds after the kill.
//   node failover-steps.js <killedAtEpochMs> <probeEndedEpochMs> <node log> [<node log>...]
'use strict';
const fs = require('fs');

const [killedAt, probeEnded, ...logs] = process.argv.slice(2).map((a, i) => i < 2 ? Number(a) : a);
const steps = [
  ['a survivor marks the node unreachable', /Marking node as UNREACHABLE/],
  ['the split brain resolver downs it', /SBR took decision/],
  ['the leader removes it', /Leader is removing unreachable node/],
  ['the coordinator sees its ChatSession region gone', /ChatSession: ShardRegion terminated/],
  ['its ChatSession shards allocated to the survivors', /ChatSession: Shard \[\d+\] allocated at/],
  ['a moved ChatSession shard has read the sessions it remembers', /sharding\/ChatSession\/\d+\/RememberEntitiesStore .*Recovery completed for shard/],
];
const times = steps.map(() => []);
for (const log of logs) {
  for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
    const stamp = Date.parse(line.slice(0, 24));
    if (!(stamp >= killedAt && stamp <= probeEnded)) continue;
    const at = stamp - killedAt;
    steps.forEach(([, pattern], i) => { if (pattern.test(line)) times[i].push(at / 1000); });
  }
}
console.log('\n| after the SIGKILL | first | last | lines |\n|---|---:|---:|---:|');
steps.forEach(([name], i) => {
  const t = times[i].sort((a, b) => a - b);
  console.log(`| ${name} | ${t.length ? t[0].toFixed(2) + ' s' : '–'} | ${t.length ? t[t.length - 1].toFixed(2) + ' s' : '–'} | ${t.length} |`);
});
