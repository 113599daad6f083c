import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/store/store.js';
import { ScanStore } from '../../src/store/scans.js';
import { finishSession, runSession, type ScanTarget } from '../../src/scan/session.js';
import { hardened } from './fixtures.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('scan sessions', () => {
  it('keeps at most --parallel-accounts accounts in flight and records each as it finishes', async () => {
    const store = new ScanStore(openDatabase(':memory:'));
    const ids = Array.from({ length: 10 }, (_, i) => String(100000000000 + i));
    const scanId = store.begin(ids, [], false, new Date(), 'org');
    store.planAccounts(scanId, ids.map((id) => ({ id })));
    let inFlight = 0;
    let peak = 0;
    const recordedWhenStarted: number[] = [];
    const targets: ScanTarget[] = ids.map((id) => ({
      account: id,
      async open() {
        recordedWhenStarted.push(store.accounts(scanId).filter((a) => a.status !== 'pending').length);
        peak = Math.max(peak, ++inFlight);
        for (let i = 0; i < 3; i++) await tick();
        inFlight--;
        const snap = hardened();
        snap.account = { ...snap.account, id };
        return snap;
      },
    }));
    assert.equal(await runSession(targets, { store, scanId, parallelAccounts: 3 }), true);
    assert.equal(peak, 3);
    // accounts started later found earlier ones already written: findings are streamed, not held to the end
    assert.ok(recordedWhenStarted.at(-1)! >= 6, `recorded before the last started: ${recordedWhenStarted.at(-1)}`);
    const summary = finishSession(store, scanId);
    assert.equal(summary.total, store.findings(scanId).length);
    assert.ok(store.accounts(scanId).every((a) => a.status === 'complete'));
  });

  it('records an account that throws as NOT_ASSESSED with the reason and goes on', async () => {
    const store = new ScanStore(openDatabase(':memory:'));
    const scanId = store.begin(['100000000001', '100000000002'], [], false, new Date(), 'org');
    const targets: ScanTarget[] = [
      { account: '100000000001', resource: 'arn:aws:iam::100000000001:role/R', open: async () => Promise.reject(new Error('socket hang up')) },
      { account: '100000000002', open: async () => ({ ...hardened(), account: { ...hardened().account, id: '100000000002' } }) },
    ];
    await runSession(targets, { store, scanId });
    const [a, b] = store.accounts(scanId);
    assert.equal(a!.status, 'not_assessed');
    assert.match(a!.reason!, /socket hang up/);
    assert.equal(b!.status, 'complete');
    const f = store.findings(scanId).filter((x) => x.account === '100000000001');
    assert.deepEqual(f.map((x) => [x.checkId, x.status, x.resource]), [['org.member-access', 'NOT_ASSESSED', 'arn:aws:iam::100000000001:role/R']]);
  });

  it('stops starting accounts once aborted, leaving them pending for --resume', async () => {
    const store = new ScanStore(openDatabase(':memory:'));
    const ids = ['100000000001', '100000000002', '100000000003'];
    const scanId = store.begin(ids, [], false, new Date(), 'org');
    store.planAccounts(scanId, ids.map((id) => ({ id })));
    const abort = new AbortController();
    const targets: ScanTarget[] = ids.map((id) => ({ account: id, open: async () => ({ ...hardened(), account: { ...hardened().account, id } }) }));
    const done = await runSession(targets, { store, scanId, parallelAccounts: 1, signal: abort.signal, onAccountDone: () => abort.abort() });
    assert.equal(done, false);
    assert.deepEqual(store.accounts(scanId).map((a) => a.status), ['complete', 'pending', 'pending']);
  });
});
