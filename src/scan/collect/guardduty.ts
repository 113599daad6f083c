import {
  GetDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  type Finding,
  type GetDetectorCommandOutput,
  type GetFindingsCommandOutput,
  type ListDetectorsCommandOutput,
  type ListFindingsCommandOutput,
} from '@aws-sdk/client-guardduty';
import type { GuardDutyFindingGroup, GuardDutyRegion } from '../snapshot.js';
import { all, read, readPerRegion, type CollectContext } from './context.js';

/** GuardDuty's "High" band starts at 7.0 (7.0–8.9 high, 9.0–10.0 critical). */
export const HIGH_SEVERITY = 7;
/** GetFindings takes at most 50 finding ids per call. */
const GET_FINDINGS_MAX = 50;

/** GuardDuty in every scanned region: detectors, their status, and active high-severity findings. */
export async function collectGuardDuty(ctx: CollectContext): Promise<void> {
  ctx.snap.guardduty = await readPerRegion(ctx, 'guardduty:ListDetectors', (region) => guardDutyRegion(ctx, region));
}

async function guardDutyRegion(ctx: CollectContext, region: string): Promise<GuardDutyRegion> {
  const { aws } = ctx;
  const ids = await all(
    aws.pages<ListDetectorsCommandOutput>(GuardDutyClient, region, (NextToken) => new ListDetectorsCommand({ MaxResults: 50, NextToken }), (o) => o.NextToken),
    (o) => o.DetectorIds,
  );
  const detectors = await Promise.all(
    ids.map(async (id) => {
      const d = await aws.send<GetDetectorCommandOutput>(GuardDutyClient, region, new GetDetectorCommand({ DetectorId: id }));
      return { id, status: d.Status ?? 'UNKNOWN' };
    }),
  );
  const enabled = detectors.filter((d) => d.status === 'ENABLED');
  const highFindings = await read('guardduty:ListFindings', region, async () => {
    const findings = (await Promise.all(enabled.map((d) => activeHighFindings(ctx, region, d.id)))).flat();
    return groupByType(findings);
  });
  return { detectors, highFindings };
}

async function activeHighFindings(ctx: CollectContext, region: string, detectorId: string): Promise<Finding[]> {
  const { aws } = ctx;
  const ids = await all(
    aws.pages<ListFindingsCommandOutput>(
      GuardDutyClient,
      region,
      (NextToken) =>
        new ListFindingsCommand({
          DetectorId: detectorId,
          // Archived findings were dismissed by someone; only live ones need a response.
          FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: HIGH_SEVERITY }, 'service.archived': { Equals: ['false'] } } },
          MaxResults: 50,
          NextToken,
        }),
      (o) => o.NextToken,
    ),
    (o) => o.FindingIds,
  );
  const out: Finding[] = [];
  for (let i = 0; i < ids.length; i += GET_FINDINGS_MAX) {
    const page = await aws.send<GetFindingsCommandOutput>(GuardDutyClient, region, new GetFindingsCommand({ DetectorId: detectorId, FindingIds: ids.slice(i, i + GET_FINDINGS_MAX) }));
    out.push(...(page.Findings ?? []));
  }
  // The criteria already filter; this guards against a detector that ignores them.
  return out.filter((f) => (f.Severity ?? 0) >= HIGH_SEVERITY && f.Service?.Archived !== true);
}

export function groupByType(findings: Finding[]): GuardDutyFindingGroup[] {
  const groups = new Map<string, GuardDutyFindingGroup>();
  for (const f of findings) {
    const type = f.Type ?? 'unknown';
    const g = groups.get(type);
    if (g) {
      g.count++;
      g.severity = Math.max(g.severity, f.Severity ?? 0);
    } else groups.set(type, { type, severity: f.Severity ?? 0, count: 1, title: f.Title ?? type });
  }
  return [...groups.values()].sort((a, b) => b.severity - a.severity || a.type.localeCompare(b.type));
}
