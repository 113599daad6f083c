/**
 * `mamori secrets scan --staged` runs in a git hook on every commit, so the
 * program must start without loading what only other commands need: the AWS
 * SDK (~0.5 s to load), SQLite, the YAML parser. Each command imports those
 * when it runs. These tests run in a fresh Node process and list the packages
 * that were loaded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './cli-harness.js';

const PROGRAM = fileURLToPath(new URL('../../src/cli/program.js', import.meta.url));

/** Packages under node_modules loaded after running `mamori ARGS` in a new process. */
function packagesLoadedBy(args: string[]): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const { buildProgram } = await import(${JSON.stringify(PROGRAM)});
    const program = buildProgram().exitOverride();
    if (${JSON.stringify(args)}.length) await program.parseAsync(['node', 'mamori', ...${JSON.stringify(args)}]);
    const loaded = Object.keys(createRequire(import.meta.url).cache).map((p) => /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(p)?.[1]).filter(Boolean);
    process.stderr.write(JSON.stringify([...new Set(loaded)].sort()));
  `;
  const { stderr, status } = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(status, 0, stderr);
  return JSON.parse(stderr.slice(stderr.lastIndexOf('[')));
}

describe('start-up cost', () => {
  it('building the program loads no package but commander', () => {
    assert.deepEqual(packagesLoadedBy([]), ['commander']);
  });

  it('a secrets scan loads neither the AWS SDK nor SQLite', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.js'), 'const region = "us-east-1";\n');
    const loaded = packagesLoadedBy(['secrets', 'scan', dir, '--format', 'json', '-o', join(dir, 'out.json')]);
    assert.deepEqual(
      loaded.filter((p) => /^@aws-sdk|^@smithy|better-sqlite3|^yaml$/.test(p)),
      [],
    );
  });
});
