import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectCloudTrail, managementCoverage } from '../../../src/scan/collect/cloudtrail.js';
import type { MetricFilter, Trail } from '../../../src/scan/snapshot.js';
import { addCompliantTrail, addTrail } from '../../fake/services/cloudtrail.js';
import { addMetricFilter } from '../../fake/services/logs.js';
import { newAccount, runCollector, TEST_ACCOUNT, value } from './detection-harness.js';

describe('collector cloudtrail', () => {
  it('lists a multi-region trail once, with status and selectors from its home region, and its log group filters', async () => {
    const a = newAccount();
    const { trailArn, logGroupArn } = addCompliantTrail(a, 'us-east-1');
    const { snap, fake } = await runCollector(collectCloudTrail, a, { regions: ['eu-west-1', 'us-east-1', 'us-west-2'] });
    const trails = value<Trail[]>(snap.cloudtrail.trails);
    assert.equal(trails.length, 1);
    const t = trails[0]!;
    assert.deepEqual(
      { arn: t.arn, home: t.homeRegion, multi: t.multiRegion, lg: t.cloudWatchLogGroupArn, status: value(t.status), me: value(t.managementEvents) },
      { arn: trailArn, home: 'us-east-1', multi: true, lg: logGroupArn, status: { isLogging: true }, me: { read: true, write: true } },
    );
    assert.equal(fake.calls.get('cloudtrail:DescribeTrails'), 3);
    assert.equal(fake.calls.get('cloudtrail:GetTrailStatus'), 1);
    assert.equal(value<MetricFilter[]>(snap.metricFilters[logGroupArn]).length, 6);
    assert.equal(snap.cloudtrail.unreadRegions, undefined);
  });

  it('pages through DescribeMetricFilters (50 per page)', async () => {
    const a = newAccount();
    const { logGroupArn } = addCompliantTrail(a, 'us-east-1');
    const group = logGroupArn.split(':log-group:')[1]!.replace(/:\*$/, '');
    for (let i = 0; i < 60; i++) addMetricFilter(a, 'us-east-1', group, { name: `app-${i}`, pattern: `{ $.eventName = "Op${i}" }`, metricName: `m${i}`, namespace: 'App' });
    const { snap, fake } = await runCollector(collectCloudTrail, a, { regions: ['us-east-1'] });
    const filters = value<MetricFilter[]>(snap.metricFilters[logGroupArn]);
    assert.equal(filters.length, 66);
    assert.equal(new Set(filters.map((f) => f.name)).size, 66);
    assert.equal(fake.calls.get('logs:DescribeMetricFilters'), 2);
  });

  it('reads advanced selectors: readOnly = true records reads only', async () => {
    const a = newAccount();
    addTrail(a, 'eu-west-1', {
      name: 'reads',
      multiRegion: false,
      logFileValidation: false,
      selectors: { kind: 'advanced', selectors: [{ Name: 'mgmt reads', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }] },
    });
    const { snap } = await runCollector(collectCloudTrail, a);
    const t = value<Trail[]>(snap.cloudtrail.trails)[0]!;
    assert.deepEqual([t.name, t.multiRegion, t.logFileValidation, value(t.managementEvents)], ['reads', false, false, { read: true, write: false }]);
    assert.deepEqual(snap.metricFilters, {});
  });

  it('a region whose DescribeTrails is denied is reported, the trails seen elsewhere kept', async () => {
    const a = newAccount();
    addCompliantTrail(a, 'us-east-1');
    const { snap } = await runCollector(collectCloudTrail, a, { faults: [{ api: 'cloudtrail:DescribeTrails', region: 'eu-west-1', code: 'AccessDeniedException' }] });
    assert.equal(value<Trail[]>(snap.cloudtrail.trails).length, 1);
    assert.deepEqual(snap.cloudtrail.unreadRegions?.map((f) => [f.region, f.kind]), [['eu-west-1', 'access-denied']]);
  });

  it('DescribeTrails denied everywhere is a failed read, not an empty list', async () => {
    const a = newAccount();
    addCompliantTrail(a, 'us-east-1');
    const { snap } = await runCollector(collectCloudTrail, a, { faults: [{ api: 'cloudtrail:DescribeTrails', code: 'AccessDeniedException' }] });
    assert.equal(snap.cloudtrail.trails.ok, false);
    assert.equal(!snap.cloudtrail.trails.ok && snap.cloudtrail.trails.error.kind, 'access-denied');
  });

  it('a region not opted in is an unread region classified region-disabled', async () => {
    const a = newAccount();
    addCompliantTrail(a, 'us-east-1');
    const { snap } = await runCollector(collectCloudTrail, a, { regions: ['af-south-1', 'us-east-1'] });
    assert.deepEqual(snap.cloudtrail.unreadRegions?.map((f) => [f.region, f.kind]), [['af-south-1', 'region-disabled']]);
  });

  it('status and metric filters denied become failed reads on the trail and the log group', async () => {
    const a = newAccount();
    const { logGroupArn } = addCompliantTrail(a, 'us-east-1');
    const { snap } = await runCollector(collectCloudTrail, a, {
      faults: [
        { api: 'cloudtrail:GetTrailStatus', code: 'AccessDeniedException' },
        { api: 'logs:DescribeMetricFilters', code: 'AccessDeniedException' },
      ],
    });
    const t = value<Trail[]>(snap.cloudtrail.trails)[0]!;
    assert.equal(!t.status.ok && t.status.error.api, 'cloudtrail:GetTrailStatus');
    assert.equal(t.managementEvents.ok, true);
    const mf = snap.metricFilters[logGroupArn]!;
    assert.equal(!mf.ok && `${mf.error.api} ${mf.error.region} ${mf.error.kind}`, 'logs:DescribeMetricFilters us-east-1 access-denied');
  });

  it('the trail ARN carries the account', async () => {
    const a = newAccount();
    addCompliantTrail(a, 'eu-west-1', { name: 'eu' });
    const { snap } = await runCollector(collectCloudTrail, a);
    assert.equal(value<Trail[]>(snap.cloudtrail.trails)[0]!.arn, `arn:aws:cloudtrail:eu-west-1:${TEST_ACCOUNT}:trail/eu`);
  });
});

describe('collector cloudtrail, organization trails', () => {
  it('a log group in another account is not read, and says why', async () => {
    const a = newAccount();
    const other = 'arn:aws:logs:us-east-1:999988887777:log-group:org-trail:*';
    addTrail(a, 'us-east-1', { name: 'org', organizationTrail: true, logGroupArn: other });
    const { snap, fake } = await runCollector(collectCloudTrail, a, { regions: ['us-east-1'] });
    const r = snap.metricFilters[other]!;
    assert.equal(!r.ok && r.error.code, 'OtherAccount');
    assert.match(!r.ok ? r.error.message : '', /account 999988887777/);
    assert.equal(fake.calls.get('logs:DescribeMetricFilters'), undefined);
    assert.equal(value<Trail[]>(snap.cloudtrail.trails)[0]!.organizationTrail, true);
  });
});

describe('managementCoverage', () => {
  it('basic selectors', () => {
    assert.deepEqual(managementCoverage([{ ReadWriteType: 'All', IncludeManagementEvents: true }], undefined), { read: true, write: true });
    assert.deepEqual(managementCoverage([{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }], undefined), { read: false, write: true });
    assert.deepEqual(managementCoverage([{ ReadWriteType: 'All', IncludeManagementEvents: false }], undefined), { read: false, write: false });
    assert.deepEqual(managementCoverage([{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly' }], undefined), { read: true, write: true });
  });
  it('advanced selectors', () => {
    const mgmt = { Field: 'eventCategory', Equals: ['Management'] };
    assert.deepEqual(managementCoverage(undefined, [{ FieldSelectors: [mgmt] }]), { read: true, write: true });
    assert.deepEqual(managementCoverage(undefined, [{ FieldSelectors: [mgmt, { Field: 'readOnly', Equals: ['false'] }] }]), { read: false, write: true });
    assert.deepEqual(managementCoverage(undefined, [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }]), { read: false, write: false });
  });
});
