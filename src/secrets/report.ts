/**
 * Output of a secret scan: terminal text, JSON (contract in docs/secrets.md)
 * and SARIF 2.1.0 for code scanning. Paths, author names and everything else
 * read from the repository are attacker-controlled and sanitized; secrets are
 * already masked in every Finding.
 */
import { stripControl } from '../report/sanitize.js';
import { toSarif, type SarifRule, type SarifResult } from '../report/sarif.js';
import { RULES, type Severity } from './rules/index.js';
import { isFailing, type Finding, type ScanResult } from './scan.js';

export const JSON_VERSION = 1;

export function toJson(r: ScanResult): object {
  return {
    version: JSON_VERSION,
    tool: 'mamori secrets',
    summary: r.summary,
    findings: r.findings.map((f) => ({ ...f, failing: isFailing(f) })),
  };
}

const LEVEL: Record<Severity, SarifRule['level']> = { critical: 'error', high: 'error', medium: 'warning', info: 'note' };
const SCORE: Record<Severity, number> = { critical: 9.5, high: 8.0, medium: 5.5, info: 1.0 };

export function toSecretsSarif(r: ScanResult): object {
  const rules: SarifRule[] = RULES.map((rule) => ({
    id: rule.id,
    name: rule.title,
    shortDescription: rule.title,
    fullDescription: rule.description,
    help: `${rule.description} Remove the secret from the file and from git history, and rotate it: once pushed, assume it is known. If it is not a secret, add "mamori:allow <reason>" on the line or an allow entry with a reason in .mamori.yml.`,
    level: LEVEL[rule.severity],
    tags: ['security', 'secret'],
    securitySeverity: SCORE[rule.severity],
  }));
  const results: SarifResult[] = r.findings
    .filter((f) => !f.allowed)
    .map((f) => ({
      ruleId: f.rule,
      level: f.example ? 'note' : LEVEL[f.severity],
      message: message(f),
      location: { uri: encodeURI(f.path), line: f.line, column: f.column },
      fingerprint: f.fingerprint,
      properties: {
        secret: f.secret,
        example: f.example,
        ...(f.aws ? { awsKeyId: f.aws.keyId, awsAccount: f.aws.account } : {}),
        ...(f.commit ? { commit: f.commit.id, author: stripControl(f.commit.author), date: f.commit.date } : {}),
        ...(f.verification ? { verification: f.verification.status, arn: f.verification.arn } : {}),
      },
    }));
  return toSarif(rules, results);
}

function message(f: Finding): string {
  let m = `${f.title} ${f.secret}`;
  if (f.aws) m += ` (${f.aws.kind}${f.aws.account ? `, account ${f.aws.account}` : ''})`;
  if (f.example) m += ' — AWS documentation example, not a real credential';
  if (f.commit) m += ` introduced in ${f.commit.id.slice(0, 12)} by ${stripControl(f.commit.author)} on ${f.commit.date}`;
  if (f.verification) m += ` — verified ${f.verification.status}${f.verification.arn ? ` as ${f.verification.arn}` : ''}`;
  return m;
}

export interface TerminalOptions {
  color?: boolean;
  /** Also list allowed findings. */
  showAllowed?: boolean;
}

export function toTerminal(r: ScanResult, o: TerminalOptions = {}): string {
  const paint = (code: string, s: string) => (o.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  for (const f of r.findings) {
    if (f.allowed && !o.showAllowed) continue;
    const tag = f.allowed ? paint('2', `allowed (${f.allowed.by})`) : f.example ? paint('36', 'example') : f.severity === 'info' ? paint('2', 'info') : paint('31;1', f.severity);
    lines.push(`${paint('1', stripControl(`${f.path}:${f.line}:${f.column}`))}  ${tag}  ${f.rule}  ${f.secret}`);
    if (f.aws) lines.push(`    ${f.aws.kind}; account ${f.aws.account ?? 'not encoded in this (older) key id'}`);
    if (f.pairedKeyId) lines.push(`    secret of ${f.pairedKeyId}`);
    if (f.commit) lines.push(`    introduced in ${f.commit.id.slice(0, 12)} by ${stripControl(f.commit.author)} <${stripControl(f.commit.email)}> on ${f.commit.date}`);
    if (f.verification) lines.push(`    verify: ${f.verification.status}${f.verification.arn ? ` — ${stripControl(f.verification.arn)}` : ''}${f.verification.detail ? ` (${stripControl(f.verification.detail)})` : ''}`);
    if (f.allowed) lines.push(`    ${stripControl(f.allowed.reason)}`);
  }
  const s = r.summary;
  const skipped = Object.entries(s.skipped);
  lines.push(
    '',
    `${s.scanned} ${s.mode === 'history' || s.mode === 'pre-push' ? 'blobs' : 'files'} scanned (${(s.bytes / 1048576).toFixed(1)} MiB) in ${s.durationMs} ms` +
      (skipped.length ? `; skipped: ${skipped.map(([k, n]) => `${n} ${k}`).join(', ')}` : ''),
    `${s.findings} finding(s): ${s.failing} failing, ${s.allowed} allowed, ${s.examples} documentation example(s)`,
  );
  if (s.failing > 0)
    lines.push(
      paint('31', 'Rotate every failing secret (a pushed secret is a leaked secret), remove it from history, or allow it with a reason (mamori:allow on the line, or .mamori.yml).'),
    );
  return lines.join('\n') + '\n';
}
