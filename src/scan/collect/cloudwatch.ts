import { CloudWatchClient, DescribeAlarmsCommand, type DescribeAlarmsCommandOutput } from '@aws-sdk/client-cloudwatch';
import { ListSubscriptionsByTopicCommand, SNSClient, type ListSubscriptionsByTopicCommandOutput } from '@aws-sdk/client-sns';
import type { MetricAlarm, SnsSubscription } from '../snapshot.js';
import { all, read, readPerRegion, type CollectContext } from './context.js';

/**
 * CloudWatch metric alarms in every region, then the subscriptions of every
 * SNS topic an alarm notifies: an alarm whose topic nobody confirmed a
 * subscription to wakes no one.
 */
export async function collectCloudWatch(ctx: CollectContext): Promise<void> {
  const { snap } = ctx;
  snap.alarms = await readPerRegion(ctx, 'cloudwatch:DescribeAlarms', (region) => describeAlarms(ctx, region));
  const topics = new Set<string>();
  for (const r of Object.values(snap.alarms)) if (r.ok) for (const a of r.value) for (const action of a.actions) if (isSnsTopic(action)) topics.add(action);
  const entries = await Promise.all(
    [...topics].sort().map(async (arn) => [arn, await read('sns:ListSubscriptionsByTopic', arn.split(':')[3] ?? 'global', () => subscriptions(ctx, arn))] as const),
  );
  snap.snsSubscriptions = Object.fromEntries(entries);
}

export const isSnsTopic = (arn: string) => /^arn:[^:]+:sns:[^:]+:\d{12}:[^:]+$/.test(arn);

async function describeAlarms(ctx: CollectContext, region: string): Promise<MetricAlarm[]> {
  return all(
    ctx.aws.pages<DescribeAlarmsCommandOutput>(
      CloudWatchClient,
      region,
      (NextToken) => new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken }),
      (o) => o.NextToken,
    ),
    (o) =>
      o.MetricAlarms?.map((a) => ({
        name: a.AlarmName ?? '',
        arn: a.AlarmArn ?? '',
        ...(a.MetricName ? { metricName: a.MetricName } : {}),
        ...(a.Namespace ? { namespace: a.Namespace } : {}),
        ...(a.Metrics?.length
          ? { mathMetrics: a.Metrics.flatMap((m) => (m.MetricStat?.Metric?.MetricName ? [{ name: m.MetricStat.Metric.MetricName, namespace: m.MetricStat.Metric.Namespace ?? '' }] : [])) }
          : {}),
        actions: a.AlarmActions ?? [],
        actionsEnabled: a.ActionsEnabled !== false,
        ...(a.Threshold !== undefined ? { threshold: a.Threshold } : {}),
      })),
  );
}

async function subscriptions(ctx: CollectContext, topicArn: string): Promise<SnsSubscription[]> {
  const region = topicArn.split(':')[3]!;
  return all(
    ctx.aws.pages<ListSubscriptionsByTopicCommandOutput>(SNSClient, region, (NextToken) => new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }), (o) => o.NextToken),
    // A subscription not yet confirmed (or deleted while pending) has the literal ARN "PendingConfirmation".
    (o) => o.Subscriptions?.map((s) => ({ protocol: s.Protocol ?? '', confirmed: !!s.SubscriptionArn && s.SubscriptionArn.startsWith('arn:') })),
  );
}
