import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type AdvancedEventSelector,
  type DescribeTrailsCommandOutput,
  type EventSelector,
  type GetEventSelectorsCommandOutput,
  type GetTrailStatusCommandOutput,
  type Trail as SdkTrail,
} from '@aws-sdk/client-cloudtrail';
import { DescribeMetricFiltersCommand, CloudWatchLogsClient, type DescribeMetricFiltersCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import { AwsCallError, type AwsFailure } from '../../aws/errors.js';
import type { MetricFilter, PerRegion, Trail } from '../snapshot.js';
import { all, read, readPerRegion, type CollectContext } from './context.js';

/**
 * CloudTrail trails (each once, from its home region) with status and event
 * selectors, then the metric filters of every log group a trail delivers to:
 * the first links of the CIS 4.x "metric filter → alarm → subscriber" chain.
 */
export async function collectCloudTrail(ctx: CollectContext): Promise<void> {
  const { snap } = ctx;
  const perRegion = await readPerRegion(ctx, 'cloudtrail:DescribeTrails', (region) => describeTrails(ctx, region));
  snap.cloudtrail.trails = await read('cloudtrail:DescribeTrails', 'global', async () => {
    const { trails, unread } = dedupeTrails(perRegion);
    if (unread.length) snap.cloudtrail.unreadRegions = unread;
    return Promise.all(trails.map((t) => trailDetails(ctx, t)));
  });
  if (snap.cloudtrail.trails.ok) {
    const groups = [...new Set(snap.cloudtrail.trails.value.flatMap((t) => (t.cloudWatchLogGroupArn ? [t.cloudWatchLogGroupArn] : [])))];
    const entries = await Promise.all(
      groups.map(async (arn) => {
        const region = logGroupRegion(arn);
        const owner = arn.split(':')[4];
        // An organization trail may deliver to a log group of the management account: its filters are not readable from here.
        if (owner && owner !== snap.account.id) {
          const error = { api: 'logs:DescribeMetricFilters', region, kind: 'other' as const, code: 'OtherAccount', message: `log group belongs to account ${owner}; scan that account for its metric filters` };
          return [arn, { ok: false as const, error }] as const;
        }
        return [arn, await read('logs:DescribeMetricFilters', region, () => metricFilters(ctx, arn))] as const;
      }),
    );
    snap.metricFilters = Object.fromEntries(entries);
  }
}

async function describeTrails(ctx: CollectContext, region: string): Promise<SdkTrail[]> {
  const out = await ctx.aws.send<DescribeTrailsCommandOutput>(CloudTrailClient, region, new DescribeTrailsCommand({ includeShadowTrails: true }));
  return out.trailList ?? [];
}

/**
 * A multi-region trail is listed in every region (as a "shadow"), and an
 * organization trail in every member account: keep each trail once, by ARN.
 * Regions that could not be read are returned beside the trails: a
 * multi-region trail still shows from any readable region, but a
 * single-region trail homed in an unread region is missing.
 */
export function dedupeTrails(perRegion: PerRegion<SdkTrail[]>): { trails: SdkTrail[]; unread: AwsFailure[] } {
  const reads = Object.values(perRegion);
  const unread = reads.flatMap((r) => (r.ok ? [] : [r.error]));
  // Nothing readable at all: the list is not "empty", it is unknown.
  if (reads.length > 0 && unread.length === reads.length) throw new AwsCallError(unread[0]!);
  const byArn = new Map<string, SdkTrail>();
  for (const r of reads) if (r.ok) for (const t of r.value) if (t.TrailARN && !byArn.has(t.TrailARN)) byArn.set(t.TrailARN, t);
  return { trails: [...byArn.values()].sort((a, b) => (a.TrailARN ?? '').localeCompare(b.TrailARN ?? '')), unread };
}

async function trailDetails(ctx: CollectContext, t: SdkTrail): Promise<Trail> {
  const { aws } = ctx;
  const home = t.HomeRegion ?? aws.homeRegion;
  const arn = t.TrailARN!;
  // Status and selectors are asked of the trail's home region, by ARN (valid from any region, required for shadow trails).
  const [status, managementEvents] = await Promise.all([
    read('cloudtrail:GetTrailStatus', home, async () => {
      const s = await aws.send<GetTrailStatusCommandOutput>(CloudTrailClient, home, new GetTrailStatusCommand({ Name: arn }));
      return { isLogging: s.IsLogging === true, ...(s.LatestDeliveryError ? { latestDeliveryError: s.LatestDeliveryError } : {}) };
    }),
    read('cloudtrail:GetEventSelectors', home, async () => {
      const s = await aws.send<GetEventSelectorsCommandOutput>(CloudTrailClient, home, new GetEventSelectorsCommand({ TrailName: arn }));
      return managementCoverage(s.EventSelectors, s.AdvancedEventSelectors);
    }),
  ]);
  return {
    name: t.Name!,
    arn,
    homeRegion: home,
    multiRegion: t.IsMultiRegionTrail === true,
    organizationTrail: t.IsOrganizationTrail === true,
    logFileValidation: t.LogFileValidationEnabled === true,
    ...(t.CloudWatchLogsLogGroupArn ? { cloudWatchLogGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
    ...(t.KmsKeyId ? { kmsKeyId: t.KmsKeyId } : {}),
    ...(t.S3BucketName ? { s3BucketName: t.S3BucketName } : {}),
    status,
    managementEvents,
  };
}

/**
 * Whether the selectors record management events, read and write. Basic
 * selectors: IncludeManagementEvents with ReadWriteType All/ReadOnly/WriteOnly.
 * Advanced selectors: eventCategory = Management, narrowed by a readOnly field
 * (readOnly = true records only reads; no readOnly field records both).
 */
export function managementCoverage(basic: EventSelector[] | undefined, advanced: AdvancedEventSelector[] | undefined): { read: boolean; write: boolean } {
  const cover = { read: false, write: false };
  for (const s of basic ?? []) {
    if (s.IncludeManagementEvents === false) continue; // defaults to true when absent
    const rw = s.ReadWriteType ?? 'All';
    if (rw === 'All' || rw === 'ReadOnly') cover.read = true;
    if (rw === 'All' || rw === 'WriteOnly') cover.write = true;
  }
  for (const s of advanced ?? []) {
    const fields = s.FieldSelectors ?? [];
    const category = fields.find((f) => f.Field === 'eventCategory');
    if (!category?.Equals?.includes('Management')) continue;
    // Other narrowing fields (eventSource NotEquals kms/rdsdata...) leave the rest recorded; count them as covering.
    const ro = fields.find((f) => f.Field === 'readOnly');
    if (!ro) {
      cover.read = cover.write = true;
      continue;
    }
    const values = ro.Equals ?? [];
    if (values.includes('true')) cover.read = true;
    if (values.includes('false')) cover.write = true;
    if (ro.NotEquals?.includes('true')) cover.write = true;
    if (ro.NotEquals?.includes('false')) cover.read = true;
  }
  return cover;
}

/** arn:aws:logs:<region>:<account>:log-group:<name>:* */
export function logGroupRegion(arn: string): string {
  return arn.split(':')[3] || 'global';
}
export function logGroupName(arn: string): string {
  const m = /:log-group:(.+?)(?::\*)?$/.exec(arn);
  return m ? m[1]! : arn;
}

async function metricFilters(ctx: CollectContext, logGroupArn: string): Promise<MetricFilter[]> {
  const region = logGroupRegion(logGroupArn);
  return all(
    ctx.aws.pages<DescribeMetricFiltersCommandOutput>(
      CloudWatchLogsClient,
      region,
      (nextToken) => new DescribeMetricFiltersCommand({ logGroupName: logGroupName(logGroupArn), limit: 50, nextToken }),
      (o) => o.nextToken,
    ),
    (o) =>
      o.metricFilters?.map((f) => ({
        name: f.filterName ?? '',
        pattern: f.filterPattern ?? '',
        metrics: (f.metricTransformations ?? []).map((m) => ({ name: m.metricName ?? '', namespace: m.metricNamespace ?? '' })),
      })),
  );
}
