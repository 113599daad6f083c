/**
 * The secret detector as a library function. `mamori secrets` scans files
 * and history with it; cloud-side checks (Lambda environment variables, EC2
 * user data, ECS task definitions) call it on the values they read, so a
 * secret is recognised the same way everywhere.
 *
 * Speed: each rule declares literal keywords; a rule's regular expressions
 * only run on text containing one of them (a plain substring search), which
 * is what makes scanning a whole tree or history affordable.
 */
import { RULES, type Rule, type Severity } from './rules/index.js';
import type { DetectContext } from './rules/rule.js';
import { accountFromKeyId, keyIdKind } from './aws-key-id.js';

export interface SecretFinding {
  rule: string;
  /** Offset of the match in the text. */
  index: number;
  /** The matched secret. Callers must mask it before showing or storing it. */
  value: string;
  /** True for AWS's documented example credentials, which are never real. */
  example: boolean;
  severity: Severity;
  /** For AWS key ids: the id (an identifier, safe to show in full), its kind and the account it encodes. */
  aws?: { keyId: string; kind: string; account?: string };
  /** For an AWS secret access key or session token: the key id it sits beside, when one is near. */
  pairedKeyId?: string;
}

export interface DetectOptions {
  /** Restrict to these rules. */
  rules?: readonly Rule[];
  /**
   * Also report informational matches (IAM unique ids such as AROA...). Off by
   * default so that callers judging cloud resources (the Lambda environment
   * check) only ever see credentials; `mamori secrets` turns it on.
   */
  includeInfo?: boolean;
}

interface Prefilter {
  rules: { rule: Rule; test: (text: string, hits: Set<string>) => boolean }[];
  /** One pass that collects which case-sensitive keywords occur. */
  any: RegExp;
}

const escape = (k: string) => k.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * A single combined regular expression over every case-sensitive keyword
 * collects, in one pass, which keywords occur (most text has none); a rule
 * runs when one of its keywords did. Case-insensitive rules (generic names)
 * test their own expression, which stops at the first hit.
 */
function prefilterFor(rules: readonly Rule[]): Prefilter {
  const literal = rules.filter((r) => !r.ignoreCase).flatMap((r) => r.keywords);
  return {
    any: new RegExp(literal.length ? literal.map(escape).join('|') : '(?!)', 'g'),
    rules: rules.map((rule) => {
      if (rule.ignoreCase) {
        const re = new RegExp(rule.keywords.map(escape).join('|'), 'i');
        return { rule, test: (t: string) => re.test(t) };
      }
      return { rule, test: (_t: string, hits: Set<string>) => rule.keywords.some((k) => hits.has(k)) };
    }),
  };
}

const DEFAULT_FILTER = prefilterFor(RULES);
const cache = new WeakMap<readonly Rule[], Prefilter>();

export function findSecrets(text: string, options: DetectOptions = {}): SecretFinding[] {
  let filter = DEFAULT_FILTER;
  if (options.rules) {
    filter = cache.get(options.rules) ?? prefilterFor(options.rules);
    cache.set(options.rules, filter);
  }
  const hits = new Set<string>();
  filter.any.lastIndex = 0;
  for (let m = filter.any.exec(text); m; m = filter.any.exec(text)) hits.add(m[0]);
  const ctx: DetectContext = { awsKeyIds: [] };
  const out: SecretFinding[] = [];
  for (const { rule, test } of filter.rules) {
    const hit = test(text, hits);
    if (!hit && !rule.alsoRunIf?.(ctx)) continue;
    for (const m of rule.find(text, ctx)) {
      const f: SecretFinding = { rule: rule.id, index: m.index, value: m.value, example: m.example ?? false, severity: m.severity ?? rule.severity };
      if (rule.id === 'aws-access-key-id' || rule.id === 'aws-unique-id') {
        const account = accountFromKeyId(m.value);
        f.aws = { keyId: m.value, kind: keyIdKind(m.value).kind, ...(account ? { account } : {}) };
        if (rule.id === 'aws-access-key-id') ctx.awsKeyIds.push({ index: m.index, value: m.value });
      }
      out.push(f);
    }
  }
  pairAwsSecrets(out, ctx);
  return dropGenericOverlaps(options.includeInfo ? out : out.filter((f) => f.severity !== 'info')).sort((a, b) => a.index - b.index || a.rule.localeCompare(b.rule));
}

/** A generic assignment that a specific rule already explains is the same finding twice. */
function dropGenericOverlaps(findings: SecretFinding[]): SecretFinding[] {
  const specific = findings.filter((f) => f.rule !== 'generic-secret');
  if (specific.length === 0) return findings;
  return findings.filter(
    (f) => f.rule !== 'generic-secret' || !specific.some((s) => f.index < s.index + s.value.length + 1 && s.index < f.index + f.value.length),
  );
}

/** Ties each AWS secret key or session token to the nearest access key id in the text. */
function pairAwsSecrets(findings: SecretFinding[], ctx: DetectContext): void {
  if (ctx.awsKeyIds.length === 0) return;
  for (const f of findings) {
    if (f.rule !== 'aws-secret-access-key' && f.rule !== 'aws-session-token') continue;
    let best: { index: number; value: string } | undefined;
    for (const id of ctx.awsKeyIds) if (!best || Math.abs(id.index - f.index) < Math.abs(best.index - f.index)) best = id;
    if (best) f.pairedKeyId = best.value;
  }
}

/** First 4 and last 4 characters; short values are hidden entirely. */
export function mask(value: string): string {
  if (value.length < 12) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(Math.min(value.length - 8, 12))}${value.slice(-4)}`;
}
