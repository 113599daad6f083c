/**
 * Renders alerts: JSON (the documented contract, docs/detect.md), JSON Lines,
 * SARIF and a terminal summary. Everything that came from events is
 * attacker-controlled; the terminal form strips control sequences from it.
 */
import { createHash } from 'node:crypto';
import { jsonText, stripControl } from '../report/sanitize.js';
import { toSarif, type SarifResult, type SarifRule } from '../report/sarif.js';
import { VERSION } from '../version.js';
import type { Alert } from './alert.js';
import type { InputProblem, InputSummary } from './input/read.js';
import type { Level } from './sigma/rule.js';

export type Format = 'terminal' | 'json' | 'jsonl' | 'sarif';
export const FORMATS: Format[] = ['terminal', 'json', 'jsonl', 'sarif'];

export interface DetectReport {
  alerts: Alert[];
  input: InputSummary;
  problems: InputProblem[];
  /** Problems counted but not kept in `problems` (beyond DetectOptions.maxProblems). */
  problemsOmitted?: number;
  rules: { loaded: number; rejected: { file: string; line: number; col: number; message: string }[] };
  /** Each alert's merge window (its rule's), for the store (not part of the JSON output). */
  windowOf?: (a: Alert) => number;
}

export function toJson(r: DetectReport): string {
  return jsonText({ tool: 'mamori', version: VERSION, alerts: r.alerts, input: r.input, problems: r.problems, ...(r.problemsOmitted ? { problemsOmitted: r.problemsOmitted } : {}), rules: r.rules }, 2);
}

export function toJsonLines(alerts: Alert[]): string {
  return alerts.map((a) => jsonText(a)).join('');
}

const SARIF_LEVEL: Record<Level, SarifRule['level']> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', informational: 'note' };
const SECURITY_SEVERITY: Record<Level, number> = { critical: 9.5, high: 8.0, medium: 5.5, low: 3.0, informational: 1.0 };

export function alertFingerprint(a: Alert): string {
  return createHash('sha256')
    .update(`${a.ruleId}\u0000${a.group ? JSON.stringify(a.group) : a.principal}\u0000${a.firstSeen ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}

export function toSarifLog(alerts: Alert[]): object {
  const rules = new Map<string, SarifRule>();
  for (const a of alerts)
    if (!rules.has(a.ruleId))
      rules.set(a.ruleId, {
        id: a.ruleId,
        shortDescription: a.title,
        ...(a.description ? { fullDescription: a.description } : {}),
        level: SARIF_LEVEL[a.severity],
        tags: [...a.tactics, ...a.techniques],
        securitySeverity: SECURITY_SEVERITY[a.severity],
      });
  const results: SarifResult[] = alerts.map((a) => ({
    ruleId: a.ruleId,
    level: SARIF_LEVEL[a.severity],
    message: `${a.title}: ${a.principal}, ${a.count} event(s) ${a.firstSeen ?? '?'} to ${a.lastSeen ?? '?'}. Next: ${a.nextStep}`,
    location: { logical: a.principal },
    fingerprint: alertFingerprint(a),
    properties: { accessKeyIds: a.accessKeyIds, sourceIps: a.sourceIps, regions: a.regions, eventIds: a.eventIds, techniques: a.techniques },
  }));
  return toSarif([...rules.values()], results);
}

const SEV_LABEL: Record<Level, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', informational: 'INFO' };

export function toTerminal(r: DetectReport): string {
  const s = (v: unknown) => stripControl(v);
  const list = (xs: string[], max = 5) => (xs.length > max ? `${xs.slice(0, max).map(s).join(', ')} (+${xs.length - max})` : xs.map(s).join(', '));
  const lines: string[] = [];
  for (const a of r.alerts) {
    lines.push(`${SEV_LABEL[a.severity]}  ${s(a.title)}${a.techniques.length ? `  [${a.techniques.join(', ')}]` : ''}`);
    lines.push(`  principal   ${s(a.principal)}${a.principals.length > 1 ? ` (+${a.principals.length - 1} others: ${list(a.principals.filter((p) => p !== a.principal), 3)})` : ''}`);
    if (a.accessKeyIds.length) lines.push(`  access keys ${list(a.accessKeyIds)}`);
    if (a.sourceIps.length) lines.push(`  source IPs  ${list(a.sourceIps)}`);
    if (a.regions.length) lines.push(`  regions     ${list(a.regions, 8)}`);
    lines.push(`  when        ${a.firstSeen ?? '?'} .. ${a.lastSeen ?? '?'}  (${a.count} event${a.count === 1 ? '' : 's'}: ${list(a.eventNames, 4)})`);
    if (a.userAgents.length) lines.push(`  user agents ${list(a.userAgents, 2)}`);
    lines.push(`  event ids   ${list(a.eventIds, 3)}`);
    lines.push(`  next        ${s(a.nextStep)}`);
    lines.push('');
  }
  const bySev = (['critical', 'high', 'medium', 'low', 'informational'] as Level[])
    .map((l) => [l, r.alerts.filter((a) => a.severity === l).length] as const)
    .filter(([, n]) => n)
    .map(([l, n]) => `${n} ${l}`);
  const skipped = Object.entries(r.input.skipped).map(([k, n]) => `${n} ${k}`);
  lines.push(
    `${r.alerts.length} alert${r.alerts.length === 1 ? '' : 's'}${bySev.length ? ` (${bySev.join(', ')})` : ''} from ${r.input.events} events in ${r.input.files} file${r.input.files === 1 ? '' : 's'}, ${r.rules.loaded} rules` +
      (r.input.outOfRange ? `; ${r.input.outOfRange} events outside the time range` : '') +
      (skipped.length ? `; skipped: ${skipped.join(', ')}` : '') +
      (r.rules.rejected.length ? `; ${r.rules.rejected.length} rule(s) rejected` : ''),
  );
  return lines.join('\n') + '\n';
}

/** One line per input problem or rejected rule, for stderr. */
export function problemLines(r: DetectReport, max = 20): string[] {
  const out = [
    ...r.rules.rejected.map((e) => `rule rejected: ${stripControl(e.message)}`),
    ...r.problems.map((p) => `${stripControl(p.file)}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}: ${stripControl(p.message)}`),
  ];
  // Problems the report did not keep are counted too: "and 980 more" for 1480 would understate the damage.
  const more = Math.max(0, out.length - max) + (r.problemsOmitted ?? 0);
  if (!more) return out;
  return [...out.slice(0, max), `... and ${more} more (see --format json${r.problemsOmitted ? `, which keeps the first ${r.problems.length}` : ''})`];
}
