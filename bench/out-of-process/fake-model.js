// An OpenAI-compatible chat-completions server that streams its answer word by word, for load
// tests of a node from outside its process. The first word of every answer is the wall-clock time
// (ms since the epoch) at which this server wrote it, so a client can tell how long the node took
// to pass the model's first token on: `t<ms> `. Arguments: port (0: any), milliseconds between
// words (5), milliseconds before the first word (0; a hosted model takes a few hundred).
'use strict';
const http = require('http');

const port = Number(process.argv[2] || 0);
const wordDelayMs = Number(process.argv[3] || 5);
const firstWordDelayMs = Number(process.argv[4] || 0);
const WORDS = 'Thanks for asking. You can reset your password from the sign-in page: choose Forgot password and follow the link we email you.'.split(' ');

function chunk(content, finish) {
  return 'data: ' + JSON.stringify({
    id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 0, model: 'bench',
    choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
  }) + '\n\n';
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
    res.writeHead(404).end();
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.socket.setNoDelay(true);
    let i = 0;
    const next = () => {
      if (i === 0) {
        res.write(chunk('t' + (performance.timeOrigin + performance.now()).toFixed(3) + ' ', null));
      } else if (i <= WORDS.length) {
        res.write(chunk(WORDS[i - 1] + (i < WORDS.length ? ' ' : ''), null));
      } else {
        res.write(chunk(null, 'stop'));
        res.write('data: ' + JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 0,
          model: 'bench', choices: [], usage: { prompt_tokens: 50, completion_tokens: WORDS.length, total_tokens: 50 + WORDS.length } }) + '\n\n');
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
