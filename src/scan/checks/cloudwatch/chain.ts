/**
 * The CIS 4.x monitoring chain, evaluated link by link:
 *   multi-region trail, logging, management read+write
 *   → delivers to a CloudWatch Logs group
 *   → a metric filter whose pattern covers the event
 *   → an alarm on that metric (name + namespace), actions enabled
 *   → an SNS topic with at least one confirmed subscription.
 * A FAIL names the first missing link of the trail that got furthest and
 * gives the commands for that link and every link after it.
 */
import type { AwsFailure } from '../../../aws/errors.js';
import { sh } from '../../../util/shell.js';
import { fail, notAssessed, pass, type Check, type Fix, type Result } from '../../check.js';
import type { AccountSnapshot, MetricAlarm, Trail } from '../../snapshot.js';
import { ALERT_TOPIC, accountResource, cloudWatchDeliveryCli, createTrailCli, managementEventsCli, preferredRegion, startLoggingCli } from '../cloudtrail/fixes.js';
import { missingTerms, MONITORED_EVENTS, type MonitoredEvent } from './monitored-events.js';

export const CIS_NAMESPACE = 'CISBenchmark';

type Outcome =
  | { kind: 'pass'; details: Record<string, unknown> }
  | { kind: 'unknown'; failure: AwsFailure | string }
  | { kind: 'fail'; depth: number; reason: string; fix: Fix };

const regionOfArn = (arn: string) => arn.split(':')[3] ?? '';
const logGroupName = (arn: string) => /:log-group:(.+?)(?::\*)?$/.exec(arn)?.[1] ?? arn;
const isTopic = (arn: string) => /^arn:[^:]+:sns:/.test(arn);

/** Where alerts should go: the account's security contact when known. */
function alertEmail(snap: AccountSnapshot): string {
  const c = snap.account_settings.securityContact;
  return (c.ok && c.value?.email) || 'security@example.com';
}

function subscribeCli(snap: AccountSnapshot, topicArn: string): string {
  return `aws sns subscribe --topic-arn ${sh(topicArn)} --protocol email --notification-endpoint ${sh(alertEmail(snap))} --region ${sh(regionOfArn(topicArn))}`;
}

/** An SNS topic to use: an existing one an alarm in the region already notifies, or a new one. */
function topicFor(snap: AccountSnapshot, region: string): { arn: string; create?: string } {
  const alarms = snap.alarms[region];
  const existing = alarms?.ok ? alarms.value.flatMap((a) => a.actions).find(isTopic) : undefined;
  if (existing) return { arn: existing };
  return {
    arn: `arn:${snap.account.partition}:sns:${region}:${snap.account.id}:${ALERT_TOPIC}`,
    create: `aws sns create-topic --name ${ALERT_TOPIC} --region ${sh(region)}`,
  };
}

function alarmCli(region: string, event: MonitoredEvent, metric: { name: string; namespace: string }, topicArn: string, alarmName = event.metricName.replace(/_metric$/, '_alarm')): string {
  return (
    `aws cloudwatch put-metric-alarm --alarm-name ${sh(alarmName)} --metric-name ${sh(metric.name)} --namespace ${sh(metric.namespace)} ` +
    `--statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --evaluation-periods 1 --treat-missing-data notBreaching ` +
    `--alarm-actions ${sh(topicArn)} --region ${sh(region)}`
  );
}

/** Commands from the metric filter onwards, for a log group. */
function fromFilter(snap: AccountSnapshot, event: MonitoredEvent, logGroupArn: string): string[] {
  const region = regionOfArn(logGroupArn);
  const metric = { name: event.metricName, namespace: CIS_NAMESPACE };
  const topic = topicFor(snap, region);
  return [
    `aws logs put-metric-filter --log-group-name ${sh(logGroupName(logGroupArn))} --filter-name ${sh(event.metricName.replace(/_metric$/, ''))} ` +
      `--metric-transformations ${sh(`metricName=${metric.name},metricNamespace=${metric.namespace},metricValue=1`)} --filter-pattern ${sh(event.pattern)} --region ${sh(region)}`,
    ...(topic.create ? [topic.create] : []),
    alarmCli(region, event, metric, topic.arn),
    ...(topic.create ? [subscribeCli(snap, topic.arn)] : []),
  ];
}

const CONFIRM = 'Then open the confirmation email and confirm the subscription: an unconfirmed subscription delivers nothing.';

function evaluateTrail(snap: AccountSnapshot, event: MonitoredEvent, t: Trail): Outcome {
  const rest = (cli: string[]) => ({ cli: cli.join('\n'), console: CONFIRM });
  if (!t.status.ok) return { kind: 'unknown', failure: t.status.error };
  if (!t.status.value.isLogging) {
    const d = t.cloudWatchLogGroupArn ? fromFilter(snap, event, t.cloudWatchLogGroupArn) : [];
    return { kind: 'fail', depth: 1, reason: `multi-region trail ${t.name} is not logging`, fix: rest([startLoggingCli(t), ...d]) };
  }
  if (!t.managementEvents.ok) return { kind: 'unknown', failure: t.managementEvents.error };
  const me = t.managementEvents.value;
  if (!me.read || !me.write)
    return { kind: 'fail', depth: 2, reason: `multi-region trail ${t.name} does not record all management events (read: ${me.read}, write: ${me.write})`, fix: rest([managementEventsCli(t)]) };
  if (!t.cloudWatchLogGroupArn) {
    const delivery = cloudWatchDeliveryCli(snap, t);
    return { kind: 'fail', depth: 3, reason: `multi-region trail ${t.name} does not deliver to CloudWatch Logs, so no metric filter can see its events`, fix: rest([delivery.cli, ...fromFilter(snap, event, delivery.logGroupArn)]) };
  }
  const lg = t.cloudWatchLogGroupArn;
  const region = regionOfArn(lg);
  const filters = snap.metricFilters[lg];
  if (!filters) return { kind: 'unknown', failure: `metric filters of ${lg} were not collected` };
  if (!filters.ok) return { kind: 'unknown', failure: filters.error };
  const covering = filters.value.filter((f) => missingTerms(event, f.pattern).length === 0 && f.metrics.length > 0);
  if (!covering.length) {
    const partial = filters.value.map((f) => ({ f, missing: missingTerms(event, f.pattern) })).filter((x) => x.missing.length < event.required.length).sort((a, b) => a.missing.length - b.missing.length)[0];
    const why = partial ? ` (closest: filter ${partial.f.name} lacks ${partial.missing.join(', ')})` : '';
    return { kind: 'fail', depth: 4, reason: `log group ${logGroupName(lg)} of trail ${t.name} has no metric filter for this event${why}`, fix: rest(fromFilter(snap, event, lg)) };
  }
  const alarms = snap.alarms[region];
  if (!alarms) return { kind: 'unknown', failure: `alarms of ${region} were not collected` };
  if (!alarms.ok) return { kind: 'unknown', failure: alarms.error };
  const metrics = covering.flatMap((f) => f.metrics.map((m) => ({ ...m, filter: f })));
  const watches = (a: MetricAlarm, m: { name: string; namespace: string }) =>
    (m.name === a.metricName && m.namespace === a.namespace) || (a.mathMetrics ?? []).some((x) => x.name === m.name && x.namespace === m.namespace);
  const onMetric = alarms.value.filter((a) => metrics.some((m) => watches(a, m)));
  const topic = topicFor(snap, region);
  const m0 = metrics[0]!;
  if (!onMetric.length)
    return {
      kind: 'fail',
      depth: 5,
      reason: `metric ${m0.namespace}/${m0.name} (filter ${m0.filter.name}) has no alarm in ${region}`,
      fix: rest([...(topic.create ? [topic.create] : []), alarmCli(region, event, m0, topic.arn), ...(topic.create ? [subscribeCli(snap, topic.arn)] : [])]),
    };
  const notifying = onMetric.filter((a) => a.actionsEnabled && a.actions.some(isTopic));
  if (!notifying.length) {
    const a: MetricAlarm = onMetric[0]!;
    const why = a.actionsEnabled ? 'has no SNS topic action' : 'has its actions disabled';
    const metric = a.metricName ? { name: a.metricName, namespace: a.namespace ?? '' } : m0;
    const topicCli = [...(topic.create ? [topic.create] : []), ...(topic.create ? [subscribeCli(snap, topic.arn)] : [])];
    const reason = `alarm ${a.name} on ${metric.namespace}/${metric.name} ${why}`;
    if (!a.actionsEnabled) return { kind: 'fail', depth: 5, reason, fix: rest([`aws cloudwatch enable-alarm-actions --alarm-names ${sh(a.name)} --region ${sh(region)}`]) };
    if (!a.metricName)
      // put-metric-alarm would replace a metric-math alarm's expression: add the action in the console instead.
      return {
        kind: 'fail',
        depth: 5,
        reason,
        fix: { ...(topicCli.length ? { cli: topicCli.join('\n') } : {}), console: `CloudWatch console (${region}) → Alarms → ${a.name} → Edit → Configure actions → In alarm: notify ${topic.arn}. ${CONFIRM}` },
      };
    const fixCli = [...(topic.create ? [topic.create] : []), alarmCli(region, event, metric, topic.arn, a.name), ...(topic.create ? [subscribeCli(snap, topic.arn)] : [])];
    return { kind: 'fail', depth: 5, reason, fix: rest(fixCli) };
  }
  const topics = [...new Set(notifying.flatMap((a) => a.actions.filter(isTopic)))];
  let unknown: AwsFailure | string | undefined;
  for (const arn of topics) {
    const subs = snap.snsSubscriptions[arn];
    if (!subs) unknown ??= `subscriptions of ${arn} were not collected`;
    else if (!subs.ok) unknown ??= subs.error;
    else if (subs.value.some((s) => s.confirmed))
      return { kind: 'pass', details: { trail: t.arn, logGroup: lg, alarm: notifying.find((a) => a.actions.includes(arn))!.name, topic: arn } };
  }
  if (unknown) return { kind: 'unknown', failure: unknown };
  return {
    kind: 'fail',
    depth: 6,
    reason: `alarm ${notifying[0]!.name} notifies SNS topic ${topics.join(', ')} with no confirmed subscription`,
    fix: rest(topics.map((arn) => subscribeCli(snap, arn))),
  };
}

export function evaluateChain(snap: AccountSnapshot, event: MonitoredEvent): Result {
  const resource = accountResource(snap);
  const trails = snap.cloudtrail.trails;
  if (!trails.ok) return notAssessed(resource, 'global', trails.error);
  const multi = trails.value.filter((t) => t.multiRegion);
  if (!multi.length) {
    const region = preferredRegion(snap);
    const delivery = cloudWatchDeliveryCli(snap, { name: 'mamori-trail', arn: 'mamori-trail', homeRegion: region });
    return fail(resource, 'global', 'No multi-region CloudTrail trail: nothing records the events this alarm needs, in any region.', {
      cli: [createTrailCli(snap), delivery.cli, ...fromFilter(snap, event, delivery.logGroupArn)].join('\n'),
      console: CONFIRM,
    });
  }
  const outcomes = multi.map((t) => evaluateTrail(snap, event, t));
  const passed = outcomes.find((o) => o.kind === 'pass');
  if (passed) return pass(resource, 'global', `Alarmed through trail → metric filter → alarm → confirmed SNS subscription.`, passed.details);
  const unknown = outcomes.find((o) => o.kind === 'unknown');
  if (unknown) return notAssessed(resource, 'global', unknown.failure);
  const deepest = outcomes.filter((o) => o.kind === 'fail').sort((a, b) => b.depth - a.depth)[0]!;
  return fail(resource, 'global', `Missing link: ${deepest.reason}.`, deepest.fix);
}

export function alarmCheck(event: MonitoredEvent): Check {
  return {
    meta: {
      id: `cloudwatch.alarm-${event.key}`,
      title: event.title,
      service: 'cloudwatch',
      severity: event.severity,
      threat: event.threat,
      cis: event.cis,
      pci: '10.4.1.1',
    },
    run: ({ snap }) => [evaluateChain(snap, event)],
  };
}

/** One check per monitored event. */
export const ALARM_CHECKS: Check[] = MONITORED_EVENTS.map(alarmCheck);

