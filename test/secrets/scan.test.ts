import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { scanSecrets, isFailing, parsePushRefs, rawSecret } from '../../src/secrets/scan.js';
import { TempRepo } from './repo.js';
import * as g from './gen.js';

const repos: TempRepo[] = [];
const repo = (init = true) => {
  const r = new TempRepo(init);
  repos.push(r);
  return r;
};
after(() => repos.forEach((r) => r.remove()));

describe('working tree scan', () => {
  it('reports rule, file:line:column, the key id in full with its account, and fails', async () => {
    const r = repo();
    const id = g.keyId('123456789012');
    r.write('src/config.js', `// config\nconst key = "${id}";\n`);
    const res = await scanSecrets({ mode: 'tree', cwd: r.dir });
    assert.equal(res.findings.length, 1);
    const f = res.findings[0]!;
    assert.deepEqual([f.rule, f.path, f.line, f.column], ['aws-access-key-id', 'src/config.js', 2, 14]);
    assert.equal(f.secret, id);
    assert.equal(f.aws?.account, '123456789012');
    assert.equal(res.summary.failing, 1);
  });

  it('masks secrets: only the first and last four characters appear', async () => {
    const r = repo();
    const secret = g.secretKey();
    r.write('creds', `aws_secret_access_key = ${secret}\n`);
    const res = await scanSecrets({ mode: 'tree', cwd: r.dir });
    const out = JSON.stringify(res);
    assert.ok(!out.includes(secret.slice(4, 36)), 'the secret leaks into the result');
    assert.equal(res.findings[0]!.secret.slice(0, 4), secret.slice(0, 4));
  });

  it('respects .gitignore inside a repository, and --no-ignore walks everything', async () => {
    const r = repo();
    r.write('.gitignore', 'ignored/\n').write('ignored/env', `KEY=${g.keyId()}\n`).write('kept.txt', 'nothing here\n');
    const ignoring = await scanSecrets({ mode: 'tree', cwd: r.dir });
    assert.equal(ignoring.findings.length, 0);
    const all = await scanSecrets({ mode: 'tree', cwd: r.dir, noIgnore: true });
    assert.deepEqual(all.findings.map((f) => f.path), ['ignored/env']);
  });

  it('skips and counts binaries, invalid UTF-8, huge files, symlinks and loops without crashing', async () => {
    const r = repo(false);
    r.write('bin.dat', Buffer.concat([Buffer.from(`${g.keyId()}\0\0`), Buffer.alloc(100)]));
    r.write('latin1.txt', Buffer.from([0x41, 0xe9, 0xff, 0x42]));
    r.write('big.txt', 'x'.repeat(2 * 1024 * 1024));
    r.write('ok.txt', 'fine\n');
    symlinkSync('loop-b', join(r.dir, 'loop-a'));
    symlinkSync('loop-a', join(r.dir, 'loop-b'));
    symlinkSync('ok.txt', join(r.dir, 'link.txt'));
    execFileSync('mkfifo', [join(r.dir, 'fifo')]);
    const res = await scanSecrets({ mode: 'tree', cwd: r.dir, maxSize: 1024 * 1024 });
    assert.deepEqual(res.summary.skipped, { binary: 1, 'invalid-utf8': 1, 'not-a-file': 1, symlink: 3, 'too-large': 1 });
    assert.equal(res.summary.scanned, 1);
    // A loop named explicitly is reported as such.
    const named = await scanSecrets({ mode: 'tree', cwd: r.dir, paths: ['loop-a'] });
    assert.deepEqual(named.summary.skipped, { 'symlink-loop': 1 });
  });

  it('scans a huge minified line in linear time and still finds the key', async () => {
    const r = repo(false);
    const id = g.keyId();
    r.write('bundle.min.js', 'var a="x";'.repeat(300_000) + `k="${id}";` + 'password=;'.repeat(50_000));
    const res = await scanSecrets({ mode: 'tree', cwd: r.dir });
    assert.deepEqual(res.findings.map((f) => [f.rule, f.line]), [['aws-access-key-id', 1]]);
  });

  it('worker threads give the same findings, skips and raw values as one thread', async () => {
    const r = repo(false);
    for (let i = 0; i < 40; i++) r.write(`d${i % 4}/f${i}.txt`, i % 3 === 0 ? `aws_access_key_id=${g.keyId()}\naws_secret_access_key=${g.secretKey()}\n` : 'plain\n');
    r.write('bin.dat', Buffer.from([0, 1, 2]));
    const one = await scanSecrets({ mode: 'tree', cwd: r.dir, workers: 1 });
    const many = await scanSecrets({ mode: 'tree', cwd: r.dir, workers: 3, minFilesPerWorker: 5 });
    assert.equal(many.findings.length, 28);
    assert.deepEqual(many.findings, one.findings);
    assert.deepEqual([many.summary.scanned, many.summary.bytes, many.summary.skipped], [one.summary.scanned, one.summary.bytes, one.summary.skipped]);
    assert.ok(many.findings.every((f) => typeof rawSecret(f) === 'string' && rawSecret(f)!.length >= 20), 'raw values survive the thread hop (needed by --verify)');
  });

  it('reads stdin', async () => {
    const res = await scanSecrets({ mode: 'stdin', input: Buffer.from(`x\n${g.githubPat()}\n`) });
    assert.deepEqual(res.findings.map((f) => [f.path, f.rule, f.line]), [['-', 'github-token', 2]]);
  });

  it('--rules restricts the detectors, and an unknown rule is an error', async () => {
    const input = Buffer.from(`${g.githubPat()}\n${g.keyId()}\n`);
    const res = await scanSecrets({ mode: 'stdin', input, rules: ['aws-access-key-id'] });
    assert.deepEqual(res.findings.map((f) => f.rule), ['aws-access-key-id']);
    await assert.rejects(scanSecrets({ mode: 'stdin', input, rules: ['nope'] }), /unknown rule\(s\): nope/);
  });

  it('documentation examples are reported but never fail', async () => {
    const res = await scanSecrets({ mode: 'stdin', input: Buffer.from('AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY') });
    assert.equal(res.findings.length, 2);
    assert.ok(res.findings.every((f) => f.example && !isFailing(f)));
    assert.equal(res.summary.failing, 0);
  });
});

describe('--staged', () => {
  it('scans the index, not the working tree (staged key, cleaned working copy)', async () => {
    const r = repo();
    r.write('README', 'hello\n');
    r.commit('init');
    const id = g.keyId();
    r.write('app.env', `AWS_ACCESS_KEY_ID=${id}\n`);
    r.git('add', 'app.env');
    r.write('app.env', 'AWS_ACCESS_KEY_ID=\n'); // not staged
    const res = await scanSecrets({ mode: 'staged', cwd: r.dir });
    assert.deepEqual(res.findings.map((f) => [f.path, f.secret]), [['app.env', id]]);
    assert.equal(res.summary.scanned, 1, 'only the staged file is read');
  });

  it('does not report a key that is only in the working tree', async () => {
    const r = repo();
    r.write('app.env', 'AWS_ACCESS_KEY_ID=\n');
    r.git('add', 'app.env');
    r.write('app.env', `AWS_ACCESS_KEY_ID=${g.keyId()}\n`);
    r.write('untracked.env', `AWS_ACCESS_KEY_ID=${g.keyId()}\n`);
    const res = await scanSecrets({ mode: 'staged', cwd: r.dir });
    assert.equal(res.findings.length, 0);
  });

  it('works before the first commit and ignores deletions', async () => {
    const r = repo();
    r.write('a.txt', g.githubPat());
    r.git('add', 'a.txt');
    assert.equal((await scanSecrets({ mode: 'staged', cwd: r.dir })).findings.length, 1);
    r.commit('add');
    r.git('rm', '-q', 'a.txt');
    assert.equal((await scanSecrets({ mode: 'staged', cwd: r.dir })).summary.scanned, 0);
  });
});

describe('--history', () => {
  it('finds a key that was added and later removed, naming the commit that introduced it', async () => {
    const r = repo();
    r.write('README', 'hello\n');
    r.commit('init');
    const id = g.keyId('111122223333');
    r.write('deploy/settings.py', `AWS_KEY = "${id}"\n`);
    const added = r.commit('add settings');
    r.write('deploy/settings.py', 'AWS_KEY = os.environ["AWS_KEY"]\n');
    r.commit('remove the key');
    assert.equal((await scanSecrets({ mode: 'tree', cwd: r.dir })).findings.length, 0);
    const res = await scanSecrets({ mode: 'history', cwd: r.dir });
    assert.equal(res.findings.length, 1);
    const f = res.findings[0]!;
    assert.equal(f.commit?.id, added);
    assert.equal(f.commit?.author, 'Test Author');
    assert.equal(f.commit?.email, 'author@example.com');
    assert.match(f.commit!.date, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual([f.path, f.line, f.aws?.account], ['deploy/settings.py', 1, '111122223333']);
  });

  it('reads each distinct blob once and sees every ref, not just HEAD', async () => {
    const r = repo();
    const same = `token: ${g.githubPat()}\n`;
    r.write('a.yml', same).write('b.yml', same);
    r.commit('two copies');
    r.git('checkout', '-q', '-b', 'feature');
    r.write('c.txt', g.gitlabPat());
    r.commit('on a branch');
    r.git('checkout', '-q', 'main');
    const res = await scanSecrets({ mode: 'history', cwd: r.dir });
    assert.equal(res.summary.scanned, 2, 'one blob shared by a.yml and b.yml, one on the branch');
    assert.deepEqual(res.findings.map((f) => f.rule).sort(), ['github-token', 'gitlab-token']);
  });

  it('works on a bare clone (no work tree)', async () => {
    const r = repo();
    r.write('k.txt', g.githubPat());
    const c = r.commit('add');
    const bare = repo(false);
    bare.git('clone', '-q', '--bare', r.dir, join(bare.dir, 'b.git'));
    const res = await scanSecrets({ mode: 'history', cwd: join(bare.dir, 'b.git') });
    assert.deepEqual(res.findings.map((f) => [f.path, f.commit?.id]), [['k.txt', c]]);
  });

  it('--since REV only scans what is newer', async () => {
    const r = repo();
    r.write('old.txt', g.githubPat());
    const first = r.commit('old');
    r.write('new.txt', g.npmToken());
    r.commit('new');
    const res = await scanSecrets({ mode: 'history', cwd: r.dir, since: first });
    assert.deepEqual(res.findings.map((f) => f.rule), ['npm-token']);
  });

  it('an unknown --since revision fails with git\'s message', async () => {
    const r = repo();
    r.write('k.txt', g.githubPat());
    r.commit('add');
    await assert.rejects(scanSecrets({ mode: 'history', cwd: r.dir, since: 'no-such-rev' }), /git rev-list failed: .*no-such-rev/);
  });
});

describe('pre-push', () => {
  it('parses the refs git passes the hook', () => {
    const z = '0'.repeat(40);
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    assert.deepEqual(parsePushRefs(`refs/heads/main ${a} refs/heads/main ${b}\nrefs/heads/gone ${z} refs/heads/gone ${a}\nrefs/heads/new ${b} refs/heads/new ${z}\n`), {
      revs: [a, b],
      exclude: [b],
    });
  });

  it('scans only the commits being pushed', async () => {
    const r = repo();
    r.write('old.txt', g.githubPat());
    const pushed = r.commit('already on the remote');
    r.git('update-ref', 'refs/remotes/origin/main', pushed);
    r.write('new.txt', g.slackBot());
    const head = r.commit('new');
    const res = await scanSecrets({ mode: 'pre-push', cwd: r.dir, pushRefs: `refs/heads/main ${head} refs/heads/main ${pushed}\n` });
    assert.deepEqual(res.findings.map((f) => [f.rule, f.commit?.id]), [['slack-token', head]]);
  });
});
