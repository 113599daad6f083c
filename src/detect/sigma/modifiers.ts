/**
 * Field items of a selection: `field|mod1|mod2: value | [values]`, compiled
 * into a predicate over an event. Every modifier of the Sigma modifiers
 * appendix (v2.1.0) that means something for JSON logs is implemented; the
 * others are rejected by name (see REJECTED).
 */
import { BlockList, isIP } from 'node:net';
import { fieldExists, fieldGetter, type CloudTrailEvent } from '../event.js';
import { ruleRegExp } from './regex.js';
import { compileWildcard, escapeWildcards, type StringTest } from './wildcard.js';

export type Predicate = (event: CloudTrailEvent) => boolean;

/** Thrown while compiling an item; the caller adds file and position. */
export class ModifierError extends Error {
  constructor(message: string, readonly feature?: string) {
    super(message);
  }
}

const REJECTED: Record<string, string> = {
  windash: 'windash rewrites Windows command-line flags and has no meaning for CloudTrail JSON',
  utf16: 'utf16 encodes for binary Windows logs, not CloudTrail JSON',
  utf16le: 'utf16le encodes for binary Windows logs, not CloudTrail JSON',
  utf16be: 'utf16be encodes for binary Windows logs, not CloudTrail JSON',
  wide: 'wide encodes for binary Windows logs, not CloudTrail JSON',
  expand: 'expand needs placeholder values from a processing pipeline, which mamori does not have',
};
const POSITION = new Set(['contains', 'startswith', 'endswith']);
const NUMERIC = new Set(['lt', 'lte', 'gt', 'gte']);
const TIME = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);
const RE_FLAGS = new Set(['i', 'm', 's']);
const KNOWN = new Set([...POSITION, ...NUMERIC, ...TIME, ...RE_FLAGS, 'all', 're', 'cidr', 'exists', 'base64', 'base64offset', 'cased', 'neq', 'fieldref']);

export function compileFieldItem(key: string, value: unknown): Predicate {
  const [field, ...mods] = key.split('|');
  if (!field) throw new ModifierError(`a field item needs a field name before its modifiers ("${key}")`);
  for (const m of mods) {
    if (REJECTED[m]) throw new ModifierError(`modifier "${m}" is not supported: ${REJECTED[m]}`, `modifier ${m}`);
    if (!KNOWN.has(m)) throw new ModifierError(`unknown modifier "${m}"`, `modifier ${m}`);
  }
  const has = (m: string) => mods.includes(m);
  const reFlags = mods.filter((m) => RE_FLAGS.has(m));
  if (reFlags.length && !has('re')) throw new ModifierError(`modifier "${reFlags[0]}" is only valid after "re"`, `modifier ${reFlags[0]}`);
  if (mods.filter((m) => POSITION.has(m)).length > 1) throw new ModifierError(`contains, startswith and endswith exclude each other`);
  checkCombination(mods);

  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new ModifierError(`field "${field}" has an empty list of values`);
  if (has('all') && values.length < 2) throw new ModifierError(`"all" needs a list of at least two values (Sigma forbids it on a single value)`);
  const get = fieldGetter(field);

  if (has('exists')) {
    if (mods.length !== 1 || values.length !== 1 || typeof values[0] !== 'boolean')
      throw new ModifierError(`"exists" takes exactly one boolean value and no other modifier`);
    const want = values[0];
    const exists = fieldExists(field);
    return (e) => exists(e) === want;
  }

  const cased = has('cased');
  let tests: ((v: unknown, e: CloudTrailEvent) => boolean)[];

  if (has('fieldref')) {
    const other = values.map((v) => {
      if (typeof v !== 'string') throw new ModifierError(`"fieldref" values must be field names`);
      return fieldGetter(v);
    });
    const pos = mods.find((m) => POSITION.has(m));
    tests = other.map((getOther) => (val, e) =>
      someElement(val, (x) => {
        const s = scalarString(x);
        if (s === undefined) return false;
        return getOther(e).some((o) =>
          someElement(o, (y) => {
            const os = scalarString(y);
            if (os === undefined) return false;
            const a = cased ? s : s.toLowerCase();
            const b = cased ? os : os.toLowerCase();
            return pos === 'contains' ? a.includes(b) : pos === 'startswith' ? a.startsWith(b) : pos === 'endswith' ? a.endsWith(b) : a === b;
          }),
        );
      }),
    );
  } else if (has('re')) {
    const flags = (reFlags.includes('i') ? 'i' : '') + (reFlags.includes('m') ? 'm' : '') + (reFlags.includes('s') ? 's' : '');
    tests = values.map((v) => {
      if (typeof v !== 'string') throw new ModifierError(`"re" values must be strings`);
      const foreign = pcreOnly(v);
      if (foreign) throw new ModifierError(`regular expression ${JSON.stringify(v)} uses ${foreign}, which JavaScript reads differently from PCRE (Sigma's flavour)`, `regular expression ${foreign}`);
      let re: RegExp;
      try {
        re = ruleRegExp(v, flags);
      } catch (err) {
        throw new ModifierError(`invalid regular expression ${JSON.stringify(v)}: ${(err as Error).message}`);
      }
      return anyString((s) => re.test(s));
    });
  } else if (has('cidr')) {
    tests = values.map((v) => {
      const list = new BlockList();
      const m = typeof v === 'string' ? /^(.+)\/(\d{1,3})$/.exec(v.trim()) : null;
      const fam = m ? isIP(m[1]!) : 0;
      const bits = m ? Number(m[2]) : NaN;
      if (!m || !fam || bits > (fam === 4 ? 32 : 128)) throw new ModifierError(`"cidr" value ${JSON.stringify(v)} is not a network like 10.0.0.0/8 or 2001:db8::/32`);
      list.addSubnet(m[1]!, bits, fam === 4 ? 'ipv4' : 'ipv6');
      return (val) =>
        someElement(val, (x) => {
          if (typeof x !== 'string') return false;
          const f = isIP(x);
          return f !== 0 && list.check(x, f === 4 ? 'ipv4' : 'ipv6');
        });
    });
  } else if (mods.some((m) => NUMERIC.has(m)) || mods.some((m) => TIME.has(m))) {
    const op = mods.find((m) => NUMERIC.has(m));
    const part = mods.find((m) => TIME.has(m));
    tests = values.map((v) => {
      if (typeof v !== 'number') throw new ModifierError(`"${op ?? part}" needs a number, got ${JSON.stringify(v)}`);
      const cmp = op === 'lt' ? (x: number) => x < v : op === 'lte' ? (x: number) => x <= v : op === 'gt' ? (x: number) => x > v : op === 'gte' ? (x: number) => x >= v : (x: number) => x === v;
      return (val) =>
        someElement(val, (x) => {
          const n = part ? timePart(x, part) : toNumber(x);
          return n !== undefined && cmp(n);
        });
    });
  } else {
    const pos = mods.find((m) => POSITION.has(m));
    const patterns = values.map((v): string | string[] | null => {
      if (v === null) return null;
      if (typeof v === 'object') throw new ModifierError(`field "${field}": a value must be a string, number, boolean or null, not a nested mapping or list`);
      const s = typeof v === 'string' ? v : String(v);
      // Encoding applies to the literal text, so wildcards are escaped first and
      // the encoded form (which contains no * or ?) is matched literally.
      if (has('base64')) return escapeWildcards(Buffer.from(s, 'utf8').toString('base64'));
      if (has('base64offset')) return base64Offsets(s).map(escapeWildcards);
      return s;
    });
    const encoded = has('base64') || has('base64offset');
    tests = patterns.map((p) => {
      if (p === null) return NULL_TEST;
      const group = Array.isArray(p) ? p : [p];
      const compiled: StringTest[] = group.map((s) =>
        compileWildcard(pos === 'contains' ? `*${s}*` : pos === 'startswith' ? `${s}*` : pos === 'endswith' ? `*${s}` : s, cased || encoded),
      );
      const one = compiled.length === 1 ? compiled[0]! : (s: string) => compiled.some((t) => t(s));
      return anyString(one);
    });
  }

  const hasNull = tests.includes(NULL_TEST);
  const valueMatches = (e: CloudTrailEvent, t: (v: unknown, e: CloudTrailEvent) => boolean): boolean => {
    const vals = get(e);
    if (t === NULL_TEST) return vals.length === 0 || vals.some((v) => v === null);
    for (const v of vals) if (t(v, e)) return true;
    return false;
  };
  let pred: Predicate;
  if (has('all')) pred = (e) => tests.every((t) => valueMatches(e, t));
  else if (tests.length === 1) {
    const t = tests[0]!;
    pred = hasNull ? (e) => valueMatches(e, t) : (e) => {
      const vals = get(e);
      for (let i = 0; i < vals.length; i++) if (t(vals[i], e)) return true;
      return false;
    };
  } else pred = (e) => tests.some((t) => valueMatches(e, t));
  if (has('neq')) {
    const p = pred;
    // neq: the field holds none of the listed values (a missing field is not "different").
    return (e) => get(e).length > 0 && !p(e);
  }
  return pred;
}

/**
 * What a value is read as: a regular expression, a network, a number or date
 * compared, a field name, or text to encode. Each item is compiled as one of
 * these, so modifiers of two kinds (or two of one slot, as gt and lt) would
 * leave one silently unapplied: they are rejected instead.
 */
const KIND: Record<string, string> = { re: 're', cidr: 'cidr', fieldref: 'fieldref', base64: 'encoding', base64offset: 'encoding' };
for (const m of [...NUMERIC, ...TIME]) KIND[m] = 'comparison';

function checkCombination(mods: string[]): void {
  const typed = mods.filter((m) => KIND[m]);
  const other = typed.find((m) => KIND[m] !== KIND[typed[0]!]);
  if (other) throw new ModifierError(`modifiers "${typed[0]}" and "${other}" cannot be combined`, `modifier ${typed[0]}|${other}`);
  for (const slot of [NUMERIC, TIME, new Set(['base64', 'base64offset'])]) {
    const [a, b] = mods.filter((m) => slot.has(m));
    if (b) throw new ModifierError(`modifiers "${a}" and "${b}" cannot be combined (a value takes one of them)`, `modifier ${a}|${b}`);
  }
  const pos = mods.find((m) => POSITION.has(m));
  const kind = typed[0] && KIND[typed[0]];
  if (pos && (kind === 're' || kind === 'cidr' || kind === 'comparison'))
    throw new ModifierError(`modifier "${pos}" does not apply to "${typed[0]}" values`, `modifier ${typed[0]}|${pos}`);
}

/**
 * A PCRE construct that a JavaScript regular expression (without the u flag)
 * accepts with another meaning, instead of failing to compile: an escape
 * such as \A, \z, \h, \p{L} or \Q (JavaScript reads the bare letter), \v
 * (one character there, vertical whitespace in PCRE), or a POSIX class such
 * as [:digit:]. Other PCRE-only syntax ((?i), (?>...), a++) does not compile.
 */
function pcreOnly(re: string): string | undefined {
  for (let i = 0; i < re.length; i++) {
    if (re[i] === '[' && re[i + 1] === ':') {
      const m = /^\[:\^?[a-z]+:\]/.exec(re.slice(i));
      if (m) return `the POSIX class ${m[0]}`;
    }
    if (re[i] !== '\\') continue;
    const c = re[++i] ?? '';
    if (!/[A-Za-z]/.test(c) || 'dDwWsSbBnrtfk'.includes(c)) continue;
    if (c === 'c' && /[A-Za-z]/.test(re[i + 1] ?? '')) continue;
    if (c === 'x' && /^[0-9A-Fa-f]{2}/.test(re.slice(i + 1))) continue;
    if (c === 'u' && /^[0-9A-Fa-f]{4}/.test(re.slice(i + 1))) continue;
    return `the escape \\${c}`;
  }
  return undefined;
}

const NULL_TEST = (): boolean => false;

function scalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * Applies a string test to a value: scalars by their text; arrays element by
 * element; objects (e.g. `requestParameters|contains`) by their JSON text and
 * by every string inside them, since policy documents are JSON strings nested
 * in JSON.
 */
function anyString(test: StringTest): (v: unknown) => boolean {
  const visit = (v: unknown, depth: number): boolean => {
    const s = scalarString(v);
    if (s !== undefined) return test(s);
    if (v === null || typeof v !== 'object' || depth > 32) return false;
    if (Array.isArray(v)) return v.some((x) => visit(x, depth + 1));
    if (depth === 0 && test(JSON.stringify(v))) return true;
    return Object.values(v).some((x) => visit(x, depth + 1));
  };
  return (v) => visit(v, 0);
}

/** Applies a test of one value to a value, or to each element of an array (nested arrays too), as anyString does. */
function someElement(v: unknown, test: (x: unknown) => boolean): boolean {
  return Array.isArray(v) ? v.flat(32).some(test) : test(v);
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function timePart(v: unknown, part: string): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return undefined;
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    default: {
      // ISO 8601 week number.
      const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
      const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
      return Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7);
    }
  }
}

/**
 * The three forms a value takes inside a longer base64 string, depending on
 * its byte offset modulo 3, with the unstable leading and trailing characters
 * cut (the same construction as pySigma's base64offset).
 */
export function base64Offsets(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const start = [0, 2, 3];
  const endTrim = [0, 3, 2];
  return [0, 1, 2].map((i) => {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString('base64');
    const trim = endTrim[(bytes.length + i) % 3]!;
    return enc.slice(start[i]!, trim ? enc.length - trim : undefined);
  });
}
