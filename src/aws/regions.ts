import { DescribeRegionsCommand, EC2Client, type DescribeRegionsCommandOutput } from '@aws-sdk/client-ec2';
import type { Aws } from './clients.js';

export interface RegionInfo {
  name: string;
  /** opt-in-not-required | opted-in | not-opted-in */
  optInStatus: string;
}

export interface RegionSelection {
  /** Regions the scan covers: enabled ones, narrowed by --regions. */
  enabled: string[];
  /** Regions that exist but cannot be scanned, with why. */
  skipped: { region: string; reason: string }[];
}

/**
 * Lists the account's regions with their opt-in status and keeps the enabled
 * ones. A region asked for with --regions that is not enabled is reported as
 * skipped with the reason, not silently dropped.
 */
export async function selectRegions(aws: Aws, wanted?: string[]): Promise<RegionSelection> {
  const out = await aws.send<DescribeRegionsCommandOutput>(EC2Client, aws.homeRegion, new DescribeRegionsCommand({ AllRegions: true }));
  const all: RegionInfo[] = (out.Regions ?? []).map((r) => ({ name: r.RegionName!, optInStatus: r.OptInStatus ?? 'opt-in-not-required' }));
  const byName = new Map(all.map((r) => [r.name, r]));
  const skipped: RegionSelection['skipped'] = [];
  const enabled: string[] = [];
  const candidates = wanted?.length ? wanted : all.map((r) => r.name);
  for (const name of candidates) {
    const info = byName.get(name);
    if (!info) skipped.push({ region: name, reason: 'unknown region (not returned by ec2:DescribeRegions)' });
    else if (info.optInStatus === 'not-opted-in') skipped.push({ region: name, reason: 'region not enabled (opt-in required)' });
    else enabled.push(name);
  }
  enabled.sort();
  return { enabled, skipped };
}
