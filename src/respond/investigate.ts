/**
 * Investigation: every event made with the attacker's credentials, then with
 * every credential those obtained (new access keys, sessions) and by every
 * user they created, until nothing new turns up (a fixed point).
 */
import type { EventQuery, EventSource, TrailRecord } from './events/source.js';
import { createdResources, createdUsers, isUnhandledChange, obtainedCredentials, type CreatedResource } from './extract.js';

export type Subject = { kind: 'key'; accessKeyId: string } | { kind: 'user'; userName: string };

export interface AttackerCredential {
  accessKeyId: string;
  /** leaked: the subject key; access-key: created by the attacker; session: temporary credentials obtained; console-session: a compromised user's console. */
  kind: 'leaked' | 'access-key' | 'session' | 'console-session';
  userName?: string;
  roleArn?: string;
  /** The call that produced it and when. */
  via?: string;
  eventId?: string;
  at?: string;
}

export interface TimelineEntry {
  time: string;
  region: string;
  credential: string;
  principal: string;
  api: string;
  /** `ok`, or the error code (AccessDenied...). */
  result: string;
  resource: string;
  eventId: string;
  sourceIp?: string;
  /** Whether the event is the attacker's (made with an attacker credential). */
  attributed: boolean;
}

export interface Investigation {
  subject: Subject;
  start: string;
  end: string;
  source: string;
  gaps: { where: string; reason: string }[];
  credentials: AttackerCredential[];
  /** Users followed by name: created by the attacker, or the compromised user. */
  users: string[];
  /** Principals the subject credential acted as (user ARN, assumed-role ARN). */
  principals: string[];
  timeline: TimelineEntry[];
  created: CreatedResource[];
  /** Successful changes mamori has no cleanup rule for: to review by hand. */
  unhandled: TimelineEntry[];
  /** Deletions the attacker made (evidence destroyed, resources to restore). */
  deletions: TimelineEntry[];
  /** Roles whose sessions the attacker obtained (AssumeRole): their older sessions must be revoked. */
  assumedRoles: string[];
}

export interface InvestigateOptions {
  start: Date;
  end: Date;
  /** Called as soon as a new attacker credential is found, so that containment does not wait for the rest. */
  onCredential?: (c: AttackerCredential) => Promise<void> | void;
  progress?: (message: string) => void;
}

const RESOURCE_FIELDS = ['userName', 'accessKeyId', 'keyName', 'groupId', 'groupName', 'roleName', 'roleArn', 'policyArn', 'functionName', 'instanceType', 'bucketName'];

function resourceSummary(r: TrailRecord, created: CreatedResource[]): string {
  if (created.length) {
    const ids = created.map((c) => c.id);
    return ids.length > 3 ? `${ids.slice(0, 3).join(', ')} +${ids.length - 3} more` : ids.join(', ');
  }
  const p = r.requestParameters ?? {};
  const items = p.instancesSet?.items as { instanceId?: string }[] | undefined;
  if (items?.length) return items.map((i) => i.instanceId).filter(Boolean).join(', ');
  for (const f of RESOURCE_FIELDS) if (typeof p[f] === 'string') return `${f}=${p[f]}`;
  return '';
}

function entry(r: TrailRecord, attributed: boolean, created: CreatedResource[]): TimelineEntry {
  return {
    time: r.eventTime,
    region: r.awsRegion,
    credential: r.userIdentity?.accessKeyId ?? '',
    principal: r.userIdentity?.arn ?? r.userIdentity?.userName ?? '',
    api: `${r.eventSource.replace(/\.amazonaws\.com$/, '')}:${r.eventName}`,
    result: r.errorCode ?? 'ok',
    resource: resourceSummary(r, created),
    eventId: r.eventID,
    ...(r.sourceIPAddress ? { sourceIp: r.sourceIPAddress } : {}),
    attributed,
  };
}

export async function investigate(source: EventSource, subject: Subject, o: InvestigateOptions): Promise<Investigation> {
  const credentials = new Map<string, AttackerCredential>();
  const users = new Set<string>();
  const asked = new Set<string>();
  const seenEvents = new Set<string>();
  const principals = new Set<string>();
  const assumedRoles = new Set<string>();
  const timeline: TimelineEntry[] = [];
  const created: CreatedResource[] = [];
  const unhandled: TimelineEntry[] = [];
  const deletions: TimelineEntry[] = [];
  const containing: Promise<void>[] = [];
  let frontier: EventQuery[] = [];

  const ask = (attribute: EventQuery['attribute'], value: string) => {
    const k = `${attribute}:${value}`;
    if (asked.has(k)) return;
    asked.add(k);
    frontier.push({ attribute, value, start: o.start, end: o.end });
  };
  const addCredential = (c: AttackerCredential) => {
    if (credentials.has(c.accessKeyId)) return;
    credentials.set(c.accessKeyId, c);
    ask('AccessKeyId', c.accessKeyId);
    if (o.onCredential) containing.push(Promise.resolve(o.onCredential(c)));
  };

  if (subject.kind === 'key') addCredential({ accessKeyId: subject.accessKeyId, kind: 'leaked' });
  else {
    users.add(subject.userName);
    ask('Username', subject.userName);
  }

  /**
   * In `user` mode the password is what leaked, so the attacker's calls are
   * the console's: sessions (ASIA keys) and ConsoleLogin. Calls the same user
   * made with its long-term keys are shown but not attributed.
   */
  const isAttributed = (r: TrailRecord, q: EventQuery): boolean => {
    if (q.attribute === 'AccessKeyId') return true;
    if (subject.kind === 'user' && q.value === subject.userName) {
      const key = r.userIdentity?.accessKeyId ?? '';
      return r.eventName === 'ConsoleLogin' || key.startsWith('ASIA');
    }
    // A user the attacker created. LookupEvents' Username also matches role
    // session names; only the IAM user of that name is the attacker's.
    return r.userIdentity?.userName === q.value && r.userIdentity?.type !== 'AssumedRole';
  };

  for (let wave = 1; frontier.length; wave++) {
    const queries = frontier;
    frontier = [];
    o.progress?.(`investigating: wave ${wave}, ${queries.length} credential(s) or user(s)`);
    await Promise.all(
      queries.map(async (q) => {
        for await (const r of source.events(q)) {
          if (!r.eventID || seenEvents.has(r.eventID)) continue;
          seenEvents.add(r.eventID);
          const attributed = isAttributed(r, q);
          const made = attributed ? createdResources(r) : [];
          const e = entry(r, attributed, made);
          timeline.push(e);
          if (!attributed) continue;
          if (subject.kind === 'key' && r.userIdentity?.accessKeyId === subject.accessKeyId && r.userIdentity.arn) principals.add(r.userIdentity.arn);
          if (subject.kind === 'user' && e.credential.startsWith('ASIA'))
            addCredential({ accessKeyId: e.credential, kind: 'console-session', userName: subject.userName, at: r.eventTime });
          created.push(...made);
          for (const c of obtainedCredentials(r)) {
            if (c.roleArn) assumedRoles.add(c.roleArn);
            addCredential({ accessKeyId: c.accessKeyId, kind: c.kind, ...(c.userName ? { userName: c.userName } : {}), ...(c.roleArn ? { roleArn: c.roleArn } : {}), via: c.via, eventId: c.eventId, at: c.at });
          }
          for (const u of createdUsers(r))
            if (!users.has(u)) {
              users.add(u);
              ask('Username', u);
            }
          if (!r.errorCode && /^(Delete|Terminate|Remove|Detach|Deregister|Stop|Disable)/.test(r.eventName)) deletions.push(e);
          if (isUnhandledChange(r)) unhandled.push(e);
        }
      }),
    );
  }
  await Promise.all(containing);
  const byTime = (a: { time: string }, b: { time: string }) => a.time.localeCompare(b.time);
  return {
    subject,
    start: o.start.toISOString(),
    end: o.end.toISOString(),
    source: source.name,
    gaps: [...source.gaps],
    credentials: [...credentials.values()],
    users: [...users],
    principals: [...principals],
    timeline: timeline.sort(byTime),
    created: created.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    unhandled: unhandled.sort(byTime),
    deletions: deletions.sort(byTime),
    assumedRoles: [...assumedRoles],
  };
}
