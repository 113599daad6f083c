/**
 * Carries out a plan, or (dry run) only observes the state each action would
 * change. Carrying out is idempotent and resumable: an action the store says
 * is done is skipped without a call; an action whose effect is already there
 * is recorded as already done; every change goes to the audit log with the
 * state before and after.
 */
import pLimit from 'p-limit';
import type { Aws } from '../aws/clients.js';
import { AwsCallError, describeFailure } from '../aws/errors.js';
import type { ResponseStore } from '../store/responses.js';
import { executorFor, type Action, type Observed } from './actions.js';

export type Outcome = 'planned' | 'done' | 'already-done' | 'resumed' | 'failed' | 'manual' | 'unknown';

export interface ActionResult {
  action: Action;
  outcome: Outcome;
  before?: Observed;
  after?: Observed;
  error?: string;
  /** When it was carried out. */
  at?: string;
}

const message = (err: unknown) => (err instanceof AwsCallError ? describeFailure(err.failure) : String((err as Error)?.message ?? err));

/** Dry run: what each action would find. Reads only. */
export async function observe(aws: Aws, actions: Action[], regionConcurrency = 8): Promise<ActionResult[]> {
  const limit = pLimit(regionConcurrency);
  return Promise.all(
    actions.map((a) =>
      limit(async (): Promise<ActionResult> => {
        const exec = executorFor(a.kind);
        if (!exec) return { action: a, outcome: 'manual' };
        try {
          const before = await exec.observe(aws, a);
          return { action: a, outcome: exec.done(before, a) ? 'already-done' : 'planned', before };
        } catch (err) {
          return { action: a, outcome: 'unknown', error: message(err) };
        }
      }),
    ),
  );
}

export interface ApplyOptions {
  store: ResponseStore;
  incidentId: number;
  progress?: (message: string) => void;
  regionConcurrency?: number;
}

/** Runs one action with its checks and records. */
export async function applyOne(aws: Aws, a: Action, o: ApplyOptions): Promise<ActionResult> {
  const exec = executorFor(a.kind);
  if (!exec) return { action: a, outcome: 'manual' };
  const prior = o.store.action(o.incidentId, a.id);
  if (prior && (prior.status === 'done' || prior.status === 'already-done')) return { action: a, outcome: 'resumed', ...(prior.finishedAt ? { at: prior.finishedAt } : {}) };
  o.store.begin(o.incidentId, a);
  const at = () => new Date().toISOString();
  let before: Observed | undefined;
  const calls: string[] = [];
  try {
    before = await exec.observe(aws, a);
    if (exec.done(before, a)) {
      o.store.audit(o.incidentId, { at: at(), actionId: a.id, api: 'observe', region: a.region, target: a.target, before, after: before, outcome: 'already-done' });
      o.store.finish(o.incidentId, a.id, 'already-done');
      return { action: a, outcome: 'already-done', before, at: at() };
    }
    o.progress?.(`${a.stage}: ${a.target}`);
    await exec.run(aws, a, (api, target) => calls.push(`${api} ${target}`));
    const after = await exec.observe(aws, a);
    const when = at();
    o.store.audit(o.incidentId, { at: when, actionId: a.id, api: calls.join('; '), region: a.region, target: a.target, before, after, outcome: 'done' });
    o.store.finish(o.incidentId, a.id, 'done');
    return { action: a, outcome: 'done', before, after, at: when };
  } catch (err) {
    const error = message(err);
    o.store.audit(o.incidentId, { at: at(), actionId: a.id, api: calls.join('; ') || 'observe', region: a.region, target: a.target, ...(before ? { before } : {}), outcome: 'failed', error });
    o.store.finish(o.incidentId, a.id, 'failed', error);
    return { action: a, outcome: 'failed', ...(before ? { before } : {}), error, at: at() };
  }
}

/**
 * Carries out a plan. Regions run in parallel; within a region (and for IAM,
 * which is global) actions run in plan order, since later ones depend on
 * earlier ones (a security group is free only once its instances are gone;
 * IAM needs a user's keys deleted before the user). A failed action does not
 * stop the others; running again retries only what is not done.
 */
export async function apply(aws: Aws, actions: Action[], o: ApplyOptions): Promise<ActionResult[]> {
  const byRegion = new Map<string, Action[]>();
  for (const a of actions) byRegion.set(a.region, [...(byRegion.get(a.region) ?? []), a]);
  const limit = pLimit(o.regionConcurrency ?? 8);
  const results = new Map<string, ActionResult>();
  await Promise.all(
    [...byRegion.values()].map((list) =>
      limit(async () => {
        for (const a of list) results.set(a.id, await applyOne(aws, a, o));
      }),
    ),
  );
  return actions.map((a) => results.get(a.id)!);
}
