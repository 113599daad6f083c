/**
 * Suppressions: the `scan: suppress:` section of the config file. An entry
 * matches a finding when every condition it gives matches (AND); a finding is
 * suppressed when any entry matches (OR). A suppressed finding stays in every
 * report as SUPPRESSED with the entry's reason — it is never dropped — and an
 * entry past its `expires` date stops applying and is reported as expired.
 *
 *   scan:
 *     suppress:
 *       - check: iam.user-mfa          # check id, `*` globs allowed
 *         account: "123456789012"      # quoted: YAML would read it as a number
 *         region: eu-west-1
 *         resource: "arn:aws:iam::*:user/break-glass-*"
 *         tags: { owner: security }    # every tag must match (value globs allowed)
 *         reason: break-glass users keep a hardware MFA in the safe
 *         expires: 2027-03-31           # optional, YYYY-MM-DD (UTC, inclusive)
 */
import { ConfigError, section, type ConfigFile } from '../config/file.js';
import type { Finding } from './check.js';
import type { AccountSnapshot } from './snapshot.js';

export interface Suppression {
  check?: string;
  account?: string;
  region?: string;
  resource?: string;
  tags?: Record<string, string>;
  reason: string;
  expires?: string;
  /** Where the entry is, for reports: `file:line`. */
  source: string;
}

export interface SuppressionSet {
  active: Suppression[];
  expired: Suppression[];
}

/** What a suppressed finding carries (additive field of the report). */
export interface SuppressionMark {
  reason: string;
  expires?: string;
  source: string;
  /** The status the finding had before it was suppressed. */
  status: string;
}

const MATCHERS = ['check', 'account', 'region', 'resource', 'tags'] as const;
const KEYS = new Set<string>([...MATCHERS, 'reason', 'expires']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** An entry is expired once the day after `expires` has begun (UTC). */
export function isExpired(expires: string | undefined, now: Date): boolean {
  if (!expires) return false;
  return now.getTime() >= Date.parse(`${expires}T00:00:00Z`) + 86_400_000;
}

/** Reads and validates the suppressions; every error names its line, all errors at once. */
export function parseSuppressions(cfg: ConfigFile, now = new Date()): SuppressionSet {
  const scan = section(cfg, 'scan');
  const out: SuppressionSet = { active: [], expired: [] };
  if (!scan) return out;
  const errors: string[] = [];
  const err = (path: (string | number)[], msg: string) => errors.push(`${cfg.path}:${cfg.line(path)}: ${msg}`);
  for (const k of Object.keys(scan)) if (k !== 'suppress') err(['scan', k], `unknown setting "scan.${k}" (known: suppress)`);
  const list = scan.suppress;
  if (list === undefined || list === null) {
    if (errors.length) throw new ConfigError(errors.join('\n'));
    return out;
  }
  if (!Array.isArray(list)) {
    err(['scan', 'suppress'], '"scan.suppress" must be a list of entries');
    throw new ConfigError(errors.join('\n'));
  }
  list.forEach((raw: unknown, i: number) => {
    const at = (k?: string) => (k ? ['scan', 'suppress', i, k] : ['scan', 'suppress', i]);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return err(at(), `suppression ${i + 1} must be a mapping`);
    const e = raw as Record<string, unknown>;
    const entry: Partial<Suppression> = { source: `${cfg.path}:${cfg.line(at())}` };
    for (const k of Object.keys(e)) if (!KEYS.has(k)) err(at(k), `unknown field "${k}" (known: ${[...KEYS].join(', ')})`);
    for (const k of ['check', 'region', 'resource'] as const) {
      if (e[k] === undefined) continue;
      if (typeof e[k] !== 'string' || !e[k]) err(at(k), `"${k}" must be a non-empty string`);
      else entry[k] = e[k] as string;
    }
    if (e.account !== undefined) {
      if (typeof e.account === 'number') err(at('account'), `quote the account id ("${e.account}"): unquoted, YAML reads it as a number and drops leading zeros`);
      else if (typeof e.account !== 'string' || !/^[0-9*?]{1,12}$/.test(e.account)) err(at('account'), `"account" must be a 12-digit account id (globs allowed)`);
      else entry.account = e.account;
    }
    if (e.tags !== undefined) {
      if (!e.tags || typeof e.tags !== 'object' || Array.isArray(e.tags) || !Object.keys(e.tags).length) err(at('tags'), '"tags" must be a mapping of tag key to value');
      else {
        const tags: Record<string, string> = {};
        for (const [k, v] of Object.entries(e.tags as Record<string, unknown>)) {
          if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') err(['scan', 'suppress', i, 'tags', k], `tag "${k}" must have a string value`);
          else tags[k] = String(v);
        }
        entry.tags = tags;
      }
    }
    if (typeof e.reason !== 'string' || !e.reason.trim()) err(e.reason === undefined ? at() : at('reason'), `suppression ${i + 1} needs a "reason" (why this finding is accepted)`);
    else entry.reason = e.reason.trim();
    if (e.expires !== undefined) {
      const s = e.expires instanceof Date ? e.expires.toISOString().slice(0, 10) : String(e.expires);
      if (!validDate(s)) err(at('expires'), `"expires" must be a date written YYYY-MM-DD, not ${JSON.stringify(e.expires)}`);
      else entry.expires = s;
    }
    if (!MATCHERS.some((k) => e[k] !== undefined)) err(at(), `suppression ${i + 1} matches nothing: give at least one of ${MATCHERS.join(', ')}`);
    if (entry.reason && MATCHERS.some((k) => entry[k] !== undefined)) (isExpired(entry.expires, now) ? out.expired : out.active).push(entry as Suppression);
  });
  if (errors.length) throw new ConfigError(errors.join('\n'));
  return out;
}

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

/**
 * Tags of every resource in the snapshot, by ARN: any object of any section
 * that has an `arn` and a `tags` map. Generic on purpose, so sections added
 * later are covered without touching this file.
 */
export function resourceTags(snap: AccountSnapshot): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    const arn = o.arn ?? o.Arn;
    if (typeof arn === 'string' && o.tags && typeof o.tags === 'object' && !Array.isArray(o.tags)) out.set(arn, o.tags as Record<string, string>);
    for (const x of Object.values(o)) walk(x);
  };
  walk(snap);
  return out;
}

export function matches(s: Suppression, f: Finding, tags: Record<string, string> | undefined): boolean {
  if (s.check && !glob(s.check, f.checkId)) return false;
  if (s.account && !glob(s.account, f.account)) return false;
  if (s.region && !glob(s.region, f.region)) return false;
  if (s.resource && !glob(s.resource, f.resource)) return false;
  if (s.tags) {
    if (!tags) return false;
    for (const [k, v] of Object.entries(s.tags)) if (tags[k] === undefined || !glob(v, tags[k]!)) return false;
  }
  return true;
}

/** FAIL and MANUAL findings that an active entry matches become SUPPRESSED, keeping their reason. */
export function applySuppressions(findings: Finding[], snap: AccountSnapshot | undefined, set: SuppressionSet): Finding[] {
  if (!set.active.length) return findings;
  const index = snap && set.active.some((s) => s.tags) ? resourceTags(snap) : new Map<string, Record<string, string>>();
  return findings.map((f) => {
    if (f.status !== 'FAIL' && f.status !== 'MANUAL') return f;
    const detailTags = f.details?.tags as Record<string, string> | undefined;
    const tags = index.get(f.resource) ?? detailTags;
    const s = set.active.find((x) => matches(x, f, tags));
    if (!s) return f;
    const mark: SuppressionMark = { reason: s.reason, ...(s.expires ? { expires: s.expires } : {}), source: s.source, status: f.status };
    return { ...f, status: 'SUPPRESSED' as const, suppression: mark };
  });
}
