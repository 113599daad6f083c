import { AwsCallError, toFailure, type AwsFailure } from '../../aws/errors.js';
import type { Aws } from '../../aws/clients.js';
import type { AccountSnapshot, PerRegion, Read } from '../snapshot.js';

export interface CollectContext {
  aws: Aws;
  snap: AccountSnapshot;
  /** Progress lines for the terminal (stderr). */
  progress: (message: string) => void;
  /** Base wait between credential-report polls; tests set it to 0. */
  pollMs: number;
}

/** A collector fills its own sections of the snapshot. */
export type Collector = (ctx: CollectContext) => Promise<void>;

export const notCollected = (api: string, region = 'global'): AwsFailure => ({
  api,
  region,
  kind: 'other',
  code: 'NotCollected',
  message: 'not collected',
});

/** Runs one read; an AWS error becomes the classified failure instead of a value. */
export async function read<T>(api: string, region: string, fn: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof AwsCallError) return { ok: false, error: err.failure };
    // A bug or an unexpected shape in one read must not sink the whole scan.
    return { ok: false, error: { ...toFailure(err, api, region), kind: 'other' } };
  }
}

/** The same read in every scanned region, in parallel (the client layer bounds concurrency). */
export async function readPerRegion<T>(
  ctx: CollectContext,
  api: string,
  fn: (region: string) => Promise<T>,
): Promise<PerRegion<T>> {
  const entries = await Promise.all(ctx.snap.regions.map(async (r) => [r, await read(api, r, () => fn(r))] as const));
  return Object.fromEntries(entries);
}

/** Collects every item of every page. */
export async function all<T, O>(pages: AsyncGenerator<O>, items: (out: O) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const isoDate = (d: Date | string | undefined) => (d === undefined ? undefined : new Date(d).toISOString());
