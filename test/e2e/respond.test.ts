import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { renderTerminal } from '../../src/respond/report.js';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createFake, type FakeAws, type FakeAccount } from '../fake/index.js';
import { vulnerableAccount } from '../fake/seeds.js';
import { allowSelfServiceKeys, playBriefAttack } from '../fake/attack.js';
import { LEAKED, writesSince } from '../respond/helpers.js';
import { runCli, tempDir, useExampleCredentials } from './cli-harness.js';

/** Runs respond with --out and returns the terminal summary rebuilt from the JSON it wrote, and the Markdown. */
async function respondOut(args: string[], dir: string): Promise<{ terminal: string; md: string; json: any }> {
  const before = new Set(existsSync(dir) ? readdirSync(dir) : []);
  await runCli([...args, '--out', dir]);
  const json = readdirSync(dir).find((f) => f.endsWith('.json') && !before.has(f)) ?? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().pop()!;
  const result = JSON.parse(readFileSync(join(dir, json), 'utf8'));
  return { terminal: renderTerminal(result), md: readFileSync(join(dir, json.replace(/\.json$/, '.md')), 'utf8'), json: result };
}

describe('mamori respond (CLI)', () => {
  let fake: FakeAws;
  let a: FakeAccount;
  const dir = tempDir();
  const db = join(dir, 'm.db');
  const regions = ['us-east-1', 'eu-west-1'];

  before(async () => {
    useExampleCredentials();
    a = vulnerableAccount();
    allowSelfServiceKeys(a);
    fake = createFake([a]);
    await playBriefAttack(fake, LEAKED, { regions, instancesPerRegion: 2 });
  });
  after(() => fake.uninstall());

  it('rejects something that is not an access key id', async () => {
    await assert.rejects(runCli(['respond', 'key', 'not-a-key', '--db', db]), /not an access key id/);
  });

  it('--apply with neither a terminal nor --yes refuses before any call', async () => {
    const c0 = new Map(fake.calls);
    await assert.rejects(runCli(['respond', 'key', LEAKED.accessKeyId, '--apply', '--db', db]), /confirm with --yes/);
    assert.equal(fake.callsSince(c0).size, 0);
  });

  it('by default prints the plan and changes nothing', async () => {
    const c0 = new Map(fake.calls);
    const { terminal: out, md } = await respondOut(['respond', 'key', LEAKED.accessKeyId, '--regions', regions.join(','), '--db', db], join(dir, 'dry'));
    assert.deepEqual([...writesSince(fake, c0)], []);
    assert.match(md, /Dry run: nothing was changed/);
    assert.match(out, /DRY RUN \(nothing changed\)/);
    assert.match(out, /\[planned\] 2 instance\(s\) in eu-west-1/);
    assert.match(out, /contain now: mamori respond key AKIA\w+ --contain/);
  });

  it('--apply --yes carries everything out, writes the report and records the incident', async () => {
    const { terminal: out } = await respondOut(['respond', 'key', LEAKED.accessKeyId, '--apply', '--yes', '--regions', regions.join(','), '--db', db], dir);
    assert.match(out, /applied/);
    assert.match(out, /\[done\] 2 instance\(s\) in us-east-1/);
    const md = readFileSync(join(dir, 'incident-1.md'), 'utf8');
    assert.match(md, /## Timeline/);
    assert.ok(existsSync(join(dir, 'incident-1.html')) && existsSync(join(dir, 'incident-1.json')));
    const store = new Database(db, { readonly: true });
    try {
      const rows = store.prepare(`SELECT outcome, COUNT(*) AS n FROM audit_log GROUP BY outcome`).all() as { outcome: string; n: number }[];
      assert.ok(rows.some((r) => r.outcome === 'done' && r.n >= 4), JSON.stringify(rows));
    } finally {
      store.close();
    }
  });
});
