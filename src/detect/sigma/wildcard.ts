/**
 * Sigma string values: `*` matches any run of characters, `?` exactly one,
 * and a backslash escapes either (`\*`, `\?`, `\\`); a backslash before any
 * other character is a plain backslash. Matching is case-insensitive unless
 * the `cased` modifier is set. Each pattern compiles once into the cheapest
 * test that implements it: equality, startsWith, endsWith, includes, or a
 * linear-time matcher (globMatch) when wildcards sit in the middle.
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
  // Not a regular expression: backtracking over several stars is polynomial of high degree in the
  // value's length, and values are attacker-written. Blocks between stars are found leftmost, in order.
  const blocks: Piece[][] = [[]];
  for (const seg of segs) {
    if (seg.kind === 'star') blocks.push([]);
    else blocks.at(-1)!.push(seg.kind === 'lit' ? { kind: 'lit', text: norm(seg.text) } : seg);
  }
  return (v) => globMatch(norm(v), blocks);
}

type Piece = { kind: 'lit'; text: string } | { kind: 'one' };

/**
 * Whether `v` matches blocks of literals and `?` separated by stars (blocks[0]
 * before the first star, the last one after the last star; either may be
 * empty). O(length of v x length of the pattern).
 */
function globMatch(v: string, blocks: Piece[][]): boolean {
  const last = blocks.length - 1;
  if (last === 0) return blockAt(v, 0, blocks[0]!) === v.length;
  let pos = blockAt(v, 0, blocks[0]!);
  for (let b = 1; b < last && pos >= 0; b++) {
    let found = -1;
    for (let at = pos; at <= v.length && found < 0; at++) if (!splitsPair(v, at)) found = blockAt(v, at, blocks[b]!);
    pos = found;
  }
  if (pos < 0) return false;
  // The last block ends the value: it may start anywhere after the blocks before it.
  for (let at = pos; at <= v.length; at++) if (!splitsPair(v, at) && blockAt(v, at, blocks[last]!) === v.length) return true;
  return false;
}

/** Where a block matched at `at` ends, or -1. `?` is one character, also one written as a surrogate pair. */
function blockAt(v: string, at: number, block: Piece[]): number {
  let i = at;
  for (const p of block) {
    if (p.kind === 'lit') {
      if (!v.startsWith(p.text, i)) return -1;
      i += p.text.length;
    } else {
      if (i >= v.length) return -1;
      i += splitsPair(v, i + 1) ? 2 : 1;
    }
  }
  return i;
}

/** Whether index `i` falls between the two halves of a surrogate pair. */
function splitsPair(v: string, i: number): boolean {
  const hi = v.charCodeAt(i - 1);
  const lo = v.charCodeAt(i);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}
