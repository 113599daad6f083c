import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectBudgets } from '../../../src/scan/collect/budgets.js';
import type { Budget } from '../../../src/scan/snapshot.js';
import { addBudget } from '../../fake/services/budgets.js';
import { newAccount, runCollector, value } from './detection-harness.js';

describe('collector budgets', () => {
  it('an account without budgets reads as an empty list (Budgets answers NotFoundException)', async () => {
    const { snap } = await runCollector(collectBudgets, newAccount());
    assert.deepEqual(value(snap.billing.budgets), []);
  });

  it('reads each budget with its notifications and subscriber counts', async () => {
    const a = newAccount();
    addBudget(a, 'monthly', { amount: '25.0' });
    const silent = addBudget(a, 'silent');
    silent.notifications[0]!.subscribers = [];
    addBudget(a, 'usage', { type: 'USAGE', notifications: [] });
    const { snap } = await runCollector(collectBudgets, a);
    const byName = Object.fromEntries(value<Budget[]>(snap.billing.budgets).map((b) => [b.name, b]));
    assert.deepEqual(byName.monthly, { name: 'monthly', type: 'COST', limit: { amount: '25.0', unit: 'USD' }, notifications: [{ type: 'ACTUAL', threshold: 80, thresholdType: 'PERCENTAGE', subscribers: 1 }] });
    assert.deepEqual(byName.silent!.notifications.map((n) => n.subscribers), [0]);
    assert.deepEqual(byName.usage!.notifications, []);
  });

  it('pages through DescribeBudgets (100 per page)', async () => {
    const a = newAccount();
    for (let i = 0; i < 130; i++) addBudget(a, `team-${i}`);
    const { snap, fake } = await runCollector(collectBudgets, a);
    assert.equal(value<Budget[]>(snap.billing.budgets).length, 130);
    assert.equal(fake.calls.get('budgets:DescribeBudgets'), 2);
  });

  it('AccessDenied is a failed read, never an empty list', async () => {
    const a = newAccount();
    addBudget(a, 'monthly');
    const { snap } = await runCollector(collectBudgets, a, { faults: [{ api: 'budgets:DescribeBudgets', code: 'AccessDeniedException' }] });
    assert.equal(!snap.billing.budgets.ok && `${snap.billing.budgets.error.api} ${snap.billing.budgets.error.kind}`, 'budgets:ViewBudget access-denied');
  });

  it('a denied subscriber lookup fails the read rather than count zero subscribers', async () => {
    const a = newAccount();
    addBudget(a, 'monthly');
    const { snap } = await runCollector(collectBudgets, a, { faults: [{ api: 'budgets:DescribeSubscribersForNotification', code: 'AccessDeniedException' }] });
    assert.equal(snap.billing.budgets.ok, false);
  });
});
