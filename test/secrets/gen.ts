/**
 * Test-time secret generation. The repository must never contain a
 * real-looking token (mamori and every other scanner would flag it), so
 * tests assemble them here from a seeded generator.
 */
import { keyIdForAccount } from '../../src/secrets/aws-key-id.js';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const B64 = ALNUM + '/+';
export const B32 = UPPER + '234567';

/** Deterministic (mulberry32), so a failing case can be reproduced. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let next = rng(20261122);
export function reseed(seed: number): void {
  next = rng(seed);
}

export function rand(charset: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += charset[Math.floor(next() * charset.length)];
  return s;
}

/** A random string of `n` characters that has upper, lower and digits. */
export function mixed(charset: string, n: number): string {
  for (;;) {
    const s = rand(charset, n);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

export const AKIA = ['AK', 'IA'].join('');
export const ASIA = ['AS', 'IA'].join('');

/** A new-generation key id that encodes `account`. */
export function keyId(account = '123456789012', prefix = AKIA): string {
  const bytes = new Uint8Array(10).map(() => Math.floor(next() * 256));
  return keyIdForAccount(prefix, account, bytes);
}
export const secretKey = () => mixed(B64, 40);
export const sessionToken = () => ['Fwo', 'GZXIvYXdz'].join('') + rand(B64, 300);
export const githubPat = () => ['gh', 'p_'].join('') + rand(ALNUM, 36);
export const githubFineGrained = () => ['github', '_pat_'].join('') + rand(ALNUM, 22) + '_' + rand(ALNUM, 59);
export const gitlabPat = () => ['gl', 'pat-'].join('') + rand(ALNUM, 20);
export const slackBot = () => ['xo', 'xb-'].join('') + rand(DIGITS, 12) + '-' + rand(DIGITS, 13) + '-' + rand(ALNUM, 24);
export const slackWebhook = () =>
  ['https://hooks.', 'slack.com/services/'].join('') + 'T' + rand(UPPER + DIGITS, 8) + '/B' + rand(UPPER + DIGITS, 10) + '/' + rand(ALNUM, 24);
export const stripeLive = () => ['sk', '_live_'].join('') + rand(ALNUM, 24);
export const stripeTest = () => ['sk', '_test_'].join('') + rand(ALNUM, 24);
export const googleKey = () => ['AI', 'za'].join('') + rand(ALNUM + '_-', 35);
export const npmToken = () => ['np', 'm_'].join('') + rand(ALNUM, 36);
export function pem(kind = 'RSA PRIVATE KEY'): string {
  const body = Array.from({ length: 8 }, () => rand(B64, 64)).join('\n');
  return `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`;
}
