/**
 * The scan report for people: takeover paths first (what an attacker gains),
 * then failures by severity with why and the exact fix, then what needs a
 * human (MANUAL) and what could not be read (NOT_ASSESSED). Every value that
 * came from the account is stripped of terminal control sequences.
 */
import type { Finding, Severity } from '../scan/check.js';
import type { ScanReport } from './scan-json.js';
import { stripControl } from './sanitize.js';
import type { Style } from './style.js';

const clean = (s: unknown) => stripControl(s);
const indent = (text: string, pad: string) => stripControl(text, true).split('\n').map((l) => pad + l).join('\n');

function sev(s: Style, severity: Severity): string {
  const label = severity.toUpperCase().padEnd(8);
  if (severity === 'critical') return s.bold(s.red(label));
  if (severity === 'high') return s.red(label);
  if (severity === 'medium') return s.yellow(label);
  return s.dim(label);
}

function refs(f: Finding): string {
  return [f.cis ? `CIS ${f.cis}` : '', f.pci ? `PCI DSS ${f.pci}` : ''].filter(Boolean).join(' · ');
}

interface Row {
  findings: Finding[];
  reason: string;
  cli?: string;
  console?: string;
}

const byRegion = (text: string | undefined, region: string) => (text && region !== 'global' ? text.split(region).join('{region}') : text);

/**
 * The same failure in many regions (GuardDuty off in 14 of them) reads as one
 * line with the list of regions, and a one-line fix becomes a loop over them.
 */
export function collapseRegions(findings: Finding[]): Row[] {
  const rows = new Map<string, Row>();
  for (const f of findings) {
    const reason = byRegion(f.reason, f.region)!;
    const cli = byRegion(f.fix.cli, f.region);
    const con = byRegion(f.fix.console, f.region);
    const key = f.region === 'global' ? f.id : JSON.stringify([f.checkId, reason, cli, con]);
    const row = rows.get(key);
    if (row) row.findings.push(f);
    else rows.set(key, { findings: [f], reason, ...(cli ? { cli } : {}), ...(con ? { console: con } : {}) });
  }
  return [...rows.values()].map((row) => {
    const [first] = row.findings;
    if (row.findings.length === 1) return { findings: row.findings, reason: first!.reason, ...(first!.fix.cli ? { cli: first!.fix.cli } : {}), ...(first!.fix.console ? { console: first!.fix.console } : {}) };
    const regions = row.findings.map((f) => f.region);
    const loop = (cmd: string) =>
      cmd.includes('\n') ? `${cmd.split('{region}').join(regions[0]!)}\n# ...and the same for each region listed` : `for r in ${regions.join(' ')}; do ${cmd.split('{region}').join('$r')}; done`;
    return {
      findings: row.findings,
      reason: row.reason.split('{region}').join('each region listed'),
      ...(row.cli ? { cli: loop(row.cli) } : {}),
      ...(row.console ? { console: row.console.split('{region}').join('each region listed') } : {}),
    };
  });
}

export function renderScanTerminal(report: ScanReport, s: Style, options: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  const demo = report.demo ? s.bold(s.magenta(' DEMO ')) + ' ' : '';
  if (report.accounts.length > 1 || report.kind === 'org') out.push(...accountTable(report, s, demo));
  else
    for (const a of report.accounts) {
      out.push(`${demo}${s.bold('mamori scan')} — account ${clean(a.id)}${report.demo ? ' (DEMO data, not a real account)' : ''}`);
      if (a.status === 'NOT_ASSESSED') out.push(s.yellow(`  not assessed: ${clean(a.reason)}`));
      else out.push(s.dim(`  ${a.regions.length} regions scanned, collected ${a.collectedAt}${a.skippedRegions.length ? `; ${a.skippedRegions.length} regions skipped (${a.skippedRegions.map((r) => clean(r.region)).join(', ')})` : ''}`));
    }
  for (const x of report.suppressions?.expired ?? [])
    out.push(s.yellow(`  ! expired suppression no longer applies: ${clean(x.source)} (expired ${clean(x.expires)}): ${clean(x.reason)}`));
  const paths = report.findings.filter((f) => f.checkId === 'takeover.access-key' && f.status === 'FAIL');
  const fails = report.findings.filter((f) => f.status === 'FAIL' && f.checkId !== 'takeover.access-key');
  const manual = report.findings.filter((f) => f.status === 'MANUAL');
  const notAssessed = report.findings.filter((f) => f.status === 'NOT_ASSESSED');
  const suppressed = report.findings.filter((f) => f.status === 'SUPPRESSED');

  // Several accounts: every line says which account it is about.
  const multi = report.accounts.length > 1;
  if (paths.length) {
    out.push('', s.bold(`${demo}Takeover paths — what an attacker gets from each access key, worst first`));
    paths.forEach((f, i) => {
      out.push(`${String(i + 1).padStart(3)}. ${sev(s, f.severity)} ${multi ? s.bold(`${clean(f.account)} `) : ''}${clean(f.reason)}`);
      if (f.related?.length) out.push(s.dim(`       built from ${f.related.length} finding(s) below`));
      if (f.fix.cli) out.push(s.cyan(indent(f.fix.cli, '       $ ').replace(/\$ #/g, '#')));
    });
  }
  if (fails.length) {
    out.push('', s.bold(`${demo}Failed checks (${fails.length} findings)`));
    // One heading per check and severity, whatever the account; within it, the same
    // failure in several regions of one account is one row.
    const groups = new Map<string, Finding[]>();
    for (const f of fails) groups.set(`${f.checkId}|${f.severity}`, [...(groups.get(`${f.checkId}|${f.severity}`) ?? []), f]);
    for (const group of groups.values()) {
      const f0 = group[0]!;
      out.push('', `${sev(s, f0.severity)} ${s.bold(clean(f0.title))} ${s.dim(`[${f0.checkId}${refs(f0) ? ' · ' + refs(f0) : ''}]`)}`);
      out.push(s.dim(indent(f0.threat, '         why: ')));
      const byAccount = new Map<string, Finding[]>();
      for (const f of group) byAccount.set(f.account, [...(byAccount.get(f.account) ?? []), f]);
      for (const [account, fs] of byAccount)
        for (const row of collapseRegions(fs)) {
          const f = row.findings[0]!;
          const region = f.region === 'global' ? '' : row.findings.length > 1 ? `[${row.findings.length} regions: ${row.findings.map((x) => x.region).join(', ')}] ` : `[${f.region}] `;
          out.push(`         ${s.red('✗')} ${multi ? `${clean(account)} ` : ''}${clean(region)}${clean(row.reason)}`);
          if (row.cli) out.push(s.cyan(indent(row.cli, '             $ ')));
          if (row.console) out.push(s.cyan(indent(row.console, '             console: ')));
        }
    }
  }
  if (manual.length) {
    out.push('', s.bold(`Manual checks — cannot be seen through any API (${manual.length})`));
    for (const f of manual) {
      out.push(`  ${s.yellow('?')} ${clean(f.title)}: ${clean(f.reason)}`);
      const steps = f.fix.console ?? f.fix.cli;
      if (steps) out.push(s.dim(indent(steps, '      ')));
    }
  }
  if (notAssessed.length) {
    out.push('', s.bold(`Not assessed — data could not be read (${notAssessed.length})`));
    const byReason = new Map<string, Finding[]>();
    for (const f of notAssessed) byReason.set(f.reason, [...(byReason.get(f.reason) ?? []), f]);
    for (const [reason, fs] of byReason) out.push(`  ${s.yellow('!')} ${clean(reason)} — ${[...new Set(fs.map((f) => f.checkId))].join(', ')}`);
  }
  if (suppressed.length) {
    out.push('', s.bold(`Suppressed (${suppressed.length})`));
    for (const f of suppressed)
      out.push(s.dim(`  - ${clean(f.checkId)} ${clean(f.resource)}${f.region === 'global' ? '' : ` [${clean(f.region)}]`}: ${clean(f.suppression?.reason ?? '')}${f.suppression?.expires ? ` (until ${clean(f.suppression.expires)})` : ''}`));
  }
  if (options.verbose) {
    const passes = report.findings.filter((f) => f.status === 'PASS');
    out.push('', s.bold(`Passed (${passes.length})`));
    for (const f of passes) out.push(`  ${s.green('✓')} ${clean(f.checkId)} ${clean(f.region === 'global' ? '' : `[${f.region}] `)}${clean(f.reason)}`);
  }
  const m = report.summary;
  out.push(
    '',
    `${demo}${s.bold('Summary')}: ${m.takeoverPaths ?? 0} takeover paths · ${s.red(`${m.FAIL ?? 0} failed`)} (${['critical', 'high', 'medium', 'low'].map((x) => `${m[`FAIL_${x}`] ?? 0} ${x}`).join(', ')}) · ${s.green(`${m.PASS ?? 0} passed`)} · ${m.MANUAL ?? 0} manual · ${m.NOT_ASSESSED ?? 0} not assessed${m.SUPPRESSED ? ` · ${m.SUPPRESSED} suppressed` : ''}`,
  );
  if (report.changes) out.push(changesLine(report, s));
  if (!options.verbose && (m.PASS ?? 0) > 0) out.push(s.dim('Run with --verbose to list passed checks, or --format json for everything.'));
  return out.join('\n') + '\n';
}

function accountTable(report: ScanReport, s: Style, demo: string): string[] {
  const out = [`${demo}${s.bold('mamori scan')} — ${report.accounts.length} accounts${report.demo ? ' (DEMO data)' : ''}`];
  out.push(s.dim(`  ${'account'.padEnd(14)}${'name'.padEnd(22)}${'paths'.padStart(6)}${'failed'.padStart(8)}${'crit'.padStart(6)}${'high'.padStart(6)}${'n/a'.padStart(6)}`));
  for (const a of report.accounts) {
    const m = a.summary ?? {};
    const name = clean(a.name ?? '').slice(0, 20).padEnd(22);
    if (a.status === 'NOT_ASSESSED') {
      out.push(`  ${clean(a.id).padEnd(14)}${name}${s.yellow(`NOT ASSESSED: ${clean(a.reason)}`)}`);
      continue;
    }
    out.push(
      `  ${clean(a.id).padEnd(14)}${name}${String(m.takeoverPaths ?? 0).padStart(6)}${String(m.FAIL ?? 0).padStart(8)}${String(m.FAIL_critical ?? 0).padStart(6)}${String(m.FAIL_high ?? 0).padStart(6)}${String(m.NOT_ASSESSED ?? 0).padStart(6)}`,
    );
  }
  return out;
}

function changesLine(report: ScanReport, s: Style): string {
  const c = report.changes!;
  const extra = [c.suppressed ? `${c.suppressed} suppressed since` : '', c.notReassessed ? `${c.notReassessed} not re-assessed` : ''].filter(Boolean);
  return `Since scan #${c.previousScanId} (${c.previousScanAt.slice(0, 16).replace('T', ' ')} UTC): ${s.red(`${c.new.length} new`)} · ${s.green(`${c.resolved.length} resolved`)} · ${c.unchanged} unchanged${extra.length ? ' · ' + extra.join(' · ') : ''}`;
}
