/**
 * Finds every rule keyword in raw bytes, before anything is decoded to a
 * string. Most files of a tree or a history contain no credential keyword at
 * all; for them this pass is the whole cost of the scan.
 *
 * One loop over the bytes, four at a time, looks the two byte pairs of each
 * 32-bit word up in a 64 Ki table: a word that holds no piece of a keyword's
 * start (the overwhelming majority) costs one load, two lookups and a branch.
 * V8's regular expressions have no multi-literal search, so an alternation of
 * ~50 keywords ran several times slower than this loop (BENCHMARKS.md, "secrets").
 *
 * Keywords are ASCII. Case-insensitive ones match ASCII letters of either
 * case, exactly as a non-unicode /i regular expression folds them.
 */

export interface Keyword {
  word: string;
  ignoreCase: boolean;
  /** Only report the hit when an assignment follows the name (see `assignmentFollows`). */
  assignment: boolean;
}

export interface KeywordMatcher {
  /** Calls `onHit(position, keyword)` for every occurrence that passes the keyword's checks, in order. */
  scan(buf: Uint8Array, onHit: (pos: number, k: Keyword) => void): void;
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function compileKeywords(list: readonly Keyword[]): KeywordMatcher {
  for (const k of list) {
    // Three bytes at least: the scan below looks at every other byte pair (see `near`).
    if (k.word.length < 3 || !/^[\x20-\x7e]+$/.test(k.word)) throw new Error(`keyword must be 3+ printable ASCII characters: ${k.word}`);
  }
  const variants = (k: Keyword, i: number): number[] => {
    const c = k.word.charCodeAt(i);
    return k.ignoreCase && isLetter(c) ? [c | 0x20, c & ~0x20] : [c];
  };
  // Bucket per two-byte prefix (every case variant of it for case-insensitive keywords).
  const buckets = new Map<number, number[]>();
  // `near` flags, per byte pair, whether a keyword starts at the pair (1) or one byte before it (2).
  // Looking only at pairs at even offsets then still sees every keyword of 3+ bytes: one
  // starting at an odd offset has its second and third bytes at the next even offset. Indexed
  // by the pair read as a little-endian 16-bit number, so a 32-bit load gives two pairs.
  const near = new Uint8Array(65536);
  const le = (x: number, y: number) => (LITTLE_ENDIAN ? x | (y << 8) : (x << 8) | y);
  list.forEach((k, idx) => {
    for (const x of variants(k, 0)) for (const y of variants(k, 1)) buckets.set((x << 8) | y, [...(buckets.get((x << 8) | y) ?? []), idx]);
    for (const x of variants(k, 0)) for (const y of variants(k, 1)) near[le(x, y)]! |= 1;
    for (const x of variants(k, 1)) for (const y of variants(k, 2)) near[le(x, y)]! |= 2;
  });
  const table = new Uint16Array(65536); // 0: no keyword starts with the pair; else bucket number + 1
  const bucketList: number[][] = [];
  for (const [pair, idxs] of buckets) {
    bucketList.push(idxs);
    table[pair] = bucketList.length;
  }
  const words = list.map((k) => Uint8Array.from(k.ignoreCase ? k.word.toLowerCase() : k.word, (c) => c.charCodeAt(0)));
  const folds = list.map((k, i) => Uint8Array.from(words[i]!, (c) => (k.ignoreCase && isLetter(c) ? 0x20 : 0)));

  /** Reports the keywords starting at `start`. */
  const verify = (buf: Uint8Array, start: number, onHit: (pos: number, k: Keyword) => void): void => {
    const n = buf.length;
    if (start < 0 || start + 1 >= n) return;
    const t = table[(buf[start]! << 8) | buf[start + 1]!]!;
    if (t === 0) return;
    for (const idx of bucketList[t - 1]!) {
      const w = words[idx]!;
      const f = folds[idx]!;
      const len = w.length;
      if (start + len > n) continue;
      let j = 2;
      while (j < len && (buf[start + j]! | f[j]!) === w[j]) j++;
      if (j < len) continue;
      const k = list[idx]!;
      if (k.assignment && !assignmentFollows(buf, start + len)) continue;
      onHit(start, k);
    }
  };
  /** The pair at even offset `p` (its 16-bit value `v`): keywords at p - 1 and p. */
  const atPair = (buf: Uint8Array, p: number, v: number, onHit: (pos: number, k: Keyword) => void): void => {
    const m = near[v]!;
    if (m & 2) verify(buf, p - 1, onHit);
    if (m & 1) verify(buf, p, onHit);
  };

  return {
    scan(buf, onHit) {
      const n = buf.length;
      if (n < 3) return;
      // Pairs at offsets 0, 2, 4...: two bytes at a time until 32-bit aligned (when the offset allows), then four.
      let p = 0;
      const aligned = (buf.byteOffset & 1) === 0;
      while (p + 1 < n && (!aligned || ((buf.byteOffset + p) & 3) !== 0)) {
        atPair(buf, p, le(buf[p]!, buf[p + 1]!), onHit);
        p += 2;
      }
      if (aligned && p + 4 <= n) {
        const count = (n - p) >>> 2;
        const u32 = new Uint32Array(buf.buffer, buf.byteOffset + p, count);
        const base = p;
        for (let i = 0; i < count; i++) {
          const x = u32[i]!;
          if (near[x & 0xffff] === 0 && near[x >>> 16] === 0) continue;
          const q = base + (i << 2);
          atPair(buf, q, x & 0xffff, onHit);
          atPair(buf, q + 2, x >>> 16, onHit);
        }
        p = base + (count << 2);
      }
      for (; p + 1 < n; p += 2) atPair(buf, p, le(buf[p]!, buf[p + 1]!), onHit);
    },
  };
}

const NAME = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-') NAME[c.charCodeAt(0)] = 1;

/**
 * A cheap necessary condition for the name-based rules (`password = "..."`,
 * `aws_secret_access_key: ...`): after the keyword, the rest of a name, an
 * optional quote, blanks, then `:`, `=` or `,`. It drops the keyword in
 * `Object.keys(`, `keyof`, `@param token` before any string is made.
 * Deliberately looser than the rules' own expressions (more name characters,
 * any whitespace, non-ASCII bytes treated as possible Unicode blanks), so it
 * can only let through more, never less.
 */
export function assignmentFollows(buf: Uint8Array, from: number): boolean {
  const n = buf.length;
  let p = from;
  const nameEnd = Math.min(n, from + 40);
  while (p < nameEnd && NAME[buf[p]!] === 1) p++;
  if (p < n && NAME[buf[p]!] === 1) return false; // a longer name: a later keyword in it gets its own check
  if (p < n && (buf[p] === 34 || buf[p] === 39 || buf[p] === 96)) p++;
  const blankEnd = Math.min(n, p + 64);
  while (p < blankEnd) {
    const c = buf[p]!;
    if (c === 32 || (c >= 9 && c <= 13) || c >= 0x80) p++;
    else break;
  }
  if (p >= n) return false;
  const c = buf[p];
  return c === 58 || c === 61 || c === 44;
}
