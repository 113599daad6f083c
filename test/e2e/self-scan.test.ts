import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scanSecrets } from '../../src/secrets/scan.js';

describe('this repository', () => {
  it('holds no secret that mamori secrets would fail on (test keys are AWS examples or built at run time)', async () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const result = await scanSecrets({ mode: 'tree', cwd: root, paths: ['src', 'test', 'bench', 'scripts', 'data', 'docs'] });
    assert.equal(result.summary.failing, 0, result.findings.map((f) => `${f.path}:${f.line} ${f.rule} example=${f.example}`).join('\n'));
    assert.ok(result.summary.scanned > 100, 'the scan really covered the tree');
  });
});
