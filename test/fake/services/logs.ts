import * as logs from '@aws-sdk/client-cloudwatch-logs';
import { FakeError } from '../errors.js';
import type { FakeService } from '../fake.js';
import { paginate } from '../paging.js';
import { regional, type FakeAccount, type FakeRegion } from '../state.js';

export interface FakeMetricFilter {
  filterName: string;
  filterPattern: string;
  metricTransformations: { metricName: string; metricNamespace: string; metricValue: string }[];
}
export interface FakeLogs {
  groups: Map<string, { createdAt: Date; metricFilters: FakeMetricFilter[] }>;
}

export const logsState = (r: FakeRegion) => regional<FakeLogs>(r, 'logs', () => ({ groups: new Map() }));

export const logsService: FakeService = {
  prefix: 'logs',
  client: logs.CloudWatchLogsClient,
  module: logs,
  handlers: {
    DescribeMetricFilters(input, ctx) {
      const state = logsState(ctx.regionState);
      let filters: (FakeMetricFilter & { logGroupName: string })[];
      if (input.logGroupName) {
        const g = state.groups.get(input.logGroupName);
        if (!g) throw new FakeError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
        filters = g.metricFilters.map((f) => ({ ...f, logGroupName: input.logGroupName }));
      } else filters = [...state.groups.entries()].flatMap(([name, g]) => g.metricFilters.map((f) => ({ ...f, logGroupName: name })));
      if (input.filterNamePrefix) filters = filters.filter((f) => f.filterName.startsWith(input.filterNamePrefix));
      if (input.metricName) filters = filters.filter((f) => f.metricTransformations.some((m) => m.metricName === input.metricName && m.metricNamespace === input.metricNamespace));
      const { page, next } = paginate(filters, input.nextToken, input.limit, 50);
      return { metricFilters: page.map((f) => ({ ...f, creationTime: 1767225600000 })), ...(next ? { nextToken: next } : {}) };
    },
  },
};

// ---- seed helpers ---------------------------------------------------------

/** Creates the log group (if missing) and returns its ARN as CloudTrail stores it (with the trailing `:*`). */
export function addLogGroup(account: FakeAccount, region: string, name: string): string {
  const s = logsState(account.regions.get(region)!);
  if (!s.groups.has(name)) s.groups.set(name, { createdAt: new Date('2026-01-01T00:00:00Z'), metricFilters: [] });
  return `arn:aws:logs:${region}:${account.id}:log-group:${name}:*`;
}

export function addMetricFilter(account: FakeAccount, region: string, logGroup: string, f: { name: string; pattern: string; metricName: string; namespace: string }): void {
  addLogGroup(account, region, logGroup);
  logsState(account.regions.get(region)!).groups.get(logGroup)!.metricFilters.push({
    filterName: f.name,
    filterPattern: f.pattern,
    metricTransformations: [{ metricName: f.metricName, metricNamespace: f.namespace, metricValue: '1' }],
  });
}
