/**
 * The CIS 4.x monitoring chain, evaluated link by link:
 *   multi-region trail, logging, management read+write
 *   → delivers to a CloudWatch Logs group
 *   → a metric filter whose pattern covers the event
 *   → an alarm on that metric (name + namespace), actions enabled
 *   → an SNS topic with at least one confirmed subscription.
 * A FAIL names every missing link of the trail closest to a complete chain
 * and gives the commands for each, names filled in.
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
  /** depth: higher is closer to a complete chain. */
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

interface Missing {
  reason: string;
  cli: string[];
  console?: string;
}

/**
 * Walks one trail's chain. Every link is checked even after a broken one
 * (a stopped trail with no metric filter needs both fixed), until a link
 * whose fix already covers the rest (a missing log group, filter or alarm)
 * or an unreadable one. With nothing broken yet, an unreadable link makes
 * the outcome unknown: it could be the link that completes the chain.
 */
function evaluateTrail(snap: AccountSnapshot, event: MonitoredEvent, t: Trail): Outcome {
  const missing: Missing[] = [];
  const done = (): Outcome =>
    missing.length
      ? {
          kind: 'fail',
          depth: 10 - missing.length,
          reason: missing.map((m) => m.reason).join('; '),
          fix: { cli: missing.flatMap((m) => m.cli).join('\n'), console: [...missing.flatMap((m) => (m.console ? [m.console] : [])), CONFIRM].join(' ') },
        }
      : { kind: 'unknown', failure: 'no link missing' };
  const unreadable = (failure: AwsFailure | string): Outcome => {
    if (!missing.length) return { kind: 'unknown', failure };
    const o = done() as Extract<Outcome, { kind: 'fail' }>;
    const why = typeof failure === 'string' ? failure : `${failure.code} on ${failure.api}`;
    return { ...o, reason: `${o.reason}; the links after it could not be read (${why})` };
  };

  if (!t.status.ok) return unreadable(t.status.error);
  if (!t.status.value.isLogging) missing.push({ reason: `multi-region trail ${t.name} is not logging`, cli: [startLoggingCli(t)] });
  if (!t.managementEvents.ok) return unreadable(t.managementEvents.error);
  const me = t.managementEvents.value;
  if (!me.read || !me.write)
    missing.push({ reason: `multi-region trail ${t.name} does not record all management events (read: ${me.read}, write: ${me.write})`, cli: [managementEventsCli(t)] });
  if (!t.cloudWatchLogGroupArn) {
    const delivery = cloudWatchDeliveryCli(snap, t);
    missing.push({ reason: `multi-region trail ${t.name} does not deliver to CloudWatch Logs, so no metric filter can see its events`, cli: [delivery.cli, ...fromFilter(snap, event, delivery.logGroupArn)] });
    return done();
  }
  const lg = t.cloudWatchLogGroupArn;
  const region = regionOfArn(lg);
  const filters = snap.metricFilters[lg];
  if (!filters) return unreadable(`metric filters of ${lg} were not collected`);
  if (!filters.ok) return unreadable(filters.error);
  const covering = filters.value.filter((f) => missingTerms(event, f.pattern).length === 0 && f.metrics.length > 0);
  if (!covering.length) {
    const partial = filters.value
      .map((f) => ({ f, missing: missingTerms(event, f.pattern) }))
      .filter((x) => x.missing.length < event.required.length)
      .sort((a, b) => a.missing.length - b.missing.length)[0];
    const why = partial ? ` (closest: filter ${partial.f.name} lacks ${partial.missing.join(', ')})` : '';
    missing.push({ reason: `log group ${logGroupName(lg)} of trail ${t.name} has no metric filter for this event${why}`, cli: fromFilter(snap, event, lg) });
    return done();
  }
  const alarms = snap.alarms[region];
  if (!alarms) return unreadable(`alarms of ${region} were not collected`);
  if (!alarms.ok) return unreadable(alarms.error);
  const metrics = covering.flatMap((f) => f.metrics.map((m) => ({ ...m, filter: f })));
  const watches = (a: MetricAlarm, m: { name: string; namespace: string }) =>
    (m.name === a.metricName && m.namespace === a.namespace) || (a.mathMetrics ?? []).some((x) => x.name === m.name && x.namespace === m.namespace);
  const onMetric = alarms.value.filter((a) => metrics.some((m) => watches(a, m)));
  const topic = topicFor(snap, region);
  const newTopic = (cli: string[]) => [...(topic.create ? [topic.create] : []), ...cli, ...(topic.create ? [subscribeCli(snap, topic.arn)] : [])];
  const m0 = metrics[0]!;
  if (!onMetric.length) {
    missing.push({ reason: `metric ${m0.namespace}/${m0.name} (filter ${m0.filter.name}) has no alarm in ${region}`, cli: newTopic([alarmCli(region, event, m0, topic.arn)]) });
    return done();
  }
  const notifying = onMetric.filter((a) => a.actionsEnabled && a.actions.some(isTopic));
  if (!notifying.length) {
    const a: MetricAlarm = onMetric[0]!;
    const metric = a.metricName ? { name: a.metricName, namespace: a.namespace ?? '' } : m0;
    const on = `alarm ${a.name} on ${metric.namespace}/${metric.name}`;
    if (!a.actionsEnabled) missing.push({ reason: `${on} has its actions disabled`, cli: [`aws cloudwatch enable-alarm-actions --alarm-names ${sh(a.name)} --region ${sh(region)}`] });
    else if (!a.metricName)
      // put-metric-alarm would replace a metric-math alarm's expression: add the action in the console instead.
      missing.push({
        reason: `${on} has no SNS topic action`,
        cli: newTopic([]),
        console: `CloudWatch console (${region}) → Alarms → ${a.name} → Edit → Configure actions → In alarm: notify ${topic.arn}.`,
      });
    else missing.push({ reason: `${on} has no SNS topic action`, cli: newTopic([alarmCli(region, event, metric, topic.arn, a.name)]) });
    return done();
  }
  const topics = [...new Set(notifying.flatMap((a) => a.actions.filter(isTopic)))];
  let unknown: AwsFailure | string | undefined;
  for (const arn of topics) {
    const subs = snap.snsSubscriptions[arn];
    if (!subs) unknown ??= `subscriptions of ${arn} were not collected`;
    else if (!subs.ok) unknown ??= subs.error;
    else if (subs.value.some((s) => s.confirmed)) {
      if (missing.length) return done();
      return { kind: 'pass', details: { trail: t.arn, logGroup: lg, alarm: notifying.find((a) => a.actions.includes(arn))!.name, topic: arn } };
    }
  }
  if (unknown) return unreadable(unknown);
  missing.push({ reason: `alarm ${notifying[0]!.name} notifies SNS topic ${topics.join(', ')} with no confirmed subscription`, cli: topics.map((arn) => subscribeCli(snap, arn)) });
  return done();
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
  // The trail closest to a working chain (fewest missing links) is the one worth fixing.
  const closest = outcomes.filter((o) => o.kind === 'fail').sort((a, b) => b.depth - a.depth)[0]!;
  return fail(resource, 'global', `Missing link: ${closest.reason}.`, closest.fix);
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

