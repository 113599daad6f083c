/**
 * The incident report: Markdown, self-contained HTML, and the terminal
 * summary. Every value that came from AWS or CloudTrail (names, ids, error
 * messages — attacker-controlled) is escaped for the format it goes into.
 */
import { escapeHtml, stripControl } from '../report/sanitize.js';
import type { ActionResult } from './apply.js';
import type { CreatedResource } from './extract.js';
import type { RespondResult } from './playbook.js';

const MAX_TIMELINE_ROWS = 2000;

const subjectText = (r: RespondResult) => (r.subject.kind === 'key' ? `leaked access key ${r.subject.accessKeyId}` : `compromised console user ${r.subject.userName}`);

function countBy<T>(items: T[], key: (t: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]);
}

function observed(r: ActionResult | undefined): Record<string, unknown> | undefined {
  return (r?.after ?? r?.before) as Record<string, unknown> | undefined;
}

/** What a created resource looks like now, from the observations made by the plan or the run. */
export function stateNow(res: CreatedResource, result: RespondResult): string {
  const all = [...result.contain, ...result.eradicate];
  const byId = (id: string) => all.find((a) => a.action.id === id);
  const describe = (r: ActionResult | undefined, field: string) => {
    if (!r) return 'not checked';
    if (r.outcome === 'resumed') return 'removed in an earlier run';
    if (r.outcome === 'unknown' || (r.outcome === 'failed' && !observed(r))) return `unknown (${r.error ?? 'not observed'})`;
    return String(observed(r)?.[field] ?? 'unknown');
  };
  switch (res.type) {
    case 'ec2:instance': {
      const r = all.find((a) => a.action.kind === 'terminate-instances' && (a.action.params.instanceIds as string[]).includes(res.id));
      if (r?.outcome === 'resumed') return 'terminated in an earlier run';
      return String((observed(r)?.instances as Record<string, string> | undefined)?.[res.id] ?? (r?.error ? `unknown (${r.error})` : 'not checked'));
    }
    case 'ec2:key-pair':
      return describe(byId(`delete-key-pair:${res.region}:${res.id}`), 'keyPair');
    case 'ec2:security-group':
      return describe(byId(`delete-security-group:${res.region}:${res.id}`), 'group');
    case 'iam:user':
      return describe(byId(`delete-user:${res.id}`), 'user');
    case 'iam:access-key': {
      const del = byId(`delete-access-key:${res.id}`);
      return del ? `key ${describe(del, 'key')}` : `key ${describe(byId(`deactivate-access-key:${res.id}`), 'key')}`;
    }
    case 'iam:login-profile':
      return describe(byId(`delete-login-profile:${res.userName}`), 'loginProfile');
    default:
      return 'not checked (manual)';
  }
}

/** When containment took effect, in seconds from the start of the run. */
function containedLine(r: RespondResult): string {
  const done = r.contain.filter((a) => a.outcome === 'done' && a.at).map((a) => Date.parse(a.at!));
  if (!done.length) return `Containment: ${r.mode === 'dry-run' ? 'planned, not applied (dry run)' : 'nothing applied in this run'}`;
  const t0 = Date.parse(r.startedAt);
  const s = (t: number) => ((t - t0) / 1000).toFixed(1);
  return `Containment: ${done.length} action(s) applied, the first ${s(Math.min(...done))} s and the last ${s(Math.max(...done))} s after the start`;
}

interface Row {
  cells: string[];
}
interface Section {
  title: string;
  paragraphs?: string[];
  bullets?: string[];
  table?: { head: string[]; rows: Row[] };
  code?: string[];
}

/** The report as sections, rendered below to Markdown and HTML. */
export function reportSections(r: RespondResult): Section[] {
  const inv = r.investigation;
  const attributed = inv.timeline.filter((e) => e.attributed);
  const actions = [...r.contain, ...r.eradicate];
  const outcomes = countBy(actions, (a) => a.outcome).map(([k, n]) => `${n} ${k}`).join(', ');
  const sections: Section[] = [];
  sections.push({
    title: 'Summary',
    bullets: [
      `Subject: ${subjectText(r)} in account ${r.identification.keyAccount ?? r.identification.callerAccount}`,
      `Owner: ${r.identification.owner.kind}${r.identification.owner.name ? ` ${r.identification.owner.name}` : ''} (from ${r.identification.owner.source})`,
      `Run: ${r.mode} — started ${r.startedAt}, finished ${r.finishedAt}; incident #${r.incidentId} in the store`,
      `Investigated: ${inv.start} to ${inv.end} from ${inv.source}${inv.gaps.length ? `; ${inv.gaps.length} NOT READ (see Gaps)` : ''}`,
      containedLine(r),
      `Attacker credentials followed: ${inv.credentials.length} (${inv.credentials.map((c) => `${c.accessKeyId} ${c.kind}`).join(', ')})`,
      `Events: ${attributed.length} made by the attacker${inv.timeline.length > attributed.length ? `, ${inv.timeline.length - attributed.length} more by the same user not attributed` : ''}; ${attributed.filter((e) => e.result !== 'ok').length} failed`,
      `Resources created by the attacker: ${inv.created.length}${inv.created.length ? ` (${countBy(inv.created, (c) => c.type).map(([k, n]) => `${n} ${k}`).join(', ')})` : ''}`,
      `Actions: ${actions.length} (${outcomes || 'none'})`,
      `Estimated cost of the attacker's instances: ${r.cost.total.toFixed(2)} ${r.cost.currency}${r.cost.unpriced.length ? ` plus unpriced types ${r.cost.unpriced.join(', ')}` : ''}`,
    ],
  });
  const notes = [...r.identification.notes, ...inv.gaps.map((g) => `Gap: ${g.where} could not be read — ${g.reason}`), ...r.skippedRegions.map((s) => `Region ${s.region} skipped: ${s.reason}`)];
  if (inv.deletions.length) notes.push(`The attacker deleted or stopped ${inv.deletions.length} thing(s): ${inv.deletions.map((d) => `${d.api} ${d.resource}`).join('; ')}`);
  if (notes.length) sections.push({ title: 'Notes and gaps', bullets: notes });
  sections.push({
    title: 'Timeline',
    ...(attributed.length > MAX_TIMELINE_ROWS ? { paragraphs: [`First ${MAX_TIMELINE_ROWS} of ${attributed.length} events; the JSON output has all of them.`] } : {}),
    table: {
      head: ['Time (UTC)', 'Region', 'Credential', 'API', 'Result', 'Resource'],
      rows: attributed.slice(0, MAX_TIMELINE_ROWS).map((e) => ({ cells: [e.time, e.region, e.credential, e.api, e.result, e.resource] })),
    },
  });
  sections.push({
    title: 'Attacker credentials',
    table: {
      head: ['Credential', 'Kind', 'User / role', 'Obtained by', 'At'],
      rows: inv.credentials.map((c) => ({ cells: [c.accessKeyId, c.kind, c.roleArn ?? c.userName ?? '', c.via ?? (c.kind === 'leaked' ? 'leaked' : ''), c.at ?? ''] })),
    },
  });
  sections.push({
    title: 'Resources created and their state now',
    table: {
      head: ['Type', 'Region', 'Id', 'Name / type', 'Created (UTC)', 'By', 'State now'],
      rows: inv.created.map((c) => ({ cells: [c.type, c.region, c.id, c.name ?? c.instanceType ?? c.userName ?? '', c.createdAt, c.createdBy, stateNow(c, r)] })),
    },
  });
  sections.push({
    title: 'Actions',
    paragraphs: r.mode === 'dry-run' ? ['Dry run: nothing was changed. "planned" actions run with --contain (containment) or --apply (everything).'] : [],
    table: {
      head: ['Stage', 'Action', 'Target', 'Outcome', 'At (UTC)', 'Why'],
      rows: actions.map((a) => ({ cells: [a.action.stage, a.action.kind, a.action.target, a.outcome + (a.error ? `: ${a.error}` : ''), a.at ?? '', a.action.why] })),
    },
  });
  const commands = actions.filter((a) => a.outcome === 'planned' || a.outcome === 'manual' || a.outcome === 'failed' || a.outcome === 'unknown').flatMap((a) => a.action.commands);
  if (commands.length) sections.push({ title: 'Commands for the remaining actions', code: commands });
  sections.push({
    title: 'Estimated cost',
    paragraphs: [
      `Instance-hours from launch to termination (or now) times the On-Demand price. Prices: ${r.cost.priceSource} Compiled ${r.cost.pricesCompiled}.`,
      r.cost.regionalNote,
    ],
    table: {
      head: ['Instance type', 'Instances', 'Hours', 'Price/hour', 'Cost'],
      rows: [
        ...r.cost.lines.map((l) => ({ cells: [l.instanceType, String(l.instances), l.hours.toFixed(2), l.pricePerHour !== undefined ? l.pricePerHour.toFixed(4) : 'no price', l.cost !== undefined ? l.cost.toFixed(2) : '—'] })),
        { cells: ['Total', '', '', '', `${r.cost.total.toFixed(2)} ${r.cost.currency}`] },
      ],
    },
  });
  for (const [i, s] of r.recover.entries()) sections.push({ title: `Recover ${i + 1}. ${s.title}`, paragraphs: [s.why], code: s.commands });
  return sections;
}

// ---- Markdown ----

/** A value safe in a Markdown table cell: no control characters, no HTML, no table or emphasis syntax. */
export function mdCell(v: unknown): string {
  return stripControl(v)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/([\\`*_[\]|#])/g, '\\$1');
}

export function renderMarkdown(r: RespondResult): string {
  const out: string[] = [`# Incident report: ${mdCell(subjectText(r))}`, ''];
  for (const s of reportSections(r)) {
    out.push(`## ${mdCell(s.title)}`, '');
    for (const p of s.paragraphs ?? []) out.push(mdCell(p), '');
    if (s.bullets?.length) out.push(...s.bullets.map((b) => `- ${mdCell(b)}`), '');
    if (s.table) {
      out.push(`| ${s.table.head.map(mdCell).join(' | ')} |`, `|${s.table.head.map(() => '---').join('|')}|`);
      for (const row of s.table.rows) out.push(`| ${row.cells.map(mdCell).join(' | ')} |`);
      out.push('');
    }
    // Commands go in a fenced block: no escaping inside, so fences are broken up and control characters removed.
    if (s.code?.length) out.push('```sh', ...s.code.map((c) => stripControl(c).replace(/```/g, '`\u200b``')), '```', '');
  }
  return out.join('\n');
}

// ---- HTML ----

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top;font-size:13px}
th{background:#f3f3f3}td{word-break:break-all}pre{background:#f6f6f6;padding:.7em;overflow-x:auto;white-space:pre-wrap}h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}`;

export function renderHtml(r: RespondResult): string {
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // Self-contained and inert: no scripts, no remote loads, even if something slipped through escaping.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(`Incident report: ${subjectText(r)}`)}</title><style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(`Incident report: ${subjectText(r)}`)}</h1>`,
  ];
  for (const s of reportSections(r)) {
    out.push(`<h2>${escapeHtml(s.title)}</h2>`);
    for (const p of s.paragraphs ?? []) out.push(`<p>${escapeHtml(p)}</p>`);
    if (s.bullets?.length) out.push('<ul>', ...s.bullets.map((b) => `<li>${escapeHtml(b)}</li>`), '</ul>');
    if (s.table) {
      out.push('<table><thead><tr>', ...s.table.head.map((h) => `<th>${escapeHtml(h)}</th>`), '</tr></thead><tbody>');
      for (const row of s.table.rows) out.push(`<tr>${row.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
      out.push('</tbody></table>');
    }
    if (s.code?.length) out.push(`<pre>${s.code.map(escapeHtml).join('\n')}</pre>`);
  }
  out.push('</body></html>');
  return out.join('\n');
}

// ---- terminal ----

export function renderTerminal(r: RespondResult): string {
  const t = (v: unknown) => stripControl(v);
  const inv = r.investigation;
  const lines: string[] = [];
  lines.push(`mamori respond — ${t(subjectText(r))} — ${r.mode === 'dry-run' ? 'DRY RUN (nothing changed)' : r.mode === 'contain' ? 'containment applied, cleanup planned' : 'applied'}`);
  lines.push(`account ${t(r.identification.keyAccount ?? r.identification.callerAccount)}, owner ${t(r.identification.owner.kind)} ${t(r.identification.owner.name ?? '')}`);
  for (const n of r.identification.notes) lines.push(`  note: ${t(n)}`);
  lines.push('', 'CONTAIN');
  for (const a of r.contain) {
    const seen = a.outcome === 'already-done' && a.before ? ` (${Object.entries(a.before).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')})` : '';
    lines.push(`  [${a.outcome}] ${t(a.action.target)}${t(seen)}${a.error ? ` — ${t(a.error)}` : ''}`);
    if (a.outcome === 'planned' || a.outcome === 'manual' || a.outcome === 'failed') for (const c of a.action.commands) lines.push(`      $ ${t(c)}`);
  }
  if (r.mode === 'dry-run' && r.subject.kind === 'key') lines.push(`  → contain now: mamori respond key ${t(r.subject.accessKeyId)} --contain`);
  if (r.mode === 'dry-run' && r.subject.kind === 'user') lines.push(`  → contain now: mamori respond user ${t(r.subject.userName)} --contain`);
  lines.push('', `INVESTIGATE  ${inv.timeline.filter((e) => e.attributed).length} attacker events, ${inv.credentials.length} credential(s), ${inv.created.length} resource(s) created, ${r.regions.length} region(s)`);
  for (const g of inv.gaps) lines.push(`  GAP ${t(g.where)}: ${t(g.reason)}`);
  for (const [type, n] of countBy(inv.created, (c) => `${c.type} ${c.region}`).slice(0, 40)) lines.push(`  ${n} × ${t(type)}`);
  lines.push('', 'ERADICATE');
  for (const a of r.eradicate) lines.push(`  [${a.outcome}] ${t(a.action.target)}${a.error ? ` — ${t(a.error)}` : ''}`);
  if (!r.eradicate.length) lines.push('  nothing the attacker created was found');
  if (r.eradicate.some((a) => a.outcome === 'planned' || a.outcome === 'manual')) lines.push('  (every command is in the report: --out DIR)');
  lines.push('', `ESTIMATED COST  ${r.cost.total.toFixed(2)} ${r.cost.currency} (On-Demand prices compiled ${r.cost.pricesCompiled}, us-east-1 rates)`);
  lines.push('', 'RECOVER');
  for (const s of r.recover) lines.push(`  - ${t(s.title)}`);
  lines.push('');
  return lines.join('\n');
}
