/**
 * What the attacker's instances cost: instance-hours times the On-Demand
 * price of their type, from a dated price table shipped in data/. An
 * estimate: us-east-1 Linux prices for every region, no EBS, no data transfer.
 */
import { readFileSync } from 'node:fs';

export const PRICE_TABLE = new URL('../../../data/ec2-on-demand-prices.json', import.meta.url);

export interface PriceTable {
  compiled: string;
  region: string;
  currency: string;
  source: string;
  regionalNote: string;
  prices: Record<string, number>;
}

export function loadPrices(path: URL | string = PRICE_TABLE): PriceTable {
  return JSON.parse(readFileSync(path, 'utf8')) as PriceTable;
}

export interface InstanceUsage {
  instanceId: string;
  region: string;
  instanceType?: string;
  launchedAt: string;
  /** When it stopped costing: terminated, or now if still running. */
  endedAt: string;
  stillRunning: boolean;
}

export interface CostLine {
  instanceType: string;
  instances: number;
  hours: number;
  pricePerHour?: number;
  cost?: number;
}

export interface CostEstimate {
  lines: CostLine[];
  total: number;
  /** Types with no price in the table: their hours are not in the total. */
  unpriced: string[];
  currency: string;
  priceSource: string;
  pricesCompiled: string;
  regionalNote: string;
}

/** "User initiated (2026-11-22 22:40:00 GMT)" → the ISO time, as DescribeInstances reports terminations. */
export function transitionTime(reason: string | undefined): string | undefined {
  const m = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) GMT\)/.exec(reason ?? '');
  return m ? `${m[1]}T${m[2]}Z` : undefined;
}

export function estimateCost(usage: InstanceUsage[], table: PriceTable = loadPrices()): CostEstimate {
  const byType = new Map<string, CostLine>();
  for (const u of usage) {
    const type = u.instanceType ?? 'unknown';
    // Linux On-Demand is billed per second with a 60-second minimum.
    const hours = Math.max(60_000, Date.parse(u.endedAt) - Date.parse(u.launchedAt)) / 3_600_000;
    const line = byType.get(type) ?? { instanceType: type, instances: 0, hours: 0, ...(table.prices[type] !== undefined ? { pricePerHour: table.prices[type] } : {}) };
    line.instances++;
    line.hours += hours;
    byType.set(type, line);
  }
  const lines = [...byType.values()].map((l) => ({ ...l, ...(l.pricePerHour !== undefined ? { cost: round(l.hours * l.pricePerHour) } : {}), hours: round(l.hours) }));
  return {
    lines: lines.sort((a, b) => (b.cost ?? 0) - (a.cost ?? 0)),
    total: round(lines.reduce((s, l) => s + (l.cost ?? 0), 0)),
    unpriced: lines.filter((l) => l.pricePerHour === undefined).map((l) => l.instanceType),
    currency: table.currency,
    priceSource: table.source,
    pricesCompiled: table.compiled,
    regionalNote: table.regionalNote,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
