/**
 * A detector rule: what it finds, why it matters, and how. Each rule lives in
 * its own file beside its metadata and is listed in ./index.ts.
 *
 * Speed comes from the literal prefilter: a rule's `find` only runs on text
 * that contains one of its `keywords`, and most text contains none.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'info';

export interface RuleMatch {
  /** Offset of the finding in the text (where a reader should look). */
  index: number;
  /** The secret itself. Callers mask it before it is shown or stored. */
  value: string;
  /** True for documented example values that are never real credentials. */
  example?: boolean;
  /** Overrides the rule's severity for this match (e.g. Stripe test-mode keys). */
  severity?: Severity;
}

export interface DetectContext {
  /** AWS key ids found in the same text, so a bare 40-character secret can be tied to one. */
  awsKeyIds: { index: number; value: string }[];
}

export interface Rule {
  id: string;
  title: string;
  /** Why a leak of this matters, in one or two sentences. */
  description: string;
  severity: Severity;
  /** Literal strings, at least one of which is in any text this rule can match. */
  keywords: string[];
  /**
   * More keywords, always compared exactly and never subject to `assignment`
   * (a rule that finds both `name = value` and a value with a fixed prefix).
   */
  literalKeywords?: string[];
  /** Compare keywords without regard to case (name-based rules). */
  ignoreCase?: boolean;
  /**
   * A keyword only counts when an assignment follows the name it starts
   * (`password = ...`, `aws_secret_access_key: ...`); see keywords.ts. For
   * rules whose every match is such an assignment.
   */
  assignment?: boolean;
  /**
   * How many characters after a keyword a match can end (default 300), not
   * counting a run without whitespace at the end (values are never cut). A
   * working-tree or history scan only decodes and searches the text around
   * keyword hits, so this must bound every match of the rule.
   */
  reach?: number;
  /**
   * How many characters before a keyword the rule can look (default 64): a
   * match can start before its keyword (`https://` before `hooks.slack.com/`,
   * a name read backwards), or a rule can search around it.
   */
  reachBack?: number;
  /** Runs even without a keyword when this says so (e.g. a key id was found nearby). */
  alsoRunIf?: (ctx: DetectContext) => boolean;
  find(text: string, ctx: DetectContext): RuleMatch[];
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Every match of a global regular expression, with group `group` as the value. */
export function regexMatches(text: string, re: RegExp, group = 1, accept?: (value: string, m: RegExpMatchArray) => boolean | RuleMatch | undefined): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const m of text.matchAll(re)) {
    const value = m[group];
    if (value === undefined) continue;
    const index = m.index! + m[0].indexOf(value);
    if (!accept) {
      out.push({ index, value });
      continue;
    }
    const r = accept(value, m);
    if (r === true) out.push({ index, value });
    else if (r && typeof r === 'object') out.push(r);
  }
  return out;
}

const WORD = /[A-Za-z0-9_]/;
/** True when the characters around [start, end) would be a regex `\b` for a word-character token. */
export function standsAlone(text: string, start: number, end: number): boolean {
  return (start === 0 || !WORD.test(text[start - 1]!)) && (end >= text.length || !WORD.test(text[end]!));
}
