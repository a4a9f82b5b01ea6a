// The README's Node.js example, run as a reader would run it against the node under test: it must
// print the answer and exit on its own (an example that leaves its socket open never returns).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NODE_URL } from './support.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXIT_WITHIN_MS = 60000;

test("the README's Node.js example prints the answer and exits", async () => {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const example = readme.slice(readme.indexOf('## Node.js')).match(/```js\n([\s\S]*?)```/)[1];
  // Only where it runs changes: the module from this checkout, the node under test.
  const script = example
    .replace('"@parley/client"', JSON.stringify(pathToFileURL(join(ROOT, 'src', 'parley-client.js')).href))
    .replace('"http://127.0.0.1:8080"', JSON.stringify(NODE_URL));
  assert.ok(script.includes(NODE_URL) && !script.includes('@parley/client'), script);
  const dir = await mkdtemp(join(tmpdir(), 'parley-readme-'));
  try {
    const file = join(dir, 'example.mjs');
    await writeFile(file, script);
    const run = await new Promise((resolve) => {
      execFile(process.execPath, ['--experimental-websocket', file], { timeout: EXIT_WITHIN_MS },
        (error, stdout, stderr) => resolve({ error, stdout, stderr }));
    });
    assert.equal(run.error, null, `the example did not exit by itself within ${EXIT_WITHIN_MS} ms: ${run.error?.message}\n${run.stderr}`);
    assert.match(run.stdout, /\S/, 'it printed the answer');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
