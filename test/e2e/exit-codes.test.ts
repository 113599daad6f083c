import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tempDir } from './cli-harness.js';
import { SEVERITIES } from '../../src/scan/check.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('exit codes of the mamori binary (docs/exit-codes.md)', () => {
  const db = join(tempDir(), 'm.db');

  it('0 when the scan ran, whatever it found', () => {
    const r = run('scan', '--demo', '--db', db);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Takeover paths/);
  });

  it('1 with --fail-on when a FAIL at or above the severity remains', () => {
    const report = JSON.parse(run('scan', '--demo', '--no-store', '--format', 'json').stdout);
    const worst = SEVERITIES.find((s) => report.findings.some((f: any) => f.status === 'FAIL' && f.severity === s))!;
    assert.equal(run('scan', '--demo', '--no-store', '--fail-on', worst).status, 1);
    assert.equal(run('scan', '--demo', '--no-store', '--fail-on', 'info').status, 1, 'info is the lowest threshold: any FAIL counts');
  });

  it('2 for usage and configuration errors, with the message on stderr', () => {
    const unknown = run('scan', '--no-such-option');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option/);
    const formats = run('scan', '--demo', '--no-store', '--format', 'json,html');
    assert.equal(formats.status, 2);
    assert.match(formats.stderr, /^mamori: several formats need --out/);
    assert.equal(run('diff', '--db', join(tempDir(), 'empty.db')).status, 2);
  });

  it('2 for usage errors of subcommands at every level, not 1 (the code of a finding)', () => {
    for (const args of [
      ['rules', 'lint', '--bogus', '.'],
      ['rules', 'list', '--format', 'xml'],
      ['rules', 'test', '--bogus', '.'],
      ['rules', 'lint'],
      ['secrets', 'scan', '--bogus'],
      ['secrets', 'baseline', '--bogus'],
      ['secrets', 'hook'],
      ['secrets', 'hook', 'install', '--only', 'nope'],
      ['respond', 'key', '--bogus'],
      ['respond', 'user', '--bogus'],
    ]) {
      const r = run(...args);
      assert.equal(r.status, 2, `mamori ${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /error: |Usage: /, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
    assert.equal(run('rules', 'lint', '--help').status, 0);
    assert.equal(run('secrets', 'hook', 'install', '--help').status, 0);
  });

  it('0 for --help and --version', () => {
    assert.equal(run('--version').status, 0);
    assert.equal(run('scan', '--help').status, 0);
  });
});
