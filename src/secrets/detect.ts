/**
 * The secret detector as a library function. `mamori secrets` scans files
 * and history with it; cloud-side checks (Lambda environment variables, EC2
 * user data, ECS task definitions) call it on the values they read, so a
 * secret is recognised the same way everywhere.
 *
 * This first version knows AWS credentials; the secrets capability adds the
 * other detectors behind the same function.
 */
export interface SecretFinding {
  rule: string;
  /** Offset of the match in the text. */
  index: number;
  /** The matched secret. Callers must mask it before showing or storing it. */
  value: string;
  /** True for AWS's documented example credentials, which are never real. */
  example: boolean;
}

const AWS_KEY_ID = /\b((?:A3T[A-Z0-9]|ABIA|ACCA|AGPA|AIDA|AIPA|AKIA|ANPA|ANVA|APKA|AROA|ASCA|ASIA)[A-Z2-7]{16})\b/g;
// A 40-character secret only counts next to a name that says what it is.
const AWS_SECRET = /(?:aws)?_?(?:secret)_?(?:access)?_?(?:key)?["'`]?\s{0,30}(?::|=>|=)\s{0,30}["'`]?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi;
const EXAMPLES = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);

export function findSecrets(text: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  // Literal prefilter: most text has no key at all.
  if (/A3T|AB|AC|AG|AI|AK|AN|AP|AR|AS/.test(text)) {
    for (const m of text.matchAll(AWS_KEY_ID)) out.push({ rule: 'aws-access-key-id', index: m.index!, value: m[1]!, example: EXAMPLES.has(m[1]!) || m[1]!.endsWith('EXAMPLE') });
  }
  if (/secret/i.test(text)) {
    for (const m of text.matchAll(AWS_SECRET)) {
      const value = m[1]!;
      out.push({ rule: 'aws-secret-access-key', index: m.index! + m[0].lastIndexOf(value), value, example: EXAMPLES.has(value) || value.endsWith('EXAMPLEKEY') });
    }
  }
  return out;
}

/** First 4 and last 4 characters; short values are hidden entirely. */
export function mask(value: string): string {
  if (value.length < 12) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(Math.min(value.length - 8, 12))}${value.slice(-4)}`;
}
