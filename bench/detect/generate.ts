/**
 * Builds a CloudTrail bucket layout for benchmarks from the public samples:
 *   AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmm>Z_<id>.json.gz
 * Each event is a sample record (TrailDiscover's per-API examples, Stratus
 * Red Team detonations) with fresh time, id, account, region, caller and
 * source IP. Read-only calls are drawn ten times as often as writes, as in
 * real trails. Usage:
 *   node dist/bench/detect/generate.js OUT_DIR [EVENTS=1000000] [SAMPLES_DIR]
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

const out = process.argv[2];
const total = Number(process.argv[3] ?? 1_000_000);
const samples = process.argv[4] ?? ['../shared/data/cloudtrail', '../../shared/data/cloudtrail', '/work/shared/data/cloudtrail'].map((p) => resolve(p)).find(existsSync);
if (!out || !samples) {
  console.error('usage: generate OUT_DIR [EVENTS] [SAMPLES_DIR]');
  process.exit(2);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const templates: Record<string, unknown>[] = [];
for (const f of files(samples)) {
  if (!/(logExamples\/.*\.cloudtrail|detonation-logs\/.*\.json)$/.test(f)) continue;
  try {
    const v = JSON.parse(readFileSync(f, 'utf8'));
    for (const e of Array.isArray(v) ? v : [v]) if (e && typeof e === 'object' && e.eventName && e.eventTime && e.userIdentity) templates.push(e);
  } catch {
    /* a malformed sample is simply not used */
  }
}
const weighted: string[] = templates.map((t) => JSON.stringify(t));
const weights = templates.map((t) => (/^(Describe|List|Get|Head|Lookup)/.test(String(t.eventName)) ? 10 : 1));
const cumulative: number[] = [];
weights.reduce((acc, w, i) => (cumulative[i] = acc + w), 0);
const totalWeight = cumulative.at(-1)!;
const pick = () => {
  const r = Math.random() * totalWeight;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return weighted[lo]!;
};

/**
 * Planted campaigns, so that the threshold and multi-region correlations have
 * something to find (random draws almost never line up): every 97th file a
 * burst of console login failures for one user (every third burst only five,
 * below the threshold of six), and every 89th file RunInstances by one role
 * session in three regions within about 20 minutes (every fourth spree only
 * two regions). They replace drawn records, so the total stays exact.
 */
const firstOf = (name: string, ok: (t: Record<string, any>) => boolean = () => true) => templates.find((t) => t.eventName === name && ok(t));
const loginTemplate = firstOf('ConsoleLogin', (t) => t.userIdentity?.type === 'IAMUser') ?? firstOf('ConsoleLogin');
// The samples' RunInstances calls may have failed; the planted ones succeed.
const runTemplate = firstOf('RunInstances', (t) => !t.errorCode) ?? firstOf('RunInstances');
const planted = new Map<number, Record<string, any>[]>();
const plant = (file: number, e: Record<string, any>) => (planted.get(file) ?? planted.set(file, []).get(file)!).push(e);

const accounts = ['111122223333', '444455556666', '777788889999'];
const regions = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1'];
const users = Array.from({ length: 40 }, (_, i) => `user${i}`);
const ips = Array.from({ length: 200 }, (_, i) => `198.51.${100 + (i >> 8)}.${i & 255}`);
const perFile = 500;
const spanMs = 7 * 86_400_000;
const start = Date.parse('2026-11-13T00:00:00Z');
const nFiles = Math.ceil(total / perFile);
let written = 0;
let bytes = 0;

const uuid = () => {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * CloudTrail writes a record's fields in a fixed order, eventVersion first
 * (AWS's log file examples); many samples were saved with sorted keys. The
 * generator restores the delivery order (fields it does not know keep their
 * order, after the known ones), so files look like a trail's.
 */
const DELIVERY_ORDER = ['eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'errorCode', 'errorMessage', 'requestParameters', 'responseElements', 'additionalEventData', 'requestID', 'eventID', 'readOnly', 'resources', 'eventType', 'apiVersion', 'managementEvent', 'recipientAccountId', 'sharedEventID', 'vpcEndpointId', 'vpcEndpointAccountId', 'serviceEventDetails', 'eventCategory', 'addendum', 'sessionCredentialFromConsole', 'edgeDeviceDetails', 'tlsDetails'];
const inDeliveryOrder = (e: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = { eventVersion: e.eventVersion ?? '1.08' };
  for (const k of DELIVERY_ORDER) if (k in e) out[k] = e[k];
  for (const k of Object.keys(e)) if (!(k in out)) out[k] = e[k];
  return out;
};

const fileTimeOf = (f: number) => start + Math.floor((f / nFiles) * spanMs);
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
for (let f = 0; f < nFiles; f++) {
  const account = accounts[f % accounts.length]!;
  if (loginTemplate && f % 97 === 0) {
    const user = `user${f % 40}`;
    const n = (f / 97) % 3 === 2 ? 5 : 7;
    for (let k = 0; k < n; k++) {
      const e = structuredClone(loginTemplate) as Record<string, any>;
      e.eventTime = iso(fileTimeOf(f) - 240_000 + k * 30_000);
      e.userIdentity = { type: 'IAMUser', principalId: 'AIDAEXAMPLEPLANTED', accountId: account, userName: user };
      e.responseElements = { ConsoleLogin: 'Failure' };
      e.errorMessage = 'Failed authentication';
      e.additionalEventData = { ...(e.additionalEventData ?? {}), MFAUsed: 'No' };
      plant(f, e);
    }
  }
  if (runTemplate && f % 89 === 0 && f + 6 < nFiles) {
    // Files f, f+3, f+6 are the same account in three successive regions, ~15 minutes apart.
    const arn = `arn:aws:sts::${account}:assumed-role/role-spree${f}/session`;
    const steps = (f / 89) % 4 === 3 ? [0, 3] : [0, 3, 6];
    for (const [j, step] of steps.entries()) {
      const e = structuredClone(runTemplate) as Record<string, any>;
      delete e.errorCode;
      delete e.errorMessage;
      e.eventTime = iso(fileTimeOf(f + step) - (j === 0 ? 0 : 290_000));
      e.userIdentity = { type: 'AssumedRole', principalId: `AROAEXAMPLEROLE:spree${f}`, arn, accountId: account, accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionContext: { sessionIssuer: { type: 'Role', userName: `role-spree${f}` } } };
      plant(f + step, e);
    }
  }
}

for (let f = 0; f < nFiles; f++) {
  const account = accounts[f % accounts.length]!;
  const region = regions[Math.floor(f / accounts.length) % regions.length]!;
  const fileTime = fileTimeOf(f);
  const records = [];
  const n = Math.min(perFile, total - written);
  for (let i = 0; i < n; i++) {
    const e = JSON.parse(pick());
    const user = users[(f * 7 + i) % users.length]!;
    e.eventTime = new Date(fileTime - Math.floor(Math.random() * 300_000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    e.eventID = uuid();
    e.requestID = uuid();
    e.awsRegion = region;
    e.recipientAccountId = account;
    e.sourceIPAddress = ips[(f + i * 13) % ips.length];
    // Most API calls in a real trail come from role sessions (temporary ASIA keys);
    // the samples were mostly recorded with IAM user keys, so most become role sessions.
    if (e.userIdentity?.type === 'IAMUser' && e.eventSource !== 'signin.amazonaws.com' && Math.random() < 0.8) {
      e.userIdentity = { type: 'AssumedRole', principalId: `AROAEXAMPLEROLE:${user}`, arn: '', accountId: account, accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`, sessionContext: { sessionIssuer: { type: 'Role', userName: `role-${user}` } } };
    }
    const ui = e.userIdentity;
    if (ui.type === 'IAMUser' || ui.type === 'AssumedRole') {
      ui.accountId = account;
      ui.arn = ui.type === 'IAMUser' ? `arn:aws:iam::${account}:user/${user}` : `arn:aws:sts::${account}:assumed-role/role-${user}/session`;
      if (ui.type === 'IAMUser') ui.userName = user;
    }
    records.push(e);
  }
  const extra = planted.get(f) ?? [];
  extra.forEach((e, k) => {
    e.eventID = uuid();
    e.requestID = uuid();
    e.awsRegion = region;
    e.recipientAccountId = account;
    e.sourceIPAddress = ips[(f * 31 + k) % ips.length];
    if (records.length) records[records.length - 1 - (k % records.length)] = e;
  });
  const d = new Date(fileTime);
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const dir = join(out, 'AWSLogs', account, 'CloudTrail', region, String(y), m, day);
  mkdirSync(dir, { recursive: true });
  const gz = gzipSync(JSON.stringify({ Records: records.map(inDeliveryOrder) }));
  writeFileSync(join(dir, `${account}_CloudTrail_${region}_${y}${m}${day}T${hh}${mm}Z_${randomBytes(8).toString('hex')}.json.gz`), gz);
  written += n;
  bytes += gz.length;
}
console.log(JSON.stringify({ events: written, files: nFiles, gzBytes: bytes, templates: templates.length, samples }));
