import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SNAPSHOT, evaluate, loadSnapshot } from '../../src/scan/run.js';
import { buildDemoSnapshot } from '../fake/demo.js';
import { runCli, tempDir } from './cli-harness.js';

const shape = (findings: any[]) => findings.map((f) => `${f.checkId}|${f.status}|${f.region}|${f.resource}`).sort();

describe('mamori scan --demo', () => {
  it('is labelled DEMO in the terminal and in JSON, and opens on takeover paths', async () => {
    const dir = tempDir();
    await runCli(['scan', '--demo', '--no-store', '--out', join(dir, 'demo.txt')]);
    const text = readFileSync(join(dir, 'demo.txt'), 'utf8');
    assert.match(text.split('\n')[0]!, /DEMO/);
    assert.match(text, /DEMO.*Takeover paths/);
    assert.match(text, /dev-poweruser: active key/);
    assert.match(text, /Summary/);
    await runCli(['scan', '--demo', '--no-store', '--format', 'json', '--out', join(dir, 'demo.json')]);
    const json = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8'));
    assert.equal(json.demo, true);
    assert.ok(json.summary.takeoverPaths >= 4);
  });

  it('the bundled snapshot is what the collectors produce from the vulnerable seed today (regenerate with scripts/make-demo)', async () => {
    const bundled = evaluate(loadSnapshot(DEMO_SNAPSHOT));
    const fresh = evaluate(await buildDemoSnapshot());
    assert.deepEqual(shape(bundled.findings), shape(fresh.findings));
  });
});
