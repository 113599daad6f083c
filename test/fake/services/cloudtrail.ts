import * as ct from '@aws-sdk/client-cloudtrail';
import { FakeError } from '../errors.js';
import type { FakeCtx, FakeService } from '../fake.js';
import { MONITORED_EVENTS } from '../../../src/scan/checks/cloudwatch/monitored-events.js';
import { regional, type FakeAccount, type FakeRegion } from '../state.js';
import { addAlarm } from './cloudwatch.js';
import { addLogGroup, addMetricFilter } from './logs.js';
import { addTopic, subscribe } from './sns.js';
import { lookupEventsHandlers } from './cloudtrail-events.js';

export type FakeSelectors =
  | { kind: 'basic'; selectors: { ReadWriteType: 'All' | 'ReadOnly' | 'WriteOnly'; IncludeManagementEvents: boolean; DataResources?: unknown[] }[] }
  | { kind: 'advanced'; selectors: { Name?: string; FieldSelectors: { Field: string; Equals?: string[]; NotEquals?: string[] }[] }[] };

export interface FakeTrail {
  name: string;
  homeRegion: string;
  multiRegion: boolean;
  organizationTrail?: boolean;
  logFileValidation: boolean;
  s3BucketName: string;
  logGroupArn?: string;
  logsRoleArn?: string;
  kmsKeyId?: string;
  logging: boolean;
  selectors: FakeSelectors;
}
export interface FakeCloudTrail {
  /** Trails homed in this region, by name. */
  trails: Map<string, FakeTrail>;
}

export const cloudTrailState = (r: FakeRegion) => regional<FakeCloudTrail>(r, 'cloudtrail', () => ({ trails: new Map() }));

const trailArn = (a: FakeAccount, t: FakeTrail) => `arn:aws:cloudtrail:${t.homeRegion}:${a.id}:trail/${t.name}`;

function allTrails(a: FakeAccount): FakeTrail[] {
  return [...a.regions.values()].flatMap((r) => (r.cloudtrail ? [...cloudTrailState(r).trails.values()] : []));
}

/**
 * GetTrailStatus and GetEventSelectors take a name (trail homed in the
 * called region) or an ARN (any trail visible from the called region).
 */
function findTrail(ctx: FakeCtx, nameOrArn: string | undefined): FakeTrail {
  if (!nameOrArn) throw new FakeError('InvalidTrailNameException', 'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).', 400);
  const t = nameOrArn.startsWith('arn:')
    ? allTrails(ctx.account).find((t) => trailArn(ctx.account, t) === nameOrArn && (t.homeRegion === ctx.region || t.multiRegion))
    : cloudTrailState(ctx.regionState).trails.get(nameOrArn);
  if (!t) throw new FakeError('TrailNotFoundException', `Unknown trail: ${nameOrArn} for the user: ${ctx.account.id}`, 400);
  return t;
}

export const cloudTrailService: FakeService = {
  prefix: 'cloudtrail',
  client: ct.CloudTrailClient,
  module: ct,
  handlers: {
    ...lookupEventsHandlers,
    DescribeTrails(input, ctx) {
      const shadows = input.includeShadowTrails !== false;
      let trails = allTrails(ctx.account).filter((t) => t.homeRegion === ctx.region || (shadows && t.multiRegion));
      if (input.trailNameList?.length) trails = trails.filter((t) => input.trailNameList.includes(t.name) || input.trailNameList.includes(trailArn(ctx.account, t)));
      return {
        trailList: trails.map((t) => ({
          Name: t.name,
          S3BucketName: t.s3BucketName,
          IncludeGlobalServiceEvents: t.multiRegion,
          IsMultiRegionTrail: t.multiRegion,
          HomeRegion: t.homeRegion,
          TrailARN: trailArn(ctx.account, t),
          LogFileValidationEnabled: t.logFileValidation,
          ...(t.logGroupArn ? { CloudWatchLogsLogGroupArn: t.logGroupArn, CloudWatchLogsRoleArn: t.logsRoleArn } : {}),
          ...(t.kmsKeyId ? { KmsKeyId: t.kmsKeyId } : {}),
          HasCustomEventSelectors: t.selectors.kind === 'basic' && t.selectors.selectors.some((s) => s.DataResources?.length),
          HasInsightSelectors: false,
          IsOrganizationTrail: t.organizationTrail === true,
        })),
      };
    },
    GetTrailStatus(input, ctx) {
      const t = findTrail(ctx, input.Name);
      return { IsLogging: t.logging, ...(t.logging ? { LatestDeliveryTime: new Date('2026-10-31T23:55:00Z'), StartLoggingTime: new Date('2026-01-01T00:00:00Z') } : { StopLoggingTime: new Date('2026-10-01T00:00:00Z') }) };
    },
    GetEventSelectors(input, ctx) {
      const t = findTrail(ctx, input.TrailName);
      const TrailARN = trailArn(ctx.account, t);
      return t.selectors.kind === 'basic' ? { TrailARN, EventSelectors: t.selectors.selectors } : { TrailARN, AdvancedEventSelectors: t.selectors.selectors };
    },
  },
};

// ---- seed helpers ---------------------------------------------------------

/** Adds a trail homed in `region`; defaults are a console-created multi-region trail (logging, all management events). */
export function addTrail(account: FakeAccount, region: string, over: Partial<FakeTrail> & { name: string }): FakeTrail {
  const t: FakeTrail = {
    homeRegion: region,
    multiRegion: true,
    logFileValidation: true,
    s3BucketName: `aws-cloudtrail-logs-${account.id}-${over.name.toLowerCase()}`,
    logging: true,
    selectors: { kind: 'basic', selectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] },
    ...over,
  };
  cloudTrailState(account.regions.get(region)!).trails.set(t.name, t);
  return t;
}

export { trailArn };

/**
 * The full CIS 4.x chain, as a careful administrator builds it: a
 * multi-region trail homed in `region` delivering to a log group, one metric
 * filter per monitored event with the CIS v5.0 pattern, an alarm on each
 * metric notifying one SNS topic, and a confirmed email subscription.
 * `confirmed: false` leaves the subscription pending; `events` limits which
 * events get a filter and alarm.
 */
export function addCompliantTrail(
  account: FakeAccount,
  region = 'us-east-1',
  opts: { name?: string; email?: string; confirmed?: boolean; events?: string[] } = {},
): { trail: FakeTrail; trailArn: string; logGroupArn: string; topicArn: string } {
  const name = opts.name ?? 'management-events';
  const logGroup = `aws-cloudtrail-logs-${account.id}-${name}`;
  const logGroupArn = addLogGroup(account, region, logGroup);
  const trail = addTrail(account, region, { name, logGroupArn, logsRoleArn: `arn:aws:iam::${account.id}:role/CloudTrailToCloudWatchLogs` });
  const topicArn = addTopic(account, region, 'security-alerts');
  subscribe(account, topicArn, opts.email ?? 'security@example.com', opts.confirmed ?? true);
  for (const e of MONITORED_EVENTS) {
    if (opts.events && !opts.events.includes(e.key)) continue;
    addMetricFilter(account, region, logGroup, { name: e.key, pattern: e.pattern, metricName: e.metricName, namespace: 'CISBenchmark' });
    addAlarm(account, region, { name: e.metricName.replace(/_metric$/, '_alarm'), metricName: e.metricName, namespace: 'CISBenchmark', actions: [topicArn] });
  }
  return { trail, trailArn: trailArn(account, trail), logGroupArn, topicArn };
}
