import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HookError, installHooks, uninstallHooks } from '../../src/secrets/hook.js';
import { CLI, tempRepos } from './repo.js';
import * as g from './gen.js';

const repo = tempRepos();

describe('secrets hook', () => {
  it('installs executable pre-commit and pre-push hooks', async () => {
    const r = repo();
    const changes = await installHooks(r.dir, { cli: CLI });
    assert.deepEqual(changes.map((c) => [c.hook, c.action]), [['pre-commit', 'installed'], ['pre-push', 'installed']]);
    const pre = join(r.dir, '.git/hooks/pre-commit');
    assert.match(readFileSync(pre, 'utf8'), /secrets scan --staged/);
    assert.match(readFileSync(join(r.dir, '.git/hooks/pre-push'), 'utf8'), /secrets scan --pre-push/);
    assert.ok(statSync(pre).mode & 0o100, 'executable');
    // Installing again is a no-op, not a refusal.
    assert.deepEqual((await installHooks(r.dir, { cli: CLI })).map((c) => c.action), ['unchanged', 'unchanged']);
  });

  it('refuses to replace a hook it did not write, unless forced', async () => {
    const r = repo();
    const mine = join(r.dir, '.git/hooks/pre-commit');
    writeFileSync(mine, '#!/bin/sh\necho my own hook\n', { mode: 0o755 });
    await assert.rejects(installHooks(r.dir, { cli: CLI }), (e: Error) => e instanceof HookError && /--force/.test(e.message));
    assert.equal(readFileSync(mine, 'utf8'), '#!/bin/sh\necho my own hook\n');
    assert.ok(!existsSync(join(r.dir, '.git/hooks/pre-push')), 'nothing half-installed after a refusal');
    await installHooks(r.dir, { cli: CLI, force: true });
    assert.match(readFileSync(mine, 'utf8'), /mamori secrets hook/);
  });

  it('blocks a commit that stages a key, lets a clean one through', async () => {
    const r = repo();
    await installHooks(r.dir, { cli: CLI, hooks: ['pre-commit'] });
    r.write('ok.txt', 'nothing secret\n');
    r.git('add', 'ok.txt');
    r.git('commit', '-q', '-m', 'clean');
    r.write('leak.env', `AWS_ACCESS_KEY_ID=${g.keyId()}\n`);
    r.git('add', 'leak.env');
    const res = spawnSync('git', ['commit', '-q', '-m', 'leak'], { cwd: r.dir, encoding: 'utf8' });
    assert.notEqual(res.status, 0, 'the commit must be refused');
    assert.match(res.stdout + res.stderr, /leak\.env:1:19/);
    assert.equal(r.git('rev-list', '--count', 'HEAD').trim(), '1');
  });

  it('blocks a push whose commits hold a key, even when a later commit removed it', async () => {
    const remote = repo();
    remote.git('config', 'receive.denyCurrentBranch', 'ignore');
    const r = repo();
    r.write('README', 'hi\n');
    r.commit('init');
    r.git('remote', 'add', 'origin', remote.dir);
    r.git('push', '-q', 'origin', 'main');
    await installHooks(r.dir, { cli: CLI, hooks: ['pre-push'] });
    r.write('ci.yml', `token: ${g.githubPat()}\n`);
    r.commit('add ci');
    r.write('ci.yml', 'token: ${{ secrets.TOKEN }}\n');
    r.commit('use a secret instead');
    const res = spawnSync('git', ['push', '-q', 'origin', 'main'], { cwd: r.dir, encoding: 'utf8' });
    assert.notEqual(res.status, 0, 'the push must be refused');
    assert.match(res.stdout + res.stderr, /ci\.yml:1:8 .*github-token/);
    // Nothing new reached the remote.
    assert.equal(remote.git('rev-list', '--count', 'main').trim(), '1');
  });

  it('uninstall removes only mamori hooks', async () => {
    const r = repo();
    await installHooks(r.dir, { cli: CLI, hooks: ['pre-commit'] });
    writeFileSync(join(r.dir, '.git/hooks/pre-push'), '#!/bin/sh\nexit 0\n');
    const out = await uninstallHooks(r.dir);
    assert.deepEqual(out.map((c) => [c.hook, c.action]), [['pre-commit', 'removed'], ['pre-push', 'not-ours']]);
    assert.ok(existsSync(join(r.dir, '.git/hooks/pre-push')));
  });

  it('honours core.hooksPath', async () => {
    const r = repo();
    r.git('config', 'core.hooksPath', '.githooks');
    await installHooks(r.dir, { cli: CLI, hooks: ['pre-commit'] });
    assert.ok(existsSync(join(r.dir, '.githooks/pre-commit')));
  });

  it('the CLI installs and refuses with exit code 2', () => {
    const r = repo();
    const run = (...a: string[]) => spawnSync(process.execPath, [CLI, 'secrets', 'hook', ...a], { cwd: r.dir, encoding: 'utf8' });
    assert.equal(run('install').status, 0);
    writeFileSync(join(r.dir, '.git/hooks/pre-commit'), '#!/bin/sh\n');
    const refused = run('install');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /not a mamori hook/);
  });
});
