/**
 * Byte anchors: for a detection rule, a test on a record's raw JSON bytes
 * that every record the rule matches passes. The reader's prefilter
 * (../input/prefilter.ts) skips JSON.parse of a record only when it can show,
 * with such tests, that no rule can match it; a rule without an anchor turns
 * the prefilter off. Anchors are derived from the rule's own selections, so
 * users' rules get them too.
 */
import { conditionRequirement } from './requirement.js';
import { parseWildcards } from './wildcard.js';

/**
 * The record holds one of `keys` as a JSON string (a key, or a value that
 * looks like one); with `prefix`, only where the key is followed directly by
 * `:"` and a string value starting with `prefix` (compared in ASCII lower
 * case unless `cased`) — any other spelling counts as a hit.
 */
export interface ByteAnchor {
  keys: string[];
  prefix?: string;
  cased: boolean;
}

/** Any of these anchors (a disjunction). Undefined: the rule has no anchor. */
export type Anchors = ByteAnchor[];

/** Field names searched as raw bytes: nothing JSON could write in another spelling except with `\u`. */
const PLAIN_KEY = /^[A-Za-z0-9_.:@$-]+$/;

/**
 * Every anchor set a compiled rule's matches all pass, as alternatives: each
 * alone is required (a mapping requires all its items; `and` keeps both
 * sides' choices; `or`, and a list of mappings, pairs one choice of each
 * side). The prefilter searches the best one (`bestChoice`) for a rule not
 * indexed by event name, and for the others sees whether the records a rule
 * matches are parsed anyway for another rule's anchor (`coveredBy`).
 */
export function anchorChoices(det: Record<string, unknown>): Anchors[] | undefined {
  return conditionRequirement<Anchors[]>(det, { selection: selectionChoices, pick: (sides) => sides.flat(), join: pairUp });
}

function selectionChoices(sel: unknown): Anchors[] | undefined {
  if (isMap(sel)) {
    const items = Object.entries(sel).map(([k, v]) => itemAnchors(k, v)).filter((a): a is Anchors => a !== undefined);
    return items.length ? items : undefined;
  }
  if (Array.isArray(sel) && sel.length > 0 && sel.every(isMap)) {
    const maps = sel.map(selectionChoices);
    return maps.every((m) => m !== undefined) ? pairUp(maps as Anchors[][]) : undefined;
  }
  // Keywords search every string of the record: no field to anchor on.
  return undefined;
}

/** Enough alternatives to find a covering one among a rule's few selections; dropping some only loses options. */
const MAX_CHOICES = 64;

/**
 * Either side may match: a choice of each side, together. Each side's best
 * choices go first, so the best pair is kept however many are dropped.
 */
function pairUp(sides: Anchors[][]): Anchors[] {
  let out: Anchors[] = [[]];
  for (const side of sides) {
    const ranked = [...side].sort((a, b) => score(b) - score(a));
    out = out.flatMap((acc) => ranked.map((c) => [...acc, ...c])).slice(0, MAX_CHOICES);
  }
  return out;
}

/**
 * Whether some choice's every anchor is implied by one of `searched`: a
 * record it lets through holds one of that anchor's keys (each among the
 * searched one's) with a value its prefix accepts, so the searched anchor
 * hits too (doubt included: both read the same bytes).
 */
export function coveredBy(choices: Anchors[], searched: ByteAnchor[]): boolean {
  const implied = (a: ByteAnchor, s: ByteAnchor) =>
    a.keys.every((k) => s.keys.includes(k)) &&
    (!s.prefix || (a.prefix !== undefined && (s.cased ? a.cased && a.prefix.startsWith(s.prefix) : a.prefix.toLowerCase().startsWith(s.prefix))));
  return choices.some((choice) => choice.every((a) => searched.some((s) => implied(a, s))));
}

function itemAnchors(key: string, value: unknown): Anchors | undefined {
  const [field, ...mods] = key.split('|');
  if (!field) return undefined;
  const parts = field.split('.');
  const leaf = parts.at(-1)!;
  // fieldGetter also accepts a flattened key holding the whole dotted path.
  const keys = parts.length > 1 ? [leaf, field] : [leaf];
  if (!keys.every((k) => PLAIN_KEY.test(k))) return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return undefined;
  const presence: Anchors = [{ keys, cased: true }];
  if (mods.includes('exists')) return values.length === 1 && values[0] === true ? presence : undefined;
  // A null value matches a missing field.
  if (values.some((v) => v === null || typeof v === 'object')) return undefined;
  const cased = mods.includes('cased');
  const shape = mods.filter((m) => m !== 'cased' && m !== 'all');
  const prefixed = shape.length === 0 || (shape.length === 1 && shape[0] === 'startswith');
  // Every other modifier (contains, endswith, re, cidr, numbers, base64, fieldref, neq...) still needs the field.
  if (!prefixed) return presence;
  const prefixes = values.map((v) => literalPrefix(String(v), cased));
  if (mods.includes('all')) {
    // Every value must match: the longest single prefix is required.
    const p = prefixes.sort((a, b) => b.length - a.length)[0]!;
    return p ? [{ keys, prefix: p, cased }] : presence;
  }
  if (prefixes.some((p) => p === '')) return presence;
  return [...new Set(prefixes)].map((prefix) => ({ keys, prefix, cased }));
}

/**
 * The text a string value must start with to match the Sigma pattern, cut
 * before the first wildcard and the first non-ASCII character (lower-casing
 * outside ASCII can change lengths, and a few characters lower-case into
 * ASCII letters: compared bytes stay ASCII on both sides).
 */
function literalPrefix(pattern: string, cased: boolean): string {
  const first = parseWildcards(pattern)[0];
  if (!first || first.kind !== 'lit') return '';
  const text = cased ? first.text : first.text.toLowerCase();
  const cut = text.search(/[^\x20-\x7e]/);
  return cut === -1 ? text : text.slice(0, cut);
}

/** Selectivity: prefixes everywhere first, then fewer alternatives (fewer keys to search). */
function score(s: Anchors): number {
  return (s.every((a) => a.prefix) ? 1000 : 0) - s.length;
}

/** Every choice is required: the most selective will do. */
export function bestChoice(choices: Anchors[]): Anchors {
  return [...choices].sort((a, b) => score(b) - score(a))[0]!;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
