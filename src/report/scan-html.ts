/**
 * The scan as one self-contained HTML file: no network (a Content-Security-
 * Policy forbids every fetch), readable offline, safe to open. Everything is
 * rendered here on the server side and every value passes through escapeHtml
 * — resource names and tags are chosen by whoever created the resource, maybe
 * an attacker. The inline script only filters, searches and copies; it never
 * turns data into markup.
 *
 * Order: takeover paths, then findings grouped by account and by check, with
 * the fix command and a copy button beside each finding.
 */
import type { Finding, Severity } from '../scan/check.js';
import { SEVERITIES } from '../scan/check.js';
import type { ScanReport } from './scan-json.js';
import { escapeHtml as e } from './sanitize.js';

export interface TrendPoint {
  id: number;
  at: string;
  summary: Record<string, number>;
}

const SEV_COLOR: Record<Severity, string> = { critical: '#8b0000', high: '#d9381e', medium: '#e69500', low: '#3b82c4', info: '#7a7a7a' };
const STATUSES = ['FAIL', 'SUPPRESSED', 'MANUAL', 'NOT_ASSESSED', 'PASS'];
const TAKEOVER = 'takeover.access-key';

function severityChart(report: ScanReport): string {
  const counts = SEVERITIES.map((s) => ({ s, n: report.summary[`FAIL_${s}`] ?? 0 }));
  const max = Math.max(1, ...counts.map((c) => c.n));
  const bars = counts
    .map((c, i) => {
      const w = Math.round((c.n / max) * 260);
      const y = i * 26;
      return `<text x="0" y="${y + 16}" class="lbl">${e(c.s)}</text><rect x="70" y="${y + 4}" width="${w}" height="16" rx="3" fill="${SEV_COLOR[c.s]}"><title>${c.n} ${e(c.s)}</title></rect><text x="${76 + w}" y="${y + 16}" class="num">${c.n}</text>`;
    })
    .join('');
  return `<svg class="chart" id="severity-chart" role="img" aria-label="Failed findings by severity" viewBox="0 0 380 ${SEVERITIES.length * 26}" width="380" height="${SEVERITIES.length * 26}">${bars}</svg>`;
}

function trendChart(trend: TrendPoint[]): string {
  if (trend.length < 2) return '';
  const W = 380;
  const H = 130;
  const pad = 24;
  const fails = trend.map((p) => p.summary.FAIL ?? 0);
  const max = Math.max(1, ...fails);
  const x = (i: number) => pad + (i * (W - 2 * pad)) / (trend.length - 1);
  const y = (v: number) => H - pad - (v * (H - 2 * pad)) / max;
  const pts = fails.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const dots = trend
    .map((p, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(fails[i]!).toFixed(1)}" r="3.5"><title>scan #${p.id} ${e(p.at.slice(0, 16).replace('T', ' '))}: ${fails[i]} failed</title></circle>`)
    .join('');
  return `<figure><figcaption>Failed findings over the last ${trend.length} scans</figcaption><svg class="chart" id="trend-chart" role="img" aria-label="Trend of failed findings" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" class="axis"/><polyline points="${pts}" fill="none" stroke="#d9381e" stroke-width="2"/>${dots}<text x="${pad}" y="${H - 6}" class="lbl">${e(trend[0]!.at.slice(0, 10))}</text><text x="${W - pad}" y="${H - 6}" class="lbl" text-anchor="end">${e(trend[trend.length - 1]!.at.slice(0, 10))}</text><text x="2" y="${y(max) + 4}" class="lbl">${max}</text></svg></figure>`;
}

function fixBlock(f: Finding): string {
  const parts: string[] = [];
  if (f.fix.cli)
    parts.push(`<div class="fix"><div class="fixhead">Fix <button type="button" class="copy" title="Copy the command">Copy</button></div><pre><code>${e(f.fix.cli)}</code></pre></div>`);
  if (f.fix.console) parts.push(`<div class="console">Console: ${e(f.fix.console)}</div>`);
  return parts.join('');
}

function refs(f: Finding): string {
  return [f.cis ? `CIS ${f.cis}` : '', f.pci ? `PCI DSS ${f.pci}` : ''].filter(Boolean).map((r) => `<span class="ref">${e(r)}</span>`).join(' ');
}

function findingItem(f: Finding): string {
  const attrs = `data-sev="${e(f.severity)}" data-status="${e(f.status)}" data-account="${e(f.account)}" data-region="${e(f.region)}" data-service="${e(f.service)}"`;
  const supp = f.suppression
    ? `<div class="supp">Suppressed (was ${e(f.suppression.status)}): ${e(f.suppression.reason)}${f.suppression.expires ? ` — until ${e(f.suppression.expires)}` : ''} <span class="src">${e(f.suppression.source)}</span></div>`
    : '';
  return `<li class="finding st-${e(f.status)}" ${attrs}><div class="line"><span class="badge s-${e(f.status)}">${e(f.status.replace('_', ' '))}</span><span class="sev sev-${e(f.severity)}">${e(f.severity)}</span><span class="region">${e(f.region)}</span><span class="res">${e(f.resource)}</span></div><div class="reason">${e(f.reason)}</div>${supp}${f.status === 'PASS' ? '' : fixBlock(f)}</li>`;
}

function takeoverSection(paths: Finding[]): string {
  if (!paths.length) return `<section id="takeover"><h2>Takeover paths</h2><p class="ok">No access key in these accounts leads to a takeover.</p></section>`;
  const items = paths
    .map(
      (f, i) =>
        `<li class="finding path" data-sev="${e(f.severity)}" data-status="${e(f.status)}" data-account="${e(f.account)}" data-region="${e(f.region)}" data-service="${e(f.service)}"><div class="line"><span class="rank">${i + 1}</span><span class="sev sev-${e(f.severity)}">${e(f.severity)}</span><span class="acct">account ${e(f.account)}</span><span class="res">${e(f.resource)}</span></div><div class="reason">${e(f.reason)}</div>${fixBlock(f)}</li>`,
    )
    .join('');
  return `<section id="takeover"><h2>Takeover paths <span class="count">${paths.length}</span></h2><p class="hint">What an attacker gets from each access key, worst first.</p><ol class="findings">${items}</ol></section>`;
}

function groupedSection(report: ScanReport): string {
  const byAccount = new Map<string, Map<string, Finding[]>>();
  for (const f of report.findings) {
    if (f.checkId === TAKEOVER && f.status === 'FAIL') continue;
    let checks = byAccount.get(f.account);
    if (!checks) byAccount.set(f.account, (checks = new Map()));
    const list = checks.get(f.checkId) ?? [];
    list.push(f);
    checks.set(f.checkId, list);
  }
  const names = new Map(report.accounts.map((a) => [a.id, a.name]));
  const accounts = [...byAccount.keys()].sort();
  const html = accounts
    .map((acct) => {
      const checks = [...byAccount.get(acct)!.entries()];
      const body = checks
        .map(([checkId, fs]) => {
          const f0 = fs[0]!;
          const failing = fs.filter((f) => f.status === 'FAIL').length;
          return `<details class="check" open><summary><span class="sev sev-${e(f0.severity)}">${e(f0.severity)}</span> <strong>${e(f0.title)}</strong> <code class="cid">${e(checkId)}</code> ${refs(f0)} <span class="count">${failing ? `${failing} failed` : `${fs.length}`}</span></summary><p class="why">Why it matters: ${e(f0.threat)}</p><ul class="findings">${fs.map(findingItem).join('')}</ul></details>`;
        })
        .join('');
      const name = names.get(acct);
      return `<details class="account" open data-account="${e(acct)}"><summary><h3>Account ${e(acct)}${name ? ` — ${e(name)}` : ''}</h3></summary>${body}</details>`;
    })
    .join('');
  return `<section id="findings"><h2>Findings by account and check</h2>${html || '<p>No findings.</p>'}</section>`;
}

function accountsTable(report: ScanReport): string {
  const rows = report.accounts
    .map((a) => {
      const s = a.summary ?? {};
      const status = a.status === 'NOT_ASSESSED' ? `<span class="badge s-NOT_ASSESSED">NOT ASSESSED</span> ${e(a.reason ?? '')}` : `${a.regions.length} regions`;
      return `<tr><td>${e(a.id)}</td><td>${e(a.name ?? '')}</td><td>${status}</td><td class="n">${s.takeoverPaths ?? 0}</td><td class="n">${s.FAIL ?? 0}</td><td class="n">${s.FAIL_critical ?? 0}</td><td class="n">${s.FAIL_high ?? 0}</td><td class="n">${s.NOT_ASSESSED ?? 0}</td><td class="n">${s.SUPPRESSED ?? 0}</td></tr>`;
    })
    .join('');
  return `<section id="accounts"><h2>Accounts <span class="count">${report.accounts.length}</span></h2><table><thead><tr><th>Account</th><th>Name</th><th>Scanned</th><th>Takeover paths</th><th>Failed</th><th>Critical</th><th>High</th><th>Not assessed</th><th>Suppressed</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function options(values: string[], all: string): string {
  return `<option value="">${e(all)}</option>` + values.map((v) => `<option value="${e(v)}">${e(v)}</option>`).join('');
}

function filters(report: ScanReport): string {
  const uniq = (k: keyof Finding) => [...new Set(report.findings.map((f) => String(f[k])))].sort();
  return `<div id="filters" role="search"><label>Severity <select id="f-sev">${options(SEVERITIES, 'any')}</select></label><label>Status <select id="f-status"><option value="open" selected>not passed</option>${options(STATUSES, 'any')}</select></label><label>Account <select id="f-account">${options(uniq('account'), 'any')}</select></label><label>Region <select id="f-region">${options(uniq('region'), 'any')}</select></label><label>Service <select id="f-service">${options(uniq('service'), 'any')}</select></label><label class="grow">Search <input id="f-search" type="search" placeholder="user, key, bucket, check…" autocomplete="off"></label><span id="shown" aria-live="polite"></span></div>`;
}

function changesBlock(report: ScanReport): string {
  const c = report.changes;
  if (!c) return '';
  return `<p class="changes" id="changes">Since scan #${c.previousScanId} (${e(c.previousScanAt.slice(0, 16).replace('T', ' '))} UTC): <b class="new">${c.new.length} new</b> · <b class="resolved">${c.resolved.length} resolved</b> · ${c.unchanged} unchanged${c.suppressed ? ` · ${c.suppressed} suppressed since` : ''}${c.notReassessed ? ` · ${c.notReassessed} not re-assessed` : ''}</p>`;
}

function expiredBlock(report: ScanReport): string {
  const x = report.suppressions?.expired ?? [];
  if (!x.length) return '';
  return `<div class="warn" id="expired"><b>${x.length} expired suppression(s) no longer apply:</b><ul>${x.map((s) => `<li>${e(s.source)} (expired ${e(s.expires)}): ${e(s.reason)}</li>`).join('')}</ul></div>`;
}

const CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--mute:#5b6474;--line:#e3e6eb}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--ink)}
header{background:#141a26;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}header .meta{color:#b8c0cc;font-size:13px}
.demo{background:#b0287a;color:#fff;border-radius:4px;padding:1px 6px;font-weight:700;margin-right:8px}
main{max-width:1180px;margin:0 auto;padding:18px 24px 60px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px;margin:16px 0}
h2{font-size:17px;margin:4px 0 10px}h3{display:inline;font-size:15px;margin:0}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px}.card span{color:var(--mute);font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start}.chart .lbl,.chart .num{font-size:12px;fill:#444}.chart .axis{stroke:#bbb}.chart circle{fill:#d9381e}
figure{margin:0}figcaption{font-size:12px;color:var(--mute)}
#filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:10px;align-items:end;background:#eef1f5;border:1px solid var(--line);border-radius:10px;padding:10px 14px}
#filters label{display:flex;flex-direction:column;font-size:12px;color:var(--mute)}#filters .grow{flex:1;min-width:200px}
#filters select,#filters input{font:inherit;padding:4px 6px;border:1px solid #c5cbd3;border-radius:6px;background:#fff}#shown{font-size:12px;color:var(--mute)}
ol.findings,ul.findings{list-style:none;margin:0;padding:0}.finding{border-top:1px solid var(--line);padding:8px 2px}
.line{display:flex;flex-wrap:wrap;gap:8px;align-items:center}.res{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all}
.region,.acct{color:var(--mute);font-size:12px}.rank{font-weight:700;width:1.6em}
.reason{margin:3px 0 0}.why{color:var(--mute);margin:2px 0 6px}
.badge{font-size:11px;font-weight:700;border-radius:4px;padding:1px 6px;color:#fff;background:#777}
.s-FAIL{background:#c0392b}.s-PASS{background:#2e8b57}.s-MANUAL{background:#b7791f}.s-NOT_ASSESSED{background:#6b46c1}.s-SUPPRESSED{background:#718096}
.sev{font-size:11px;font-weight:700;text-transform:uppercase;border-radius:4px;padding:1px 6px;border:1px solid currentColor}
.sev-critical{color:${SEV_COLOR.critical}}.sev-high{color:${SEV_COLOR.high}}.sev-medium{color:${SEV_COLOR.medium}}.sev-low{color:${SEV_COLOR.low}}.sev-info{color:${SEV_COLOR.info}}
.fix{margin-top:6px;background:#0f1420;color:#e6edf3;border-radius:8px;padding:6px 10px}.fixhead{display:flex;justify-content:space-between;font-size:11px;color:#9aa4b2}
.fix pre{margin:4px 0 2px;white-space:pre-wrap;word-break:break-all;font-size:12.5px}.copy{font:inherit;font-size:11px;border:1px solid #3b4556;background:#1d2433;color:#e6edf3;border-radius:5px;padding:1px 8px;cursor:pointer}
.console{margin-top:4px;color:var(--mute)}.supp{margin-top:4px;color:#4a5568;font-style:italic}.src{font-style:normal;color:var(--mute);font-size:11px}
details.account{border-top:2px solid var(--line);padding:6px 0}details.check{margin:6px 0 6px 14px}details summary{cursor:pointer}
.cid{font-size:11.5px;color:var(--mute)}.ref{font-size:11px;background:#eef1f5;border-radius:4px;padding:0 5px}.count{font-size:12px;color:var(--mute);font-weight:400}
table{border-collapse:collapse;width:100%}th,td{text-align:left;border-bottom:1px solid var(--line);padding:5px 8px;font-size:13px}td.n{text-align:right}
.changes .new{color:#c0392b}.changes .resolved{color:#2e8b57}.warn{background:#fff4e5;border:1px solid #f0c36d;border-radius:8px;padding:8px 12px;margin:10px 0}.ok{color:#2e8b57}.hint{color:var(--mute);margin-top:-6px}
.hidden{display:none!important}
`;

// Filters, search and copy. Reads text with textContent and never writes markup.
const SCRIPT = `
(function(){
  var $=function(id){return document.getElementById(id)};
  var sel={sev:$('f-sev'),status:$('f-status'),account:$('f-account'),region:$('f-region'),service:$('f-service')};
  var search=$('f-search');var items=[].slice.call(document.querySelectorAll('li.finding'));
  items.forEach(function(li){li._text=li.textContent.toLowerCase()});
  function apply(){
    var q=search.value.trim().toLowerCase();var shown=0;
    items.forEach(function(li){
      var d=li.dataset,st=sel.status.value;
      var ok=(!sel.sev.value||d.sev===sel.sev.value)&&(!st||(st==='open'?d.status!=='PASS':d.status===st))&&
        (!sel.account.value||d.account===sel.account.value)&&(!sel.region.value||d.region===sel.region.value)&&
        (!sel.service.value||d.service===sel.service.value)&&(!q||li._text.indexOf(q)>=0);
      li.classList.toggle('hidden',!ok);if(ok)shown++;
    });
    [].slice.call(document.querySelectorAll('details.check')).forEach(function(g){g.classList.toggle('hidden',!g.querySelector('li.finding:not(.hidden)'))});
    [].slice.call(document.querySelectorAll('details.account')).forEach(function(g){g.classList.toggle('hidden',!g.querySelector('li.finding:not(.hidden)'))});
    $('shown').textContent=shown+' of '+items.length+' shown';
  }
  Object.keys(sel).forEach(function(k){sel[k].addEventListener('change',apply)});search.addEventListener('input',apply);
  document.addEventListener('click',function(ev){
    var b=ev.target;if(!b||!b.classList||!b.classList.contains('copy'))return;
    var code=b.closest('.fix').querySelector('code').textContent;
    function done(){b.textContent='Copied';setTimeout(function(){b.textContent='Copy'},1500)}
    if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(code).then(done,fallback)}else fallback();
    function fallback(){var t=document.createElement('textarea');t.value=code;document.body.appendChild(t);t.select();try{document.execCommand('copy')}catch(e){}t.remove();done()}
  });
  apply();
})();
`;

export function renderScanHtml(report: ScanReport, trend: TrendPoint[] = []): string {
  const s = report.summary;
  const paths = report.findings.filter((f) => f.checkId === TAKEOVER && f.status === 'FAIL');
  const card = (n: number | undefined, label: string, id: string) => `<div class="card" id="card-${id}"><b>${n ?? 0}</b><span>${e(label)}</span></div>`;
  const title = `mamori scan — ${report.accounts.length === 1 ? `account ${report.accounts[0]!.id}` : `${report.accounts.length} accounts`}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(title)}</title><style>${CSS}</style></head>
<body><header><h1>${report.demo ? '<span class="demo">DEMO</span>' : ''}${e(title)}</h1><div class="meta">Generated ${e(report.generatedAt)} by ${e(report.tool)}${report.scanId !== undefined ? ` · scan #${report.scanId}` : ''}${report.demo ? ' · DEMO data, not a real account' : ''}</div></header>
<main>
<div class="cards">${card(s.takeoverPaths, 'takeover paths', 'paths')}${card(s.FAIL, 'failed', 'fail')}${card(s.FAIL_critical, 'critical', 'critical')}${card(s.FAIL_high, 'high', 'high')}${card(s.PASS, 'passed', 'pass')}${card(s.MANUAL, 'manual', 'manual')}${card(s.NOT_ASSESSED, 'not assessed', 'na')}${card(s.SUPPRESSED, 'suppressed', 'suppressed')}</div>
${changesBlock(report)}${expiredBlock(report)}
${takeoverSection(paths)}
<section id="charts"><h2>Overview</h2><div class="charts"><figure><figcaption>Failed findings by severity</figcaption>${severityChart(report)}</figure>${trendChart(trend)}</div></section>
${report.accounts.length > 1 || report.accounts.some((a) => a.status === 'NOT_ASSESSED') ? accountsTable(report) : ''}
${filters(report)}
${groupedSection(report)}
</main><script>${SCRIPT}</script></body></html>
`;
}
