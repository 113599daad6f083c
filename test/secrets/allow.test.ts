import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { scanSecrets } from '../../src/secrets/scan.js';
import { ConfigError } from '../../src/config/errors.js';
import { globToRegExp, parseSecretsConfig, writeBaseline } from '../../src/secrets/allow.js';
import { tempRepos } from './repo.js';
import * as g from './gen.js';

const repo = tempRepos();

describe('inline mamori:allow', () => {
  it('allows the finding on that line only, keeping the reason', async () => {
    const r = repo();
    r.write('a.py', `k1 = "${g.githubPat()}"  # mamori:allow revoked test token\nk2 = "${g.githubPat()}"\n`);
    const res = await scanSecrets({ mode: 'tree', cwd: r.dir });
    assert.deepEqual(res.findings.map((f) => [f.line, f.allowed?.by, f.allowed?.reason]), [
      [1, 'inline', 'revoked test token'],
      [2, undefined, undefined],
    ]);
    assert.equal(res.summary.failing, 1);
  });
});

describe('.mamori.yml secrets.allow', () => {
  it('allows by path glob, rule and fingerprint', async () => {
    const r = repo();
    r.write('test/fixtures/deep/creds.txt', g.githubPat());
    r.write('docs/slack.md', g.slackWebhook());
    r.write('src/app.ts', `const k = "${g.npmToken()}";\n`);
    r.write('src/other.ts', `const k = "${g.stripeLive()}";\n`);
    const before = await scanSecrets({ mode: 'tree', cwd: r.dir });
    const npm = before.findings.find((f) => f.rule === 'npm-token')!;
    r.write(
      '.mamori.yml',
      `secrets:\n  allow:\n    - path: "test/fixtures/**"\n      reason: fixtures are fake\n    - rule: slack-webhook\n      reason: channel is public\n    - fingerprint: ${npm.fingerprint}\n      reason: revoked on 2026-01-02\n`,
    );
    const res = await scanSecrets({ mode: 'tree', cwd: r.dir });
    const byRule = Object.fromEntries(res.findings.map((f) => [f.rule, f.allowed?.reason]));
    assert.match(byRule['github-token']!, /^fixtures are fake \(.*\.mamori\.yml:3\)$/);
    assert.match(byRule['slack-webhook']!, /^channel is public/);
    assert.match(byRule['npm-token']!, /^revoked on 2026-01-02/);
    assert.equal(byRule['stripe-key'], undefined);
    assert.equal(res.summary.failing, 1);
  });

  it('rejects entries without a reason, naming the line', async () => {
    await assert.rejects(parseSecretsConfig('scan:\n  x: 1\nsecrets:\n  allow:\n    - path: "a/**"\n', '.mamori.yml'), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /^\.mamori\.yml:5: .*no reason/);
      return true;
    });
  });

  it('rejects unknown keys and entries that match nothing', async () => {
    await assert.rejects(parseSecretsConfig('secrets:\n  allow:\n    - reason: x\n', 'c.yml'), /c\.yml:3: .*must name a path, a rule or a fingerprint/);
    await assert.rejects(parseSecretsConfig('secrets:\n  allow:\n    - path: a\n      reson: typo\n', 'c.yml'), /c\.yml:4: unknown key "reson"/);
    await assert.rejects(parseSecretsConfig('secrets:\n  alow: []\n', 'c.yml'), /c\.yml:2: unknown key "secrets\.alow"/);
    await assert.rejects(parseSecretsConfig('secrets: [\n', 'c.yml'), /c\.yml:\d+: /);
  });

  it('a config without a secrets section allows nothing', async () => {
    assert.deepEqual(await parseSecretsConfig('scan:\n  regions: [us-east-1]\n', 'c.yml'), { allow: [] });
  });

  it('globs: ** crosses directories, * does not, a bare name matches anywhere', () => {
    assert.ok(globToRegExp('test/**').test('test/a/b/c.txt'));
    assert.ok(globToRegExp('**/*.pem').test('a/b/key.pem'));
    assert.ok(globToRegExp('**/*.pem').test('key.pem'));
    assert.ok(!globToRegExp('src/*.ts').test('src/a/b.ts'));
    assert.ok(globToRegExp('*.lock').test('deep/dir/yarn.lock'));
    assert.ok(!globToRegExp('a.b').test('axb'));
  });
});

describe('baseline', () => {
  it('only new findings fail once a baseline is written', async () => {
    const r = repo();
    const token = g.githubPat();
    r.write('old.txt', token);
    const first = await scanSecrets({ mode: 'tree', cwd: r.dir, ignoreAllowances: true });
    await writeBaseline(
      join(r.dir, '.mamori-secrets-baseline.json'),
      first.findings.map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, path: f.path, line: f.line, secret: f.secret })),
    );
    const file = readFileSync(join(r.dir, '.mamori-secrets-baseline.json'), 'utf8');
    assert.ok(!file.includes(token) && file.includes(first.findings[0]!.secret), 'baseline holds only the masked value');
    r.write('new.txt', g.gitlabPat());
    const res = await scanSecrets({ mode: 'tree', cwd: r.dir });
    assert.deepEqual(res.findings.map((f) => [f.path, f.allowed?.by]), [
      ['new.txt', undefined],
      ['old.txt', 'baseline'],
    ]);
    assert.equal(res.summary.failing, 1);
  });

  it('a baseline named in the config must exist', async () => {
    const r = repo();
    r.write('.mamori.yml', 'secrets:\n  baseline: missing.json\n').write('a.txt', 'x');
    await assert.rejects(scanSecrets({ mode: 'tree', cwd: r.dir }), /missing\.json/);
  });
});
