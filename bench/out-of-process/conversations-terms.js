// The vocabulary of the generated conversations' search index (conversations-seed-terms.sql): for
// each tenant, <words> words by rank (rank 0 the most common) and each word's blind term as the node
// computes it (BlindIndex: the first 64 bits of HMAC-SHA256 under the tenant's key, which is the
// HMAC of "conversation-search|<tenant>" under the cluster's search key). Prints CSV: tenant,rank,term.
//   node conversations-terms.js <the cluster's search key, base64> <words> <tenant>...
'use strict';
const crypto = require('crypto');

const [key, words, ...tenants] = [Buffer.from(process.argv[2], 'base64'), Number(process.argv[3]), ...process.argv.slice(4)];
// Real words at the ranks the benchmark's searches ask for; the others are made up.
const named = new Map([[0, 'password'], [1, 'order'], [2, 'account'], [5, 'refund'], [12, 'invoice'],
  [400, 'warranty'], [1500, 'chargeback']]);
const mac = (k, text) => crypto.createHmac('sha256', k).update(text, 'utf8').digest();
const lines = [];
for (const tenant of tenants) {
  const tenantKey = mac(key, `conversation-search|${tenant}`);
  for (let rank = 0; rank < words; rank++) {
    lines.push(`${tenant},${rank},${mac(tenantKey, named.get(rank) || `w${rank}`).readBigInt64BE(0)}`);
  }
}
console.log(lines.join('\n'));
