// An OpenAI-compatible chat-completions server that streams its answer word by word, for load
// tests of a node from outside its process. The first word of every answer is the wall-clock time
// (ms since the epoch) at which this server wrote it, so a client can tell how long the node took
// to pass the model's first token on: `t<ms> `. Arguments: port (0: any), milliseconds between
// words (5), milliseconds before the first word (0; a hosted model takes a few hundred).
// A request with `response_format` of type `json_schema` (the judge's) gets, in the same stream, a
// JSON object that follows its schema (the first of each enum, the minimum of each number), a few
// characters a chunk, without the time stamp. `GET /stats` answers how many of each it has begun:
// {"answers": n, "structured": n}.
'use strict';
const http = require('http');

const port = Number(process.argv[2] || 0);
const wordDelayMs = Number(process.argv[3] || 5);
const firstWordDelayMs = Number(process.argv[4] || 0);
const WORDS = 'Thanks for asking. You can reset your password from the sign-in page: choose Forgot password and follow the link we email you.'.split(' ');

const begun = { answers: 0, structured: 0 };

/** A value that follows a JSON schema's object, string, integer, number, boolean and enum forms. */
function instance(schema) {
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties || {}).map(([k, v]) => [k, instance(v)]));
    case 'array': return [];
    case 'integer': return Math.ceil(schema.minimum ?? 1);
    case 'number': return schema.minimum ?? 1;
    case 'boolean': return true;
    default: return 'The customer got the answer they asked for.';
  }
}

function chunk(content, finish) {
  return 'data: ' + JSON.stringify({
    id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 0, model: 'bench',
    choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
  }) + '\n\n';
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(begun));
    return;
  }
  if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
    res.writeHead(404).end();
    return;
  }
  const body = [];
  req.on('data', d => body.push(d));
  req.on('end', () => {
    const format = JSON.parse(Buffer.concat(body).toString('utf8')).response_format;
    const structured = format && format.type === 'json_schema';
    // The judge's answer in pieces of 8 characters, as a model streams a few tokens a chunk.
    const words = structured ? JSON.stringify(instance(format.json_schema.schema)).match(/.{1,8}/gs) : WORDS;
    begun[structured ? 'structured' : 'answers']++;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.socket.setNoDelay(true);
    let i = structured ? 1 : 0;
    const next = () => {
      if (i === 0) {
        res.write(chunk('t' + (performance.timeOrigin + performance.now()).toFixed(3) + ' ', null));
      } else if (i <= words.length) {
        res.write(chunk(words[i - 1] + (!structured && i < words.length ? ' ' : ''), null));
      } else {
        res.write(chunk(null, 'stop'));
        res.write('data: ' + JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 0,
          model: 'bench', choices: [], usage: { prompt_tokens: 50, completion_tokens: words.length, total_tokens: 50 + words.length } }) + '\n\n');
        res.end('data: [DONE]\n\n');
        return;
      }
      i++;
      setTimeout(next, wordDelayMs);
    };
    if (firstWordDelayMs > 0) setTimeout(next, firstWordDelayMs); else next();
  });
});
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
