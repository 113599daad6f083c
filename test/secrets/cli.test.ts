import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, tempRepos } from './repo.js';
import * as g from './gen.js';

const repo = tempRepos();

const mamori = (cwd: string, args: string[], input?: string) =>
  spawnSync(process.execPath, [CLI, 'secrets', ...args], { cwd, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });

describe('mamori secrets scan (CLI)', () => {
  it('exits 1 on a finding and 0 once it is allowed', () => {
    const r = repo();
    const id = g.keyId('123456789012');
    r.write('a.txt', `key ${id}\n`);
    const red = mamori(r.dir, ['scan']);
    assert.equal(red.status, 1);
    assert.match(red.stdout, new RegExp(`a\\.txt:1:5 .*aws-access-key-id  ${id}`));
    assert.match(red.stdout, /account 123456789012/);
    r.write('a.txt', `key ${id} # mamori:allow rotated 2026-01\n`);
    assert.equal(mamori(r.dir, ['scan']).status, 0);
  });

  it('documentation examples alone exit 0', () => {
    const r = repo();
    assert.equal(mamori(r.dir, ['scan', '-'], 'AKIAIOSFODNN7EXAMPLE').status, 0);
  });

  it('--format json and sarif write parseable reports', () => {
    const r = repo();
    r.write('x.txt', g.githubPat());
    const json = JSON.parse(mamori(r.dir, ['scan', '--format', 'json']).stdout);
    assert.equal(json.findings[0].rule, 'github-token');
    const sarif = JSON.parse(mamori(r.dir, ['scan', '--format', 'sarif']).stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'x.txt');
  });

  it('usage and config errors exit 2', () => {
    const r = repo();
    assert.equal(mamori(r.dir, ['scan', '--staged', '--history']).status, 2);
    r.write('.mamori.yml', 'secrets:\n  allow:\n    - rule: generic-secret\n');
    const bad = mamori(r.dir, ['scan']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /\.mamori\.yml:3: .*no reason/);
  });

  it('baseline then scan: old findings pass, new ones fail', () => {
    const r = repo();
    r.write('old.txt', g.githubPat());
    const b = mamori(r.dir, ['baseline']);
    assert.equal(b.status, 0, b.stderr);
    assert.ok(existsSync(join(r.dir, '.mamori-secrets-baseline.json')));
    assert.equal(JSON.parse(readFileSync(join(r.dir, '.mamori-secrets-baseline.json'), 'utf8')).findings.length, 1);
    assert.equal(mamori(r.dir, ['scan']).status, 0);
    r.write('new.txt', g.npmToken());
    assert.equal(mamori(r.dir, ['scan']).status, 1);
  });

  it('--staged reads the index through the CLI', () => {
    const r = repo();
    r.write('s.txt', g.stripeLive());
    r.git('add', 's.txt');
    r.write('s.txt', 'cleaned\n');
    const out = mamori(r.dir, ['scan', '--staged', '--format', 'json']);
    assert.equal(out.status, 1);
    assert.deepEqual(JSON.parse(out.stdout).findings.map((f: any) => f.path), ['s.txt']);
  });
});
