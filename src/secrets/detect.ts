/**
 * The secret detector as a library function. `mamori secrets` scans files
 * and history with it; cloud-side checks (Lambda environment variables, EC2
 * user data, ECS task definitions) call it on the values they read, so a
 * secret is recognised the same way everywhere.
 *
 * Speed: each rule declares literal keywords; a rule's regular expressions
 * only run on text containing one of them. File and blob scans go further
 * (findSecretsInBytes): keywords are found in the raw bytes and only the
 * lines around them are decoded and searched.
 */
import { RULES, type Rule, type Severity } from './rules/index.js';
import type { DetectContext } from './rules/rule.js';
import { accountFromKeyId, keyIdKind } from './aws-key-id.js';
import { compileKeywords, type Keyword, type KeywordMatcher } from './keywords.js';

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
  const literal = rules.filter((r) => !r.ignoreCase).flatMap((r) => [...r.keywords, ...(r.literalKeywords ?? [])]);
  return {
    any: new RegExp(literal.length ? literal.map(escape).join('|') : '(?!)', 'g'),
    rules: rules.map((rule) => {
      if (rule.ignoreCase) {
        const re = new RegExp([...rule.keywords, ...(rule.literalKeywords ?? [])].map(escape).join('|'), 'i');
        return { rule, test: (t: string) => re.test(t) };
      }
      return { rule, test: (_t: string, hits: Set<string>) => rule.keywords.some((k) => hits.has(k)) };
    }),
  };
}

const DEFAULT_FILTER = prefilterFor(RULES);
const cache = new WeakMap<readonly Rule[], Prefilter>();

function filterFor(rules: readonly Rule[] | undefined): Prefilter {
  if (!rules) return DEFAULT_FILTER;
  let filter = cache.get(rules);
  if (!filter) cache.set(rules, (filter = prefilterFor(rules)));
  return filter;
}

export function findSecrets(text: string, options: DetectOptions = {}): SecretFinding[] {
  return detectIn([{ text, start: 0, line: 1 }], filterFor(options.rules), options.includeInfo ?? false).map((x) => x.finding);
}

/**
 * A piece of a larger text: `start` is the offset (in UTF-16 code units, as
 * string indexes count) of `text[0]` in the whole, and `line` its line number.
 * Windows with findings start at a line start and end at a line end.
 */
export interface TextWindow {
  text: string;
  start: number;
  line: number;
}

export interface WindowFinding {
  /** `index` is the offset in the whole text. */
  finding: SecretFinding;
  /** Which window it was found in. */
  window: number;
}

/**
 * The rules over pieces of one text, with the result findSecrets would give
 * on the whole: each window is searched on its own, then key ids are paired
 * with secrets and overlaps dropped across all of them.
 */
function detectIn(windows: readonly TextWindow[], filter: Prefilter, includeInfo: boolean): WindowFinding[] {
  const out: WindowFinding[] = [];
  const keyIds: { index: number; value: string }[] = [];
  windows.forEach(({ text, start }, w) => {
    const hits = new Set<string>();
    filter.any.lastIndex = 0;
    for (let m = filter.any.exec(text); m; m = filter.any.exec(text)) hits.add(m[0]);
    const ctx: DetectContext = { awsKeyIds: [] };
    for (const { rule, test } of filter.rules) {
      const hit = test(text, hits);
      if (!hit && !rule.alsoRunIf?.(ctx)) continue;
      for (const m of rule.find(text, ctx)) {
        const f: SecretFinding = { rule: rule.id, index: start + m.index, value: m.value, example: m.example ?? false, severity: m.severity ?? rule.severity };
        if (rule.id === 'aws-access-key-id' || rule.id === 'aws-unique-id') {
          const account = accountFromKeyId(m.value);
          f.aws = { keyId: m.value, kind: keyIdKind(m.value).kind, ...(account ? { account } : {}) };
          if (rule.id === 'aws-access-key-id') {
            ctx.awsKeyIds.push({ index: m.index, value: m.value });
            keyIds.push({ index: f.index, value: m.value });
          }
        }
        out.push({ finding: f, window: w });
      }
    }
  });
  pairAwsSecrets(
    out.map((x) => x.finding),
    keyIds,
  );
  return dropGenericOverlaps(includeInfo ? out : out.filter((x) => x.finding.severity !== 'info')).sort(
    (a, b) => a.finding.index - b.finding.index || a.finding.rule.localeCompare(b.finding.rule),
  );
}

interface ByteMatcher {
  matcher: KeywordMatcher;
  /** Characters before and after a keyword hit that its rule can reach. */
  reach: Map<Keyword, [number, number]>;
}

const matchers = new WeakMap<readonly Rule[], ByteMatcher>();

function byteMatcherFor(rules: readonly Rule[]): ByteMatcher {
  let m = matchers.get(rules);
  if (m) return m;
  const list: Keyword[] = [];
  const reach = new Map<Keyword, [number, number]>();
  for (const rule of rules) {
    for (const word of rule.keywords) {
      const k: Keyword = { word, ignoreCase: rule.ignoreCase ?? false, assignment: rule.assignment ?? false };
      list.push(k);
      reach.set(k, [rule.reachBack ?? DEFAULT_REACH_BACK, rule.reach ?? DEFAULT_REACH]);
    }
    for (const word of rule.literalKeywords ?? []) {
      const k: Keyword = { word, ignoreCase: false, assignment: false };
      list.push(k);
      reach.set(k, [rule.reachBack ?? DEFAULT_REACH_BACK, rule.reach ?? DEFAULT_REACH]);
    }
  }
  matchers.set(rules, (m = { matcher: compileKeywords(list), reach }));
  return m;
}

const DEFAULT_REACH_BACK = 64;
const DEFAULT_REACH = 300;

export interface BytesResult {
  windows: TextWindow[];
  found: WindowFinding[];
}

/**
 * findSecrets for file and blob content, straight from the bytes (which must
 * be valid UTF-8; `ascii` says whether they are all ASCII). Keywords are
 * found in the bytes; only the text around a hit is decoded and searched,
 * and content without a hit costs no decoding at all. Findings, their offsets
 * (in UTF-16 units of the decoded whole) and pairing are those findSecrets
 * gives on the decoded whole: every match of a rule contains one of its
 * keywords and lies within the rule's reach around it, windows start and end
 * at whitespace, and overlapping windows are merged. Windows holding a
 * finding are whole lines. (One bound is assumed: a match does not run on
 * through more than its rule's reach of text that includes whitespace; only a
 * name followed by hundreds of blanks before its value could.)
 */
export function findSecretsInBytes(buf: Buffer, ascii: boolean, options: DetectOptions = {}): BytesResult {
  const rules = options.rules ?? RULES;
  const { matcher, reach } = byteMatcherFor(rules);
  // A character is up to 4 bytes: distances counted in characters are at most 4x in bytes.
  const scale = ascii ? 1 : 4;
  const n = buf.length;
  const spans: [number, number][] = [];
  matcher.scan(buf, (pos, k) => {
    const [back, ahead] = reach.get(k)!;
    const from = Math.max(0, pos - back * scale);
    const to = Math.min(n, pos + ahead * scale);
    // Hits come in order, but a rule that looks far back can reach over earlier spans.
    let s = from;
    let e = to;
    while (spans.length && s <= spans[spans.length - 1]![1]) {
      const [ps, pe] = spans.pop()!;
      s = Math.min(s, ps);
      e = Math.max(e, pe);
    }
    spans.push([s, e]);
  });
  if (spans.length === 0) return { windows: [], found: [] };
  // Each span grows to the nearest whitespace on either side: \b, look-behinds, look-aheads
  // and `$` then see at a window's edges what they see in the whole, and runs without
  // whitespace (a long token, a PEM line) are never cut.
  const bounds: [number, number][] = [];
  for (const [from, to] of spans) {
    const prev = bounds[bounds.length - 1];
    const floor = prev ? prev[1] : 0;
    let s = from;
    while (s > floor && WHITESPACE[buf[s - 1]!] !== 1) s--;
    let e = to;
    while (e < n && WHITESPACE[buf[e]!] !== 1) e++;
    if (prev && s <= prev[1]) prev[1] = e;
    else bounds.push([s, e]);
  }
  const decode = (s: number, e: number) => (ascii ? buf.toString('latin1', s, e) : buf.toString('utf8', s, e));
  const windows: TextWindow[] = [];
  let line = 1;
  let linePos = 0; // newlines before linePos are counted in `line`
  let charPos = 0; // UTF-16 units before byte bytePos
  let bytePos = 0;
  for (const [s, e] of bounds) {
    for (let p = buf.indexOf(10, linePos); p >= 0 && p < s; p = buf.indexOf(10, p + 1)) line++;
    linePos = s;
    charPos += ascii ? s - bytePos : buf.toString('utf8', bytePos, s).length;
    bytePos = s;
    windows.push({ text: decode(s, e), start: charPos, line });
  }
  const found = detectIn(windows, filterFor(options.rules), options.includeInfo ?? false);
  // A window holding a finding is widened to whole lines (rare: findings are), so that the
  // caller can compute columns and read the line for an inline allow comment.
  for (const w of new Set(found.map((x) => x.window))) {
    const [s, e] = bounds[w]!;
    const ls = s === 0 ? 0 : buf.lastIndexOf(10, s - 1) + 1;
    const nl = buf.indexOf(10, e);
    const le = nl < 0 ? n : nl;
    if (ls === s && le === e) continue;
    const head = decode(ls, s);
    windows[w] = { text: head + windows[w]!.text + decode(e, le), start: windows[w]!.start - head.length, line: windows[w]!.line };
  }
  return { windows, found };
}

const WHITESPACE = new Uint8Array(256);
for (const c of [9, 10, 11, 12, 13, 32]) WHITESPACE[c] = 1;

/** A generic assignment that a specific rule already explains is the same finding twice. */
function dropGenericOverlaps(found: WindowFinding[]): WindowFinding[] {
  const specific = found.map((x) => x.finding).filter((f) => f.rule !== 'generic-secret');
  if (specific.length === 0) return found;
  return found.filter(
    ({ finding: f }) => f.rule !== 'generic-secret' || !specific.some((s) => f.index < s.index + s.value.length + 1 && s.index < f.index + f.value.length),
  );
}

/** Ties each AWS secret key or session token to the nearest access key id in the text. */
function pairAwsSecrets(findings: SecretFinding[], keyIds: { index: number; value: string }[]): void {
  if (keyIds.length === 0) return;
  for (const f of findings) {
    if (f.rule !== 'aws-secret-access-key' && f.rule !== 'aws-session-token') continue;
    let best: { index: number; value: string } | undefined;
    for (const id of keyIds) if (!best || Math.abs(id.index - f.index) < Math.abs(best.index - f.index)) best = id;
    if (best) f.pairedKeyId = best.value;
  }
}

/** First 4 and last 4 characters; short values are hidden entirely. */
export function mask(value: string): string {
  if (value.length < 12) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(Math.min(value.length - 8, 12))}${value.slice(-4)}`;
}
