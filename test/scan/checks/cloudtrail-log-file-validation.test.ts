import { cloudTrailLogFileValidation } from '../../../src/scan/checks/cloudtrail/log-file-validation.js';
import type { Trail } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const trails = (s: { cloudtrail: { trails: unknown } }) => (s.cloudtrail.trails as { ok: true; value: Trail[] }).value;

checkTester(cloudTrailLogFileValidation, {
  valid: [
    { name: 'validation on', expect: [{ status: 'PASS', resource: /trail\/main$/ }] },
    { name: 'no trails: nothing lacks validation', setup: (s) => (s.cloudtrail.trails = ok([])), expect: [{ status: 'PASS', reason: /No trail/ }] },
  ],
  invalid: [
    {
      name: 'validation off on one of two trails',
      setup: (s) => trails(s).push({ ...trails(s)[0]!, name: 'eu', arn: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/eu`, homeRegion: 'eu-west-1', multiRegion: false, logFileValidation: false }),
      expect: [
        { status: 'PASS', resource: /trail\/main$/ },
        { status: 'FAIL', resource: /trail\/eu$/, region: 'eu-west-1', fix: /update-trail --name arn:aws:cloudtrail:eu-west-1:123456789012:trail\/eu --enable-log-file-validation --region eu-west-1/ },
      ],
    },
    {
      name: 'a region whose trails could not be listed is NOT_ASSESSED',
      setup: (s) => (s.cloudtrail.unreadRegions = [{ api: 'cloudtrail:DescribeTrails', region: 'eu-west-1', kind: 'access-denied', code: 'AccessDenied', message: 'denied' }]),
      expect: [{ status: 'PASS', resource: /trail\/main$/ }, { status: 'NOT_ASSESSED', region: 'eu-west-1', reason: /AccessDenied on cloudtrail:DescribeTrails in eu-west-1/ }],
    },
    { name: 'DescribeTrails denied', setup: (s) => (s.cloudtrail.trails = denied('cloudtrail:DescribeTrails')), expect: [{ status: 'NOT_ASSESSED' }] },
  ],
});
