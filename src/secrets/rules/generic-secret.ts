import { entropy, type Rule, type RuleMatch } from './rule.js';

// name (password, secret, token, api key...) [quote] operator [quote] value.
const ASSIGNMENT =
  /((?:password|passwd|pwd|secret|token|api[_.-]?key|apikey|auth[_.-]?key|access[_.-]?key|private[_.-]?key|credentials?)[A-Za-z0-9_.-]{0,20})["'`]?[ \t]{0,10}(?::=|=>|==|:|=)[ \t]{0,10}(?:"([^"\r\n]{8,200})"|'([^'\r\n]{8,200})'|`([^`\r\n]{8,200})`|([^\s"'`;,(){}[\]<>]{8,200})(?=[\s;,]|$))/gi;

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const CODE_PATH = /^!*[A-Za-z_$][\w$]*(?:(?:\?\.|\.|!\.)[A-Za-z_$][\w$]*)*[!?]*(?:\(\))?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;
// SRI and lockfile integrity values (sha512-<base64>), "sha256:<hex>" digests.
const DIGEST = /^(?:sha(?:1|256|384|512)|md5)[-:]/i;
// References to a secret kept elsewhere, not the secret itself.
const REFERENCE = /^\$|\$\{|\{\{|%\(|<[^>]*>|^process\.env|^os\.environ|^env\(|^ENV\[|getenv|^!(?:Ref|Sub|GetAtt)|^arn:|^https?:\/\/|^\/|^\.\.?\//i;
const PLACEHOLDER = /(?:example|changeme|change_me|placeholder|your[_-]|dummy|sample|redacted|xxxx|\*\*\*|\.\.\.|<|>|todo|fixme|replace|insert|secret_here|password_here)/i;
// Names that say the value is a hash or an id, not a secret.
const NOT_SECRET_NAME = /(?:sha|hash|digest|checksum|integrity|commit|revision|id|uuid|name|type|url|uri|path|file|length|size|count|max|min|timeout|expires|format|mode|policy|field|header|label|prompt|regex|pattern|placeholder)$/i;

/** True when a value looks generated rather than written by hand. */
function highEntropy(v: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(v)).length;
  return v.length >= 10 && classes >= 2 && entropy(v) >= 3.3;
}

export function acceptGenericValue(name: string, value: string): boolean {
  if (UUID.test(value) || DIGEST.test(value) || REFERENCE.test(value) || PLACEHOLDER.test(value)) return false;
  if (NOT_SECRET_NAME.test(name)) return false;
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
  find(text) {
    const out: RuleMatch[] = [];
    for (const m of text.matchAll(ASSIGNMENT)) {
      // The regex starts at the keyword (cheap to search for); the rest of the name is read backwards.
      let start = m.index!;
      while (start > 0 && start > m.index! - 40 && NAME_CHAR.test(text[start - 1]!)) start--;
      const name = text.slice(start, m.index!) + m[1]!;
      const value = m[2] ?? m[3] ?? m[4] ?? m[5];
      if (!value || !acceptGenericValue(name, value)) continue;
      const index = m.index! + m[0].lastIndexOf(value);
      out.push({ index, value });
    }
    return out;
  },
};
