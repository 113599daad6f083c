import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/store.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { ScanStore } from '../../src/store/scans.js';
import { tempDir } from '../e2e/cli-harness.js';

describe('store', () => {
  it('creates the file 0600 in a 0700 directory and applies every migration once', () => {
    const dir = join(tempDir(), 'nested', '.mamori');
    const path = join(dir, 'mamori.db');
    const db = openDatabase(path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    db.close();
    const again = openDatabase(path);
    assert.equal(again.pragma('user_version', { simple: true }), MIGRATIONS.length);
    again.close();
  });

  it('tightens an existing file that was left world-readable', () => {
    const path = join(tempDir(), 'm.db');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    openDatabase(path).close();
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('round-trips a scan and its findings', () => {
    const db = openDatabase(':memory:');
    const store = new ScanStore(db);
    const id = store.begin(['123456789012'], ['eu-west-1'], false);
    const finding = { id: 'abcdef0123456789', checkId: 'iam.x', status: 'FAIL', severity: 'high', account: '123456789012', region: 'global', resource: 'r', title: 't', reason: 'why', fix: { cli: 'aws x' }, threat: 'th', service: 'iam' } as const;
    store.addFindings(id, [finding]);
    store.finish(id, 'complete', { total: 1 });
    assert.deepEqual(store.findings(id), [finding]);
    const [scan] = store.list();
    assert.equal(scan!.status, 'complete');
    assert.deepEqual(scan!.summary, { total: 1 });
  });
});
