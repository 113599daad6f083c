import * as gd from '@aws-sdk/client-guardduty';
import { createHash } from 'node:crypto';
import { FakeError } from '../errors.js';
import type { FakeCtx, FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import { regional, type FakeAccount, type FakeRegion } from '../state.js';

export interface FakeFinding {
  id: string;
  type: string;
  severity: number;
  title: string;
  archived: boolean;
  /** Times GuardDuty saw the activity (Service.Count). */
  count: number;
}
export interface FakeDetector {
  id: string;
  status: 'ENABLED' | 'DISABLED';
  createdAt: Date;
  findings: FakeFinding[];
}
export interface FakeGuardDuty {
  detectors: Map<string, FakeDetector>;
}

export const guardDutyState = (r: FakeRegion) => regional<FakeGuardDuty>(r, 'guardduty', () => ({ detectors: new Map() }));

/** Detector ids are 32 lowercase hex characters. */
// Ids look like GuardDuty's (32 hex digits) but are derived, so seeded accounts are the same on every run.
let idSeq = 0;
const newId = () => createHash('md5').update(`guardduty-${++idSeq}`).digest('hex');

function detector(ctx: FakeCtx, id: string): FakeDetector {
  const d = guardDutyState(ctx.regionState).detectors.get(id);
  if (!d) throw new FakeError('BadRequestException', 'The request is rejected because the input detectorId is not owned by the current account.', 400);
  return d;
}

type Condition = { Eq?: string[]; Equals?: string[]; Neq?: string[]; NotEquals?: string[]; Gte?: number; GreaterThanOrEqual?: number; Gt?: number; GreaterThan?: number; Lt?: number; LessThan?: number; Lte?: number; LessThanOrEqual?: number };

/** The criteria fields mamori uses (severity, service.archived, type); others are rejected rather than ignored. */
const FIELDS = new Set(['severity', 'service.archived', 'type']);

function checkCriterion(criterion: Record<string, Condition>): void {
  for (const field of Object.keys(criterion)) if (!FIELDS.has(field)) throw new FakeError('BadRequestException', `fake guardduty: criterion field ${field} not implemented`, 400);
}

function matches(f: FakeFinding, criterion: Record<string, Condition>): boolean {
  for (const [field, c] of Object.entries(criterion)) {
    const value: string | number = field === 'severity' ? f.severity : field === 'service.archived' ? String(f.archived) : f.type;
    const eq = c.Equals ?? c.Eq;
    const neq = c.NotEquals ?? c.Neq;
    if (eq && !eq.includes(String(value))) return false;
    if (neq && neq.includes(String(value))) return false;
    const n = Number(value);
    const gte = c.GreaterThanOrEqual ?? c.Gte;
    const gt = c.GreaterThan ?? c.Gt;
    const lt = c.LessThan ?? c.Lt;
    const lte = c.LessThanOrEqual ?? c.Lte;
    if (gte !== undefined && !(n >= gte)) return false;
    if (gt !== undefined && !(n > gt)) return false;
    if (lt !== undefined && !(n < lt)) return false;
    if (lte !== undefined && !(n <= lte)) return false;
  }
  return true;
}

export const guardDutyService: FakeService = {
  prefix: 'guardduty',
  client: gd.GuardDutyClient,
  module: gd,
  handlers: {
    ListDetectors(input, ctx) {
      const ids = [...guardDutyState(ctx.regionState).detectors.keys()];
      const { page, next } = paginate(ids, input.NextToken, input.MaxResults, 50);
      return { DetectorIds: page, ...(next ? { NextToken: next } : {}) };
    },
    GetDetector(input, ctx) {
      const d = detector(ctx, input.DetectorId);
      return { CreatedAt: d.createdAt.toISOString(), FindingPublishingFrequency: 'SIX_HOURS', ServiceRole: `arn:aws:iam::${ctx.account.id}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`, Status: d.status, UpdatedAt: d.createdAt.toISOString() };
    },
    ListFindings(input, ctx) {
      const d = detector(ctx, input.DetectorId);
      const criterion = (input.FindingCriteria?.Criterion ?? {}) as Record<string, Condition>;
      checkCriterion(criterion);
      const ids = d.findings.filter((f) => matches(f, criterion)).map((f) => f.id);
      const { page, next } = paginate(ids, input.NextToken, input.MaxResults, 50);
      return { FindingIds: page, ...(next ? { NextToken: next } : {}) };
    },
    GetFindings(input, ctx) {
      const d = detector(ctx, input.DetectorId);
      const ids: string[] = input.FindingIds ?? [];
      if (ids.length > 50) throw new FakeError('BadRequestException', 'The request is rejected because the input findingIds has more than 50 items.', 400);
      const findings = d.findings
        .filter((f) => ids.includes(f.id))
        .map((f) => ({
          AccountId: ctx.account.id,
          Arn: `arn:aws:guardduty:${ctx.region}:${ctx.account.id}:detector/${d.id}/finding/${f.id}`,
          Id: f.id,
          Region: ctx.region,
          Partition: 'aws',
          SchemaVersion: '2.0',
          Severity: f.severity,
          Title: f.title,
          Type: f.type,
          CreatedAt: '2026-10-30T00:00:00.000Z',
          UpdatedAt: '2026-10-31T00:00:00.000Z',
          Resource: { ResourceType: f.type.includes(':EC2/') ? 'Instance' : 'AccessKey' },
          Service: { Archived: f.archived, Count: f.count, DetectorId: d.id, ServiceName: 'guardduty' },
        }));
      return { Findings: findings };
    },
  },
};

// ---- seed helpers ---------------------------------------------------------

/** GuardDuty on in the given regions (all enabled regions by default), as an account that followed the brief. */
export function enableGuardDuty(account: FakeAccount, regions?: string[]): Map<string, FakeDetector> {
  const out = new Map<string, FakeDetector>();
  for (const r of account.regions.values()) {
    if (regions ? !regions.includes(r.name) : r.optIn === 'not-opted-in') continue;
    const state = guardDutyState(r);
    let d = [...state.detectors.values()][0];
    if (!d) state.detectors.set((d = { id: newId(), status: 'ENABLED', createdAt: new Date('2026-01-01T00:00:00Z'), findings: [] }).id, d);
    d.status = 'ENABLED';
    out.set(r.name, d);
  }
  return out;
}

/** A detector that exists but was suspended (status DISABLED). */
export function suspendGuardDuty(account: FakeAccount, region: string): FakeDetector {
  const d = enableGuardDuty(account, [region]).get(region)!;
  d.status = 'DISABLED';
  return d;
}

/** Adds findings to the region's detector (enabling GuardDuty there if needed). */
export function addFinding(account: FakeAccount, region: string, f: Partial<FakeFinding> & { type: string; severity: number }, copies = 1): FakeFinding[] {
  const d = enableGuardDuty(account, [region]).get(region)!;
  const added: FakeFinding[] = [];
  for (let i = 0; i < copies; i++) {
    const finding: FakeFinding = { id: newId(), title: f.title ?? f.type, archived: false, count: 1, ...f };
    d.findings.push(finding);
    added.push(finding);
  }
  return added;
}

/** The miner of the brief: what GuardDuty raised when the leaked key ran instances in every region. */
export function addCryptoMiningFinding(account: FakeAccount, region: string, copies = 1): FakeFinding[] {
  return addFinding(account, region, { type: 'CryptoCurrency:EC2/BitcoinTool.B', severity: 8, title: 'EC2 instance is querying a domain name that is associated with Bitcoin-related activity.' }, copies);
}
