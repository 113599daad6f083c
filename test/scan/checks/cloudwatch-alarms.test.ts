import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALARM_CHECKS } from '../../../src/scan/checks/cloudwatch/chain.js';
import { missingTerms, MONITORED_EVENTS, normalizePattern } from '../../../src/scan/checks/cloudwatch/monitored-events.js';
import type { AccountSnapshot, MetricAlarm, MetricFilter, Trail } from '../../../src/scan/snapshot.js';
import { checkTester } from '../check-tester.js';
import { ACCOUNT, CIS_FILTERS, denied, hardened, LOG_GROUP_ARN, NOW, ok, TOPIC_ARN } from '../fixtures.js';

const values = <T>(r: unknown) => (r as { ok: true; value: T }).value;
const trail = (s: AccountSnapshot) => values<Trail[]>(s.cloudtrail.trails)[0]!;
const filters = (s: AccountSnapshot) => values<MetricFilter[]>(s.metricFilters[LOG_GROUP_ARN]);
const alarms = (s: AccountSnapshot) => values<MetricAlarm[]>(s.alarms['us-east-1']);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const check of ALARM_CHECKS) {
  const event = MONITORED_EVENTS.find((e) => check.meta.id === `cloudwatch.alarm-${e.key}`)!;
  const metric = CIS_FILTERS.find((f) => f.key === event.key)!.metric;
  const ownAlarm = (s: AccountSnapshot) => alarms(s).find((a) => a.metricName === metric)!;

  checkTester(check, {
    valid: [
      { name: 'trail → CIS filter → alarm → confirmed subscriber', expect: [{ status: 'PASS', resource: `AWS::::Account:${ACCOUNT}` }] },
      {
        name: 'one confirmed subscription among pending ones is enough',
        setup: (s) => (s.snsSubscriptions[TOPIC_ARN] = ok([{ protocol: 'email', confirmed: false }, { protocol: 'sms', confirmed: true }])),
        expect: [{ status: 'PASS' }],
      },
      {
        name: 'a broken second multi-region trail does not hide the working one',
        setup: (s) => values<Trail[]>(s.cloudtrail.trails).push({ ...trail(s), name: 'other', arn: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/other`, homeRegion: 'eu-west-1', status: ok({ isLogging: false }) }),
        expect: [{ status: 'PASS' }],
      },
      {
        name: 'a metric-math alarm reading the metric counts',
        setup: (s) => {
          const a = ownAlarm(s);
          a.mathMetrics = [{ name: a.metricName!, namespace: a.namespace! }];
          delete a.metricName;
          delete a.namespace;
        },
        expect: [{ status: 'PASS' }],
      },
    ],
    invalid: [
      {
        name: 'a metric-math alarm without an SNS action is fixed in the console, not overwritten',
        setup: (s) => {
          const a = ownAlarm(s);
          a.mathMetrics = [{ name: a.metricName!, namespace: a.namespace! }];
          delete a.metricName;
          delete a.namespace;
          a.actions = [];
        },
        expect: [{ status: 'FAIL', reason: /has no SNS topic action/, fix: /Configure actions → In alarm: notify arn:aws:sns:us-east-1:123456789012:security-alerts/ }],
      },
      {
        name: 'no multi-region trail: the whole chain to build',
        setup: (s) => (trail(s).multiRegion = false),
        expect: [{ status: 'FAIL', reason: /No multi-region CloudTrail trail/, fix: /create-trail[\s\S]*update-trail[\s\S]*put-metric-filter[\s\S]*put-metric-alarm/ }],
      },
      { name: 'trail not logging', setup: (s) => (trail(s).status = ok({ isLogging: false })), expect: [{ status: 'FAIL', reason: /Missing link: multi-region trail main is not logging/, fix: /start-logging/ }] },
      { name: 'write events only', setup: (s) => (trail(s).managementEvents = ok({ read: true, write: false })), expect: [{ status: 'FAIL', reason: /does not record all management events/, fix: /put-event-selectors/ }] },
      {
        name: 'trail does not deliver to CloudWatch Logs',
        setup: (s) => delete trail(s).cloudWatchLogGroupArn,
        expect: [{ status: 'FAIL', reason: /does not deliver to CloudWatch Logs/, fix: /update-trail[\s\S]*put-metric-filter --log-group-name aws-cloudtrail-logs-123456789012/ }],
      },
      {
        name: 'no metric filter for the event: put-metric-filter with the CIS pattern, then an alarm to the existing topic',
        setup: (s) => (s.metricFilters[LOG_GROUP_ARN] = ok(filters(s).filter((f) => f.name !== event.key))),
        expect: [
          {
            status: 'FAIL',
            reason: /log group cloudtrail\/main of trail main has no metric filter for this event/,
            fix: new RegExp(
              `put-metric-filter --log-group-name cloudtrail/main --filter-name \\S+ --metric-transformations metricName=${event.metricName},metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '${esc(event.pattern)}' --region us-east-1\\n` +
                `aws cloudwatch put-metric-alarm .*--metric-name ${event.metricName} --namespace CISBenchmark .*--alarm-actions ${esc(TOPIC_ARN)}`,
            ),
          },
        ],
      },
      {
        name: 'filter without alarm',
        setup: (s) => (s.alarms['us-east-1'] = ok(alarms(s).filter((a) => a.metricName !== metric))),
        expect: [{ status: 'FAIL', reason: new RegExp(`metric CISBenchmark/${metric} \\(filter ${event.key}\\) has no alarm in us-east-1`), fix: new RegExp(`put-metric-alarm .*--metric-name ${metric} --namespace CISBenchmark`) }],
      },
      {
        name: 'an alarm on the same metric name in another namespace does not count',
        setup: (s) => (ownAlarm(s).namespace = 'Other'),
        expect: [{ status: 'FAIL', reason: /has no alarm/ }],
      },
      {
        name: 'an alarm in another region does not count (metrics live in the log group region)',
        setup: (s) => {
          const a = ownAlarm(s);
          s.alarms['us-east-1'] = ok(alarms(s).filter((x) => x !== a));
          s.alarms['eu-west-1'] = ok([a]);
        },
        expect: [{ status: 'FAIL', reason: /has no alarm in us-east-1/ }],
      },
      { name: 'alarm actions disabled', setup: (s) => (ownAlarm(s).actionsEnabled = false), expect: [{ status: 'FAIL', reason: /has its actions disabled/, fix: /enable-alarm-actions --alarm-names/ }] },
      {
        name: 'alarm without an SNS action: a new topic, created and subscribed',
        setup: (s) => {
          for (const a of alarms(s)) a.actions = [];
        },
        expect: [{ status: 'FAIL', reason: /has no SNS topic action/, fix: /sns create-topic --name mamori-security-alerts --region us-east-1[\s\S]*--alarm-actions arn:aws:sns:us-east-1:123456789012:mamori-security-alerts[\s\S]*sns subscribe/ }],
      },
      {
        name: 'subscription pending confirmation',
        setup: (s) => (s.snsSubscriptions[TOPIC_ARN] = ok([{ protocol: 'email', confirmed: false }])),
        expect: [{ status: 'FAIL', reason: /no confirmed subscription/, fix: /sns subscribe --topic-arn arn:aws:sns:us-east-1:123456789012:security-alerts --protocol email --notification-endpoint security@example.com --region us-east-1/ }],
      },
      {
        name: 'every broken link is named, with every fix: a stopped trail without the filter',
        setup: (s) => {
          trail(s).status = ok({ isLogging: false });
          s.metricFilters[LOG_GROUP_ARN] = ok(filters(s).filter((f) => f.name !== event.key));
        },
        expect: [{ status: 'FAIL', reason: /trail main is not logging; log group cloudtrail\/main of trail main has no metric filter/, fix: /start-logging[\s\S]*put-metric-filter[\s\S]*put-metric-alarm/ }],
      },
      {
        name: 'a broken link stays a FAIL when a later link is unreadable, and says so',
        setup: (s) => {
          trail(s).status = ok({ isLogging: false });
          s.alarms['us-east-1'] = denied('cloudwatch:DescribeAlarms', 'us-east-1');
        },
        expect: [{ status: 'FAIL', reason: /not logging; the links after it could not be read \(AccessDenied on cloudwatch:DescribeAlarms\)/, fix: /start-logging/ }],
      },
      { name: 'trails unreadable', setup: (s) => (s.cloudtrail.trails = denied('cloudtrail:DescribeTrails')), expect: [{ status: 'NOT_ASSESSED', reason: /cloudtrail:DescribeTrails/ }] },
      { name: 'metric filters unreadable', setup: (s) => (s.metricFilters[LOG_GROUP_ARN] = denied('logs:DescribeMetricFilters', 'us-east-1')), expect: [{ status: 'NOT_ASSESSED', reason: /AccessDenied on logs:DescribeMetricFilters in us-east-1/ }] },
      { name: 'alarms unreadable', setup: (s) => (s.alarms['us-east-1'] = denied('cloudwatch:DescribeAlarms', 'us-east-1')), expect: [{ status: 'NOT_ASSESSED', reason: /cloudwatch:DescribeAlarms in us-east-1/ }] },
      { name: 'subscriptions unreadable', setup: (s) => (s.snsSubscriptions[TOPIC_ARN] = denied('sns:ListSubscriptionsByTopic', 'us-east-1')), expect: [{ status: 'NOT_ASSESSED', reason: /sns:ListSubscriptionsByTopic/ }] },
      {
        name: 'one trail unreadable and another broken: NOT_ASSESSED, since the unreadable one may be complete',
        setup: (s) => {
          trail(s).status = denied('cloudtrail:GetTrailStatus', 'us-east-1');
          values<Trail[]>(s.cloudtrail.trails).push({ ...trail(s), name: 'b', arn: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/b`, status: ok({ isLogging: false }) });
        },
        expect: [{ status: 'NOT_ASSESSED', reason: /GetTrailStatus/ }],
      },
    ],
  });
}

describe('CIS metric filter patterns', () => {
  const ev = (key: string) => MONITORED_EVENTS.find((e) => e.key === key)!;

  it('normalizes whitespace, quotes and case', () => {
    assert.equal(normalizePattern('{ ($.errorCode = "AccessDenied*") }'), '{($.errorcode=accessdenied*)}');
  });
  it('every event covers its own fix pattern (a fix that would not pass is useless)', () => {
    for (const e of MONITORED_EVENTS) assert.deepEqual(missingTerms(e, e.pattern), [], e.key);
  });
  it('every CIS v5.0 pattern of the fixtures covers its event and no other', () => {
    for (const f of CIS_FILTERS)
      for (const e of MONITORED_EVENTS) assert.equal(missingTerms(e, f.pattern).length === 0, e.key === f.key, `${f.key} vs ${e.key}`);
  });
  it('unauthorized calls need both AccessDenied and UnauthorizedOperation', () => {
    assert.deepEqual(missingTerms(ev('unauthorized-api-calls'), '{ $.errorCode = "AccessDenied*" }'), ['$.errorCode=*UnauthorizedOperation']);
    assert.deepEqual(missingTerms(ev('unauthorized-api-calls'), '{($.errorCode="UnauthorizedOperation")||($.errorCode="AccessDenied")}'), []);
  });
  it('a negated term does not count', () => {
    assert.deepEqual(missingTerms(ev('root-usage'), '{ $.userIdentity.type != "Root" }'), ['$.userIdentity.type=Root']);
  });
  it('an IAM filter missing one event names it, and the FAIL says which filter came closest', () => {
    const partial = CIS_FILTERS.find((f) => f.key === 'iam-policy-changes')!.pattern.replace('||($.eventName=DetachGroupPolicy)', '');
    assert.deepEqual(missingTerms(ev('iam-policy-changes'), partial), ['$.eventName=DetachGroupPolicy']);
    const snap = hardened();
    values<MetricFilter[]>(snap.metricFilters[LOG_GROUP_ARN]).find((f) => f.name === 'iam-policy-changes')!.pattern = partial;
    const [r] = ALARM_CHECKS.find((c) => c.meta.id === 'cloudwatch.alarm-iam-policy-changes')!.run({ snap, now: NOW });
    assert.equal(r!.status, 'FAIL');
    assert.match(r!.reason, /closest: filter iam-policy-changes lacks \$\.eventName=DetachGroupPolicy/);
  });
  it('a console failure filter is not a no-MFA sign-in filter', () => {
    assert.deepEqual(missingTerms(ev('console-signin-without-mfa'), CIS_FILTERS.find((f) => f.key === 'console-auth-failures')!.pattern), ['$.additionalEventData.MFAUsed!=Yes']);
  });
  it('check metadata carries the CIS v5.0 ids 4.1 to 4.6', () => {
    assert.deepEqual(ALARM_CHECKS.map((c) => c.meta.cis).sort(), ['4.1', '4.2', '4.3', '4.4', '4.5', '4.6']);
  });
});
