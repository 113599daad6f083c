import { cloudTrailCloudWatchLogs } from '../../../src/scan/checks/cloudtrail/cloudwatch-logs.js';
import type { Trail } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { denied, ok } from '../fixtures.js';

const trail = (s: { cloudtrail: { trails: unknown } }) => (s.cloudtrail.trails as { ok: true; value: Trail[] }).value[0]!;

checkTester(cloudTrailCloudWatchLogs, {
  valid: [{ name: 'multi-region trail delivers to a log group', expect: [{ status: 'PASS', resource: /trail\/main$/ }] }],
  invalid: [
    {
      name: 'no delivery: create the group, the role, and point the trail at them',
      setup: (s) => delete trail(s).cloudWatchLogGroupArn,
      expect: [{ status: 'FAIL', reason: /does not deliver to CloudWatch Logs/, fix: /create-log-group --log-group-name aws-cloudtrail-logs-123456789012 --region us-east-1[\s\S]*create-role --role-name CloudTrailToCloudWatchLogs[\s\S]*update-trail --name arn:aws:cloudtrail:us-east-1:123456789012:trail\/main/ }],
    },
    { name: 'no trail', setup: (s) => (s.cloudtrail.trails = ok([])), expect: [{ status: 'FAIL', fix: /create-trail[\s\S]*create-log-group/ }] },
    { name: 'delivering but stopped', setup: (s) => (trail(s).status = ok({ isLogging: false })), expect: [{ status: 'FAIL', reason: /not logging/, fix: /start-logging/ }] },
    { name: 'status unreadable', setup: (s) => (trail(s).status = denied('cloudtrail:GetTrailStatus', 'us-east-1')), expect: [{ status: 'NOT_ASSESSED', reason: /GetTrailStatus/ }] },
    { name: 'DescribeTrails denied', setup: (s) => (s.cloudtrail.trails = denied('cloudtrail:DescribeTrails')), expect: [{ status: 'NOT_ASSESSED' }] },
  ],
});
