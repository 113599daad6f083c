/**
 * Sigma string values: `*` matches any run of characters, `?` exactly one,
 * and a backslash escapes either (`\*`, `\?`, `\\`); a backslash before any
 * other character is a plain backslash. Matching is case-insensitive unless
 * the `cased` modifier is set. Each pattern compiles once into the cheapest
 * test that implements it: equality, startsWith, endsWith, includes, or an
 * anchored regular expression only when wildcards sit in the middle.
 */

export type StringTest = (value: string) => boolean;

type Segment = { kind: 'lit'; text: string } | { kind: 'star' } | { kind: 'one' };

export function parseWildcards(pattern: string): Segment[] {
  const out: Segment[] = [];
  let lit = '';
  const flush = () => {
    if (lit) out.push({ kind: 'lit', text: lit });
    lit = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === '*' || n === '?' || n === '\\') {
        lit += n;
        i++;
      } else lit += '\\';
    } else if (c === '*') {
      flush();
      if (out.at(-1)?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') {
      flush();
      out.push({ kind: 'one' });
    } else lit += c;
  }
  flush();
  return out;
}

/** Escapes a literal so wildcard characters in it match themselves. */
export function escapeWildcards(s: string): string {
  return s.replace(/[\\*?]/g, (c) => `\\${c}`);
}

export function compileWildcard(pattern: string, cased: boolean): StringTest {
  const segs = parseWildcards(pattern);
  const norm = (s: string) => (cased ? s : s.toLowerCase());
  const lits = segs.filter((s) => s.kind === 'lit') as { kind: 'lit'; text: string }[];
  const hasOne = segs.some((s) => s.kind === 'one');
  if (!hasOne) {
    if (segs.length === 0) return (v) => v === '';
    if (segs.length === 1 && segs[0]!.kind === 'star') return () => true;
    if (segs.length === 1) {
      const t = norm(lits[0]!.text);
      // Lower-casing keeps lengths, but for U+0130 (İ, two code units in lower case): only then may they differ.
      return cased ? (v) => v === t : (v) => (v.length === t.length || v.includes('\u0130')) && v.toLowerCase() === t;
    }
    const first = segs[0]!;
    const last = segs.at(-1)!;
    if (segs.length === 2 && first.kind === 'lit') {
      const t = norm(first.text);
      return (v) => norm(v).startsWith(t);
    }
    if (segs.length === 2 && last.kind === 'lit') {
      const t = norm(last.text);
      return (v) => norm(v).endsWith(t);
    }
    if (segs.length === 3 && first.kind === 'star' && last.kind === 'star') {
      const t = norm(lits[0]!.text);
      return (v) => norm(v).includes(t);
    }
  }
  const body = segs
    .map((s) => (s.kind === 'star' ? '.*' : s.kind === 'one' ? '.' : s.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  // u: `?` is one character, also one written as a surrogate pair.
  const re = new RegExp(`^${body}$`, cased ? 'su' : 'isu');
  return (v) => re.test(v);
}
