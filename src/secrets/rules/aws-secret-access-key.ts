import { entropy, type Rule, type RuleMatch } from './rule.js';

export const EXAMPLE_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const isExample = (v: string) => v === EXAMPLE_SECRET_ACCESS_KEY || v.endsWith('EXAMPLEKEY');

// A name that says "AWS secret key", then an assignment, then 40 characters.
const NAMED =
  /(?:aws[_.-]?secret(?:[_.-]?access)?[_.-]?key|secret[_.-]?access[_.-]?key|aws[_.-]?secret|secretkey)["'`]?\s{0,20}(?::=|=>|:|=|,)\s{0,20}["'`]?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi;
const BARE = /(?<![A-Za-z0-9/+])([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/g;
/** How far from a key id a bare 40-character value still counts as its secret. */
const NEAR = 400;

/**
 * A bare 40-character value must look random: upper, lower and digits mixed
 * and high entropy. That rules out git object ids and other hex hashes (no
 * upper case) and words.
 */
function looksRandom(v: string): boolean {
  return /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v) && entropy(v) >= 4.2;
}

export const awsSecretAccessKey: Rule = {
  id: 'aws-secret-access-key',
  title: 'AWS secret access key',
  description: 'The secret half of an AWS access key. With the key id it signs API calls as the key owner.',
  severity: 'critical',
  keywords: ['secret'],
  ignoreCase: true,
  assignment: true,
  // The pairing path does not depend on a name, only on a key id nearby.
  alsoRunIf: (ctx) => ctx.awsKeyIds.length > 0,
  find(text, ctx) {
    const out = new Map<number, RuleMatch>();
    if (/secret/i.test(text)) {
      for (const m of text.matchAll(NAMED)) {
        const value = m[1]!;
        const index = m.index! + m[0].length - value.length;
        out.set(index, { index, value, example: isExample(value) });
      }
    }
    // Without a name, only beside a key id found in the same text.
    for (const id of ctx.awsKeyIds) {
      const from = Math.max(0, id.index - NEAR);
      const window = text.slice(from, id.index + 20 + NEAR);
      for (const m of window.matchAll(BARE)) {
        const value = m[1]!;
        const index = from + m.index!;
        if (!out.has(index) && (looksRandom(value) || isExample(value))) out.set(index, { index, value, example: isExample(value) });
      }
    }
    return [...out.values()].sort((a, b) => a.index - b.index);
  },
};
