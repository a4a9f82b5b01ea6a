// The declarations type-check, with a small typed caller, under tsc --noEmit (strict).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

test('parley-client.d.ts and a typed usage compile with tsc --noEmit', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'test/tsconfig.json'],
    { cwd: root, encoding: 'utf8' });
  assert.equal(tsc.status, 0, `tsc --noEmit failed:\n${tsc.stdout}${tsc.stderr}`);
});
