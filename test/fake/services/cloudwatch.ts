import * as cw from '@aws-sdk/client-cloudwatch';
import type { FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import { regional, type FakeAccount, type FakeRegion } from '../state.js';

export interface FakeAlarm {
  name: string;
  metricName: string;
  namespace: string;
  /** A metric-math alarm: the metrics its expression reads (MetricName/Namespace are then not returned). */
  math?: { metricName: string; namespace: string }[];
  actions: string[];
  actionsEnabled: boolean;
  threshold: number;
  dimensions?: { Name: string; Value: string }[];
}
export interface FakeCloudWatch {
  alarms: FakeAlarm[];
}

export const cloudWatchState = (r: FakeRegion) => regional<FakeCloudWatch>(r, 'cloudwatch', () => ({ alarms: [] }));

export const cloudWatchService: FakeService = {
  prefix: 'cloudwatch',
  client: cw.CloudWatchClient,
  module: cw,
  handlers: {
    DescribeAlarms(input, ctx) {
      let alarms = [...cloudWatchState(ctx.regionState).alarms].sort((a, b) => a.name.localeCompare(b.name));
      if (input.AlarmNames?.length) alarms = alarms.filter((a) => input.AlarmNames.includes(a.name));
      if (input.AlarmNamePrefix) alarms = alarms.filter((a) => a.name.startsWith(input.AlarmNamePrefix));
      // Without AlarmTypes, only metric alarms are returned; this fake holds no composite alarms.
      const { page, next } = paginate(alarms, input.NextToken, input.MaxRecords, 100, 50);
      return {
        MetricAlarms: page.map((a) => ({
          AlarmName: a.name,
          AlarmArn: `arn:aws:cloudwatch:${ctx.region}:${ctx.account.id}:alarm:${a.name}`,
          ActionsEnabled: a.actionsEnabled,
          OKActions: [],
          AlarmActions: a.actions,
          InsufficientDataActions: [],
          StateValue: 'OK',
          ...(a.math
            ? {
                Metrics: [
                  ...a.math.map((m, i) => ({ Id: `m${i}`, MetricStat: { Metric: { MetricName: m.metricName, Namespace: m.namespace, Dimensions: [] }, Period: 300, Stat: 'Sum' }, ReturnData: false })),
                  { Id: 'e1', Expression: a.math.map((_m, i) => `m${i}`).join('+'), Label: 'sum', ReturnData: true },
                ],
              }
            : { MetricName: a.metricName, Namespace: a.namespace, Statistic: 'Sum', Dimensions: a.dimensions ?? [], Period: 300 }),
          EvaluationPeriods: 1,
          Threshold: a.threshold,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        })),
        ...(input.AlarmTypes?.includes('CompositeAlarm') ? { CompositeAlarms: [] } : {}),
        ...(next ? { NextToken: next } : {}),
      };
    },
  },
};

// ---- seed helpers ---------------------------------------------------------

export function addAlarm(account: FakeAccount, region: string, a: Partial<FakeAlarm> & { name: string; metricName: string; namespace: string }): FakeAlarm {
  const alarm: FakeAlarm = { actions: [], actionsEnabled: true, threshold: 1, ...a };
  cloudWatchState(account.regions.get(region)!).alarms.push(alarm);
  return alarm;
}

/** An alarm on AWS/Billing EstimatedCharges (published only in us-east-1) notifying `topicArn`. */
export function addBillingAlarm(account: FakeAccount, topicArn: string, threshold = 50): FakeAlarm {
  return addAlarm(account, 'us-east-1', { name: `billing-over-${threshold}-usd`, metricName: 'EstimatedCharges', namespace: 'AWS/Billing', actions: [topicArn], threshold, dimensions: [{ Name: 'Currency', Value: 'USD' }] });
}
