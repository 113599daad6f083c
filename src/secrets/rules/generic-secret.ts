import { entropy, type Rule, type RuleMatch } from './rule.js';

// name (password, secret, token, api key...) [quote] operator [quote] value.
const ASSIGNMENT =
  /((?:password|passwd|pwd|secret|token|api[_.-]?key|apikey|auth[_.-]?key|access[_.-]?key|private[_.-]?key|credentials?)[A-Za-z0-9_.-]{0,20})["'`]?[ \t]{0,10}(?::=|=>|==|:|=)[ \t]{0,10}(?:"([^"\r\n]{8,200})"|'([^'\r\n]{8,200})'|`([^`\r\n]{8,200})`|([^\s"'`;,(){}[\]<>]{8,200})(?=[\s;,]|$))/gi;

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const CODE_PATH = /^!*[A-Za-z_$][\w$]*(?:(?:\?\.|\.|!\.)[A-Za-z_$][\w$]*)*[!?]*(?:\(\))?$/;
// Pagination cursors and idempotency tokens are opaque but not secret.
const PAGINATION_NAME = /(?:next|continuation|page|pagination|client|idempotency|cancellation|sync|resume|start|end|continue)[_.-]?token$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;
// SRI and lockfile integrity values (sha512-<base64>), "sha256:<hex>" digests.
const DIGEST = /^(?:sha(?:1|256|384|512)|md5)[-:]/i;
// References to a secret kept elsewhere, not the secret itself.
const REFERENCE = /^\$|\$\{|\{\{|%\(|<[^>]*>|^process\.env|^os\.environ|^env\(|^ENV\[|getenv|^!(?:Ref|Sub|GetAtt)|^arn:|^https?:\/\/|^\/|^\.\.?\//i;
const PLACEHOLDER = /(?:example|changeme|change_me|placeholder|your[_-]|dummy|sample|redacted|xxxx|\*\*\*|\.\.\.|<|>|todo|fixme|replace|insert|secret_here|password_here)/i;
// Names that say the value is a hash or an id, not a secret.
const NOT_SECRET_NAME = /(?:sha|hash|digest|checksum|integrity|commit|revision|id|uuid|name|type|url|uri|path|file|length|size|count|max|min|timeout|expires|format|mode|policy|field|header|label|prompt|regex|pattern|placeholder)$/i;

/**
 * Names built from words (fts5_tokenizer_v2, X-Amz-S3session-Token,
 * libsecret-1-0, CreateOAuth2TokenRequest). Each segment splits into runs of
 * upper case, lower case and digits; in words every lower-case run is at
 * least two letters and digit runs are short and few. Random strings almost
 * always have a lone lower-case letter between capitals or digits somewhere.
 */
function wordLike(v: string): boolean {
  if (!/^[A-Za-z0-9]+(?:[-_.:/]+[A-Za-z0-9]+)*$/.test(v)) return false;
  return v.split(/[-_.:/]+/).every((seg) => {
    if (seg.length <= 3) return true;
    const runs = seg.match(/[A-Z]+|[a-z]+|[0-9]+/g) ?? [];
    const digits = runs.filter((r) => /[0-9]/.test(r));
    return digits.length <= 2 && digits.every((d) => d.length <= 2) && runs.every((r) => !/^[a-z]$/.test(r));
  });
}

/**
 * True when a value looks generated rather than written by hand: long enough,
 * letters and digits mixed, high entropy. Requiring a digit drops the large
 * class of enum values and header names (X-Amz-Security-Token,
 * AWS::SecretsManager::Secret, MYSQL_PASSWORD) that sit after secret-like names.
 */
function highEntropy(v: string): boolean {
  return v.length >= 10 && /[0-9]/.test(v) && /[A-Za-z]/.test(v) && entropy(v) >= 3.3;
}

export function acceptGenericValue(name: string, value: string): boolean {
  if (UUID.test(value) || DIGEST.test(value) || REFERENCE.test(value) || PLACEHOLDER.test(value)) return false;
  if (NOT_SECRET_NAME.test(name) || PAGINATION_NAME.test(name)) return false;
  // Prose and messages, not secrets.
  if (/\s/.test(value) || wordLike(value)) return false;
  // Identifiers and property paths are code, not secrets (token = this.token, !!p.Password, a?.b!).
  if (CODE_PATH.test(value) && (/[.?!]/.test(value) || !/[0-9]/.test(value))) return false;
  // Command-line flags and dates (passwordLastChanged: 2024-01-01T...).
  if (value.startsWith('-') || /^\d{4}-\d{2}-\d{2}/.test(value)) return false;
  if (/^(?:true|false|null|none|nil|undefined)$/i.test(value)) return false;
  // Hex of hash length: git object ids and checksums.
  if (HEX.test(value) && [32, 40, 64, 128].includes(value.length)) return false;
  return highEntropy(value);
}

export const genericSecret: Rule = {
  id: 'generic-secret',
  title: 'Password or secret assignment',
  description: 'A password, token or API key written into the file. Hard-coded secrets end up in every clone, backup and build log.',
  severity: 'medium',
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'credential'],
  ignoreCase: true,
  assignment: true,
  find(text) {
    const out: RuleMatch[] = [];
    for (const m of text.matchAll(ASSIGNMENT)) {
      // The regex starts at the keyword (cheap to search for); the rest of the name is read backwards.
      let start = m.index!;
      while (start > 0 && start > m.index! - 40 && NAME_CHAR.test(text[start - 1]!)) start--;
      const name = text.slice(start, m.index!) + m[1]!;
      const value = m[2] ?? m[3] ?? m[4] ?? m[5];
      if (!value || !acceptGenericValue(name, value)) continue;
      // An unquoted identifier ending a statement is code (xTokenize = fts5V1toV2Tokenize;).
      if (m[5] && text[m.index! + m[0].length] === ';' && /^[A-Za-z_$][\w$]*$/.test(value)) continue;
      const index = m.index! + m[0].lastIndexOf(value);
      out.push({ index, value });
    }
    return out;
  },
};
