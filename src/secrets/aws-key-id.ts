/**
 * What an AWS key id says about itself, offline. The four-character prefix
 * names the kind of id; the next sixteen characters are base32. In
 * new-generation ids (the first bit after the prefix set, i.e. the fifth
 * character Q-Z or 2-7) bits 1-40 of the decoded data are the account number.
 * Older ids (fifth character A-P, e.g. AKIAI..., AKIAJ...) do not encode it.
 * Published analyses: Aidan Steele (2020), Tal Be'ery (2021), WithSecure Labs.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const KEY_ID_PREFIXES: Record<string, { kind: string; credential: boolean }> = {
  AKIA: { kind: 'access key (long-term)', credential: true },
  ASIA: { kind: 'temporary access key (STS)', credential: true },
  ABIA: { kind: 'AWS STS service bearer token', credential: true },
  ACCA: { kind: 'context-specific credential', credential: true },
  AGPA: { kind: 'IAM group id', credential: false },
  AIDA: { kind: 'IAM user id', credential: false },
  AIPA: { kind: 'EC2 instance profile id', credential: false },
  ANPA: { kind: 'managed policy id', credential: false },
  ANVA: { kind: 'managed policy version id', credential: false },
  APKA: { kind: 'public key id', credential: false },
  AROA: { kind: 'IAM role id', credential: false },
  ASCA: { kind: 'certificate id', credential: false },
};

export function keyIdKind(id: string): { kind: string; credential: boolean } {
  // A3T... ids are seen in the wild on old access keys.
  return KEY_ID_PREFIXES[id.slice(0, 4)] ?? { kind: 'access key (legacy A3T prefix)', credential: true };
}

function base32Bytes(s: string): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor((s.length * 5) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const ch of s) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return undefined;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  return out;
}

/** The 12-digit account id encoded in a key id, or undefined for old-generation ids. */
export function accountFromKeyId(id: string): string | undefined {
  if (id.length !== 20 || id.startsWith('A3T')) return undefined;
  const bytes = base32Bytes(id.slice(4));
  if (!bytes || bytes.length < 6) return undefined;
  if ((bytes[0]! & 0x80) === 0) return undefined; // old generation: no account inside
  // First 48 bits big-endian; account = (z & 0x7fffffffff80) >> 7. Doubles hold 48 bits exactly.
  let z = 0;
  for (let i = 0; i < 6; i++) z = z * 256 + bytes[i]!;
  const account = Math.floor((z % 2 ** 47) / 128);
  return String(account).padStart(12, '0');
}

/**
 * Builds a syntactically valid new-generation key id for an account. For
 * tests and benchmarks, which must never commit a real-looking key.
 */
export function keyIdForAccount(prefix: string, account: string, random: Uint8Array): string {
  const z = 2 ** 47 + Number(account) * 128 + (random[0]! & 0x7f);
  const bytes = new Uint8Array(10);
  let v = z;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = v % 256;
    v = Math.floor(v / 256);
  }
  for (let i = 6; i < 10; i++) bytes[i] = random[i]! ?? 0;
  let bits = 0;
  let acc = 0;
  let s = '';
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      s += BASE32[(acc >>> bits) & 31];
      acc &= (1 << bits) - 1;
    }
  }
  return prefix + s;
}
