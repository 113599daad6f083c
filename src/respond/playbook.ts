/**
 * The leaked-key playbook, in order: contain (first, alone), investigate
 * (containing each attacker credential as soon as it is found), eradicate,
 * recover. Nothing changes unless `contain` or `apply` says so; the CLI asks
 * for confirmation before setting `apply`.
 */
import type { Aws } from '../aws/clients.js';
import { selectRegions } from '../aws/regions.js';
import type { ResponseStore } from '../store/responses.js';
import { apply, applyOne, observe, type ActionResult } from './apply.js';
import type { Action } from './actions.js';
import { containFound, containKeyPlan, containUserPlan, guardSelf, identifyKey, identifyUser, responderFrom, type Identification } from './contain.js';
import { estimateCost, transitionTime, type CostEstimate, type InstanceUsage } from './cost.js';
import { planEradication } from './eradicate.js';
import { LookupEventsSource } from './events/lookup-events.js';
import type { EventSource } from './events/source.js';
import { investigate, type AttackerCredential, type Investigation, type Subject } from './investigate.js';
import { recoveryChecklist, type RecoveryStep } from './recover.js';

export interface RespondOptions {
  subject: Subject;
  /** Carry out containment now (no question asked: the flag is the consent). */
  contain: boolean;
  /** Carry out containment and the cleanup. */
  apply: boolean;
  /**
   * Asked with the concrete cleanup plan before any of it runs (the CLI asks
   * on a terminal); false keeps the cleanup a plan. Containment does not wait
   * for it.
   */
  confirmCleanup?: (plan: Action[]) => Promise<boolean>;
  store: ResponseStore;
  /** Start of the investigated window (default: 90 days back for a key, the LookupEvents horizon; 24 hours for a user). */
  since?: Date;
  /** Only these regions (default: every enabled one). */
  regions?: string[];
  /** Events from somewhere else than LookupEvents (trail files); built for the enabled regions when absent. */
  source?: (regions: string[]) => EventSource;
  progress?: (message: string) => void;
  /** Milliseconds since the start for each milestone; benchmarks read it. */
  onMilestone?: (name: string, ms: number) => void;
}

export interface RespondResult {
  subject: Subject;
  identification: Identification;
  incidentId: number;
  startedAt: string;
  finishedAt: string;
  mode: 'dry-run' | 'contain' | 'apply';
  regions: string[];
  skippedRegions: { region: string; reason: string }[];
  contain: ActionResult[];
  investigation: Investigation;
  eradicate: ActionResult[];
  recover: RecoveryStep[];
  cost: CostEstimate;
  /** Why nothing was done, when the key is not from this account. */
  refused?: string;
}

const DAY = 86_400_000;
/** Where CloudTrail records IAM, STS (global endpoint) and other global services' events in the aws partition. */
export const GLOBAL_EVENTS_REGION = 'us-east-1';

export async function respond(aws: Aws, o: RespondOptions): Promise<RespondResult> {
  const t0 = Date.now();
  const startedAt = new Date(t0).toISOString();
  const milestone = (name: string) => o.onMilestone?.(name, Date.now() - t0);
  const act = o.contain || o.apply;
  const end = new Date();
  const start = o.since ?? new Date(t0 - (o.subject.kind === 'key' ? 90 * DAY : DAY));
  // Regions are listed while containment runs: containment needs none. IAM and
  // other global services record their events in us-east-1, so it is always read.
  const regionsP = selectRegions(aws, o.regions ? [...new Set([...o.regions, GLOBAL_EVENTS_REGION])] : undefined);
  regionsP.catch(() => undefined);
  let source: EventSource | undefined;
  const sourceFor = async () => {
    if (!source) {
      const sel = await regionsP;
      source = o.source ? o.source(sel.enabled) : new LookupEventsSource(aws, sel.enabled);
    }
    return source;
  };

  // 1. Contain — first and alone.
  const before = new Date().toISOString();
  let identification: Identification;
  let plan: Action[];
  if (o.subject.kind === 'key') {
    const keyId = o.subject.accessKeyId;
    identification = await identifyKey(aws, keyId, async () => {
      const src = await sourceFor();
      for await (const r of src.events({ attribute: 'AccessKeyId', value: keyId, start, end })) return r;
      return undefined;
    });
    if (identification.keyAccount && identification.keyAccount !== identification.callerAccount) {
      throw new RespondRefused(
        `${keyId} belongs to account ${identification.keyAccount}, but mamori is signed in to account ${identification.callerAccount}: run respond with credentials of ${identification.keyAccount}`,
      );
    }
    plan = containKeyPlan(identification, before);
  } else {
    const u = await identifyUser(aws, o.subject.userName);
    identification = u;
    plan = containUserPlan(o.subject.userName, u.hasPassword, before);
  }
  milestone('identified');
  const store = o.store;
  const incidentId = store.openIncident(o.subject.kind, identification.subject, identification.keyAccount ?? identification.callerAccount);
  const containResults = new Map<string, ActionResult>();
  const me = responderFrom(identification.callerArn, !!(await aws.credentials()).sessionToken);
  const runContain = async (actions: Action[]) => {
    for (const a of actions.map((x) => guardSelf(x, me))) {
      if (containResults.has(a.id)) continue;
      containResults.set(a.id, { action: a, outcome: 'planned' });
      const r = act ? await applyOne(aws, a, { store, incidentId, ...(o.progress ? { progress: o.progress } : {}) }) : (await observe(aws, [a]))[0]!;
      containResults.set(a.id, r);
      if (a.kind === 'deactivate-access-key') milestone(`key-contained:${a.params.accessKeyId}`);
    }
  };
  await runContain(plan);
  milestone('contained');

  // 2. Investigate, containing each new attacker credential as soon as it shows up.
  const src = await sourceFor();
  const sel = await regionsP;
  const containing: Promise<void>[] = [];
  const investigation = await investigate(src, o.subject, {
    start,
    end,
    ...(o.progress ? { progress: o.progress } : {}),
    onCredential: (c: AttackerCredential) => {
      if (c.kind === 'leaked') return;
      containing.push(runContain(containFound(c, new Date().toISOString())).catch(() => undefined));
    },
  });
  await Promise.all(containing);
  milestone('investigated');

  // 3. Eradicate.
  const eradication = planEradication(investigation);
  const cleanup = o.apply && (!o.confirmCleanup || !eradication.length || (await o.confirmCleanup(eradication)));
  const eradicate = cleanup ? await apply(aws, eradication, { store, incidentId, ...(o.progress ? { progress: o.progress } : {}) }) : await observe(aws, eradication);
  milestone('eradicated');

  // 4. Recover, and what it cost.
  const recover = recoveryChecklist(identification, investigation, sel.enabled);
  const cost = estimateCost(instanceUsage(investigation, eradicate));
  const mode = cleanup ? 'apply' : act ? 'contain' : 'dry-run';
  store.setStatus(incidentId, cleanup ? 'eradicated' : act ? 'contained' : 'open', {
    mode,
    credentials: investigation.credentials.map((c) => c.accessKeyId),
    created: investigation.created.length,
    events: investigation.timeline.length,
  });
  return {
    subject: o.subject,
    identification,
    incidentId,
    startedAt,
    finishedAt: new Date().toISOString(),
    mode,
    regions: sel.enabled,
    skippedRegions: sel.skipped,
    contain: [...containResults.values()],
    investigation,
    eradicate,
    recover,
    cost,
  };
}

export class RespondRefused extends Error {
  override name = 'RespondRefused';
}

/** Instance-hours from launch (RunInstances event) to termination (as observed) or now. */
function instanceUsage(inv: Investigation, eradicate: ActionResult[]): InstanceUsage[] {
  const state = new Map<string, string>();
  for (const r of eradicate) {
    const seen = (r.after ?? r.before)?.instances as Record<string, string> | undefined;
    for (const [id, s] of Object.entries(seen ?? {})) state.set(id, s);
  }
  const now = new Date().toISOString();
  return inv.created
    .filter((c) => c.type === 'ec2:instance')
    .map((c) => {
      const s = state.get(c.id) ?? 'unknown';
      const ended = /^(terminated|shutting-down)/.test(s) ? (transitionTime(s) ?? now) : now;
      return { instanceId: c.id, region: c.region, ...(c.instanceType ? { instanceType: c.instanceType } : {}), launchedAt: c.createdAt, endedAt: ended, stillRunning: !/^(terminated|shutting-down)/.test(s) };
    });
}
