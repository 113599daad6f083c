import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectAccessAnalyzer } from '../../../src/scan/collect/accessanalyzer.js';
import type { Analyzer } from '../../../src/scan/snapshot.js';
import { accessAnalyzerState, enableAccessAnalyzer } from '../../fake/services/accessanalyzer.js';
import { newAccount, runCollector, value } from './detection-harness.js';

describe('collector accessanalyzer', () => {
  it('lists analyzers per region', async () => {
    const a = newAccount();
    enableAccessAnalyzer(a, ['us-east-1']);
    const { snap } = await runCollector(collectAccessAnalyzer, a);
    assert.deepEqual(value(snap.accessAnalyzer['us-east-1']), [{ name: 'ExternalAccess-us-east-1', type: 'ACCOUNT', status: 'ACTIVE' }]);
    assert.deepEqual(value(snap.accessAnalyzer['eu-west-1']), []);
  });

  it('pages through ListAnalyzers', async () => {
    const a = newAccount();
    const s = accessAnalyzerState(a.regions.get('eu-west-1')!);
    for (let i = 0; i < 130; i++) s.analyzers.push({ name: `a${i}`, type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' });
    const { snap, fake } = await runCollector(collectAccessAnalyzer, a, { regions: ['eu-west-1'] });
    assert.equal(value<Analyzer[]>(snap.accessAnalyzer['eu-west-1']).length, 130);
    assert.equal(fake.calls.get('access-analyzer:ListAnalyzers'), 2);
  });

  it('AccessDenied and a disabled region are failed reads of their region', async () => {
    const a = newAccount();
    enableAccessAnalyzer(a);
    const { snap } = await runCollector(collectAccessAnalyzer, a, { regions: ['af-south-1', 'eu-west-1', 'us-east-1'], faults: [{ api: 'access-analyzer:ListAnalyzers', region: 'eu-west-1', code: 'AccessDeniedException' }] });
    const eu = snap.accessAnalyzer['eu-west-1']!;
    const af = snap.accessAnalyzer['af-south-1']!;
    assert.equal(!eu.ok && eu.error.kind, 'access-denied');
    assert.equal(!af.ok && af.error.kind, 'region-disabled');
    assert.equal(snap.accessAnalyzer['us-east-1']!.ok, true);
  });
});
