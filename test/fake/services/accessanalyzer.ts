import * as aa from '@aws-sdk/client-accessanalyzer';
import type { FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import { regional, type FakeAccount, type FakeRegion } from '../state.js';

export interface FakeAnalyzer {
  name: string;
  type: 'ACCOUNT' | 'ORGANIZATION' | 'ACCOUNT_UNUSED_ACCESS' | 'ORGANIZATION_UNUSED_ACCESS' | 'ACCOUNT_INTERNAL_ACCESS' | 'ORGANIZATION_INTERNAL_ACCESS';
  status: 'ACTIVE' | 'CREATING' | 'DISABLED' | 'FAILED';
}
export interface FakeAccessAnalyzer {
  analyzers: FakeAnalyzer[];
}

export const accessAnalyzerState = (r: FakeRegion) => regional<FakeAccessAnalyzer>(r, 'accessanalyzer', () => ({ analyzers: [] }));

export const accessAnalyzerService: FakeService = {
  prefix: 'access-analyzer',
  client: aa.AccessAnalyzerClient,
  module: aa,
  handlers: {
    ListAnalyzers(input, ctx) {
      let list = accessAnalyzerState(ctx.regionState).analyzers;
      if (input.type) list = list.filter((a) => a.type === input.type);
      // The API reference documents no maximum or default for maxResults; 100 is this fake's assumption.
      const { page, next } = paginate(list, input.nextToken, input.maxResults, 100);
      return {
        analyzers: page.map((a) => ({
          arn: `arn:aws:access-analyzer:${ctx.region}:${ctx.account.id}:analyzer/${a.name}`,
          name: a.name,
          type: a.type,
          createdAt: new Date('2026-01-01T00:00:00Z'),
          status: a.status,
          tags: {},
        })),
        ...(next ? { nextToken: next } : {}),
      };
    },
  },
};

// ---- seed helpers ---------------------------------------------------------

/** An ACTIVE external-access analyzer in each given region (all enabled regions by default). */
export function enableAccessAnalyzer(account: FakeAccount, regions?: string[], over: Partial<FakeAnalyzer> = {}): void {
  for (const r of account.regions.values()) {
    if (regions ? !regions.includes(r.name) : r.optIn === 'not-opted-in') continue;
    accessAnalyzerState(r).analyzers.push({ name: `ExternalAccess-${r.name}`, type: 'ACCOUNT', status: 'ACTIVE', ...over });
  }
}
