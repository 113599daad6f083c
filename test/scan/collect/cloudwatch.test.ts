import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectCloudWatch } from '../../../src/scan/collect/cloudwatch.js';
import type { MetricAlarm, SnsSubscription } from '../../../src/scan/snapshot.js';
import { addAlarm, addBillingAlarm } from '../../fake/services/cloudwatch.js';
import { addTopic, subscribe } from '../../fake/services/sns.js';
import { newAccount, runCollector, TEST_ACCOUNT, value } from './detection-harness.js';

describe('collector cloudwatch', () => {
  it('pages through DescribeAlarms (100 per page) in each region', async () => {
    const a = newAccount();
    for (let i = 0; i < 130; i++) addAlarm(a, 'eu-west-1', { name: `cpu-${String(i).padStart(3, '0')}`, metricName: 'CPUUtilization', namespace: 'AWS/EC2' });
    const { snap, fake } = await runCollector(collectCloudWatch, a);
    const eu = value<MetricAlarm[]>(snap.alarms['eu-west-1']);
    assert.equal(eu.length, 130);
    assert.equal(new Set(eu.map((x) => x.name)).size, 130);
    assert.deepEqual(value(snap.alarms['us-east-1']), []);
    assert.equal(fake.calls.get('cloudwatch:DescribeAlarms'), 3);
  });

  it('reads the subscriptions of every topic an alarm notifies, across pages, pending ones unconfirmed', async () => {
    const a = newAccount();
    const topic = addTopic(a, 'us-east-1', 'billing');
    for (let i = 0; i < 120; i++) subscribe(a, topic, `ops+${i}@example.com`, false);
    subscribe(a, topic, 'owner@example.com', true);
    addBillingAlarm(a, topic);
    const { snap, fake } = await runCollector(collectCloudWatch, a);
    const alarm = value<MetricAlarm[]>(snap.alarms['us-east-1'])[0]!;
    assert.deepEqual([alarm.namespace, alarm.metricName, alarm.actions, alarm.actionsEnabled], ['AWS/Billing', 'EstimatedCharges', [topic], true]);
    const subs = value<SnsSubscription[]>(snap.snsSubscriptions[topic]);
    assert.equal(subs.length, 121);
    assert.deepEqual(subs.filter((s) => s.confirmed).length, 1);
    assert.equal(fake.calls.get('sns:ListSubscriptionsByTopic'), 2);
  });

  it('non-SNS actions (auto scaling, EC2 actions) are not looked up as topics', async () => {
    const a = newAccount();
    addAlarm(a, 'us-east-1', { name: 'stop', metricName: 'CPUUtilization', namespace: 'AWS/EC2', actions: ['arn:aws:automate:us-east-1:ec2:stop'] });
    const { snap, fake } = await runCollector(collectCloudWatch, a);
    assert.deepEqual(snap.snsSubscriptions, {});
    assert.equal(fake.calls.get('sns:ListSubscriptionsByTopic'), undefined);
  });

  it('a deleted topic still named by an alarm is a failed read (not-found), not "no subscribers"', async () => {
    const a = newAccount();
    const gone = `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:deleted-topic`;
    addAlarm(a, 'us-east-1', { name: 'root', metricName: 'root_usage_metric', namespace: 'CISBenchmark', actions: [gone] });
    const { snap } = await runCollector(collectCloudWatch, a);
    const r = snap.snsSubscriptions[gone]!;
    assert.equal(!r.ok && `${r.error.code} ${r.error.kind}`, 'NotFoundException not-found');
  });

  it('AccessDenied on DescribeAlarms and a disabled region are failed reads of that region only', async () => {
    const a = newAccount();
    const { snap } = await runCollector(collectCloudWatch, a, { regions: ['af-south-1', 'eu-west-1', 'us-east-1'], faults: [{ api: 'cloudwatch:DescribeAlarms', region: 'eu-west-1', code: 'AccessDenied' }] });
    const eu = snap.alarms['eu-west-1']!;
    const af = snap.alarms['af-south-1']!;
    assert.equal(!eu.ok && eu.error.kind, 'access-denied');
    assert.equal(!af.ok && af.error.kind, 'region-disabled');
    assert.equal(snap.alarms['us-east-1']!.ok, true);
  });

  it('AccessDenied on SNS is a failed read of that topic', async () => {
    const a = newAccount();
    const topic = addTopic(a, 'us-east-1', 'alerts');
    addAlarm(a, 'us-east-1', { name: 'x', metricName: 'm', namespace: 'n', actions: [topic] });
    const { snap } = await runCollector(collectCloudWatch, a, { faults: [{ api: 'sns:ListSubscriptionsByTopic', code: 'AuthorizationError', status: 403 }] });
    const r = snap.snsSubscriptions[topic]!;
    assert.equal(!r.ok && r.error.kind, 'access-denied');
  });

  it('a metric-math alarm keeps the metrics its expression reads', async () => {
    const a = newAccount();
    addAlarm(a, 'us-east-1', { name: 'root-or-failures', metricName: '', namespace: '', math: [{ metricName: 'root_usage_metric', namespace: 'CISBenchmark' }, { metricName: 'console_signin_failure_metric', namespace: 'CISBenchmark' }] });
    const { snap } = await runCollector(collectCloudWatch, a, { regions: ['us-east-1'] });
    const alarm = value<MetricAlarm[]>(snap.alarms['us-east-1'])[0]!;
    assert.equal(alarm.metricName, undefined);
    assert.deepEqual(alarm.mathMetrics, [
      { name: 'root_usage_metric', namespace: 'CISBenchmark' },
      { name: 'console_signin_failure_metric', namespace: 'CISBenchmark' },
    ]);
  });
});
