import { cloudTrailMultiRegion } from '../../../src/scan/checks/cloudtrail/multi-region.js';
import type { AccountSnapshot, Trail } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const trail = (s: AccountSnapshot): Trail => (s.cloudtrail.trails as { ok: true; value: Trail[] }).value[0]!;

checkTester(cloudTrailMultiRegion, {
  valid: [
    { name: 'multi-region trail logging read and write', expect: [{ status: 'PASS', resource: /trail\/main$/ }] },
    {
      name: 'a second, single-region trail does not matter',
      setup: (s) => {
        const t = trail(s);
        (s.cloudtrail.trails as { ok: true; value: Trail[] }).value.push({ ...t, name: 'local', arn: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/local`, multiRegion: false, status: ok({ isLogging: false }) });
      },
      expect: [{ status: 'PASS', resource: /trail\/main$/ }],
    },
  ],
  invalid: [
    {
      name: 'no trail at all: create one, with bucket and policy',
      setup: (s) => (s.cloudtrail.trails = ok([])),
      expect: [{ status: 'FAIL', reason: /No multi-region trail/, fix: /create-trail --name mamori-trail --s3-bucket-name aws-cloudtrail-logs-123456789012-mamori --is-multi-region-trail/ }],
    },
    {
      name: 'only a single-region trail',
      setup: (s) => (trail(s).multiRegion = false),
      expect: [{ status: 'FAIL', reason: /No multi-region trail/, fix: /put-bucket-policy/ }],
    },
    {
      name: 'multi-region trail stopped',
      setup: (s) => (trail(s).status = ok({ isLogging: false })),
      expect: [{ status: 'FAIL', reason: /not logging/, fix: /start-logging --name arn:aws:cloudtrail:us-east-1:123456789012:trail\/main --region us-east-1/ }],
    },
    {
      name: 'write-only management events',
      setup: (s) => (trail(s).managementEvents = ok({ read: false, write: true })),
      expect: [{ status: 'FAIL', reason: /read: false, write: true/, fix: /put-event-selectors .*ReadWriteType":"All"/ }],
    },
    {
      name: 'an attacker-named trail is quoted in the fix',
      setup: (s) => {
        trail(s).arn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/x;rm -rf ~`;
        trail(s).status = ok({ isLogging: false });
      },
      expect: [{ status: 'FAIL', fix: /start-logging --name 'arn:aws:cloudtrail:us-east-1:123456789012:trail\/x;rm -rf ~'/ }],
    },
    {
      name: 'DescribeTrails denied is NOT_ASSESSED',
      setup: (s) => (s.cloudtrail.trails = denied('cloudtrail:DescribeTrails')),
      expect: [{ status: 'NOT_ASSESSED', reason: /AccessDenied on cloudtrail:DescribeTrails/ }],
    },
    {
      name: 'trail status unreadable is NOT_ASSESSED, not FAIL',
      setup: (s) => (trail(s).status = denied('cloudtrail:GetTrailStatus', 'us-east-1')),
      expect: [{ status: 'NOT_ASSESSED', reason: /GetTrailStatus in us-east-1/ }],
    },
  ],
});
