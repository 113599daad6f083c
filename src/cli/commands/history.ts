/**
 * `mamori history` lists the stored scans; `mamori diff [A] [B]` shows what
 * changed between two of them (default: the last two complete scans).
 */
import { Command } from 'commander';
import { jsonText, stripControl } from '../../report/sanitize.js';
import { style, useColor } from '../../report/style.js';

/** Help of every `--db` option (store.ts's defaultDbPath, not imported: it would load SQLite). */
export const DB_HELP = 'store path (default ~/.mamori/mamori.db, or MAMORI_DB)';

const id = (v: string) => {
  const n = Number.parseInt(v, 10);
  if (!Number.isInteger(n) || n < 1 || String(n) !== v) throw new Error(`"${v}" is not a scan id (see mamori history)`);
  return n;
};

export function register(program: Command): void {
  program
    .command('history')
    .description('List the stored scans, newest first')
    .option('--db <path>', DB_HELP)
    .option('--limit <n>', 'how many scans', (v: string) => Number.parseInt(v, 10), 20)
    .option('--json', 'machine-readable output')
    .action(async (o: { db?: string; limit: number; json?: boolean }) => {
      // The store (SQLite) loads when a command runs, not when the program is built.
      const [{ openDatabase, defaultDbPath }, { ScanStore }] = await Promise.all([import('../../store/store.js'), import('../../store/scans.js')]);
      const db = openDatabase(o.db ?? defaultDbPath());
      try {
        const scans = new ScanStore(db).list(o.limit);
        if (o.json) return void process.stdout.write(jsonText(scans, 2));
        if (!scans.length) return void process.stdout.write('No scans stored yet. Run `mamori scan`.\n');
        const lines = [`${'id'.padStart(5)}  ${'started (UTC)'.padEnd(17)}  ${'status'.padEnd(11)}  ${'accounts'.padEnd(16)}  ${'paths'.padStart(5)}  ${'failed'.padStart(6)}  ${'crit'.padStart(4)}  ${'high'.padStart(4)}`];
        for (const s of scans) {
          const m = s.summary ?? {};
          const accounts = s.accounts.length === 1 ? s.accounts[0]! : `${s.accounts.length} accounts`;
          lines.push(
            `${String(s.id).padStart(5)}  ${s.startedAt.slice(0, 16).replace('T', ' ').padEnd(17)}  ${stripControl(s.status).padEnd(11)}  ${(stripControl(accounts) + (s.demo ? ' DEMO' : '')).padEnd(16)}  ${String(m.takeoverPaths ?? '-').padStart(5)}  ${String(m.FAIL ?? '-').padStart(6)}  ${String(m.FAIL_critical ?? '-').padStart(4)}  ${String(m.FAIL_high ?? '-').padStart(4)}`,
          );
        }
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        db.close();
      }
    });

  program
    .command('diff')
    .description('What changed between two stored scans (default: the last two complete scans)')
    .argument('[from]', 'older scan id', id)
    .argument('[to]', 'newer scan id', id)
    .option('--db <path>', DB_HELP)
    .option('--json', 'machine-readable output')
    .action(async (from: number | undefined, to: number | undefined, o: { db?: string; json?: boolean }) => {
      const [{ openDatabase, defaultDbPath }, { ScanStore }, { diffScans }] = await Promise.all([import('../../store/store.js'), import('../../store/scans.js'), import('../../scan/history.js')]);
      const db = openDatabase(o.db ?? defaultDbPath());
      try {
        const store = new ScanStore(db);
        if (from === undefined || to === undefined) {
          const complete = store.list(1000).filter((s) => s.status === 'complete');
          if (from !== undefined) {
            // One id given: compare it with the newest complete scan after it.
            const after = complete.find((s) => s.id > from!); // newest first
            if (!after) throw new Error(`no complete scan after #${from} to compare with`);
            to = after.id;
          } else {
            if (complete.length < 2) throw new Error('diff needs two complete scans in the store');
            to = complete[0]!.id;
            from = complete[1]!.id;
          }
        }
        const d = diffScans(store, from!, to);
        if (o.json) return void process.stdout.write(jsonText({ from: d.previousScanId, to: d.scanId, new: d.newFindings, resolved: d.resolved, unchanged: d.unchanged, suppressed: d.suppressed, notReassessed: d.notReassessed }, 2));
        const s = style(useColor());
        const c = stripControl;
        const out = [`${s.bold(`mamori diff #${d.previousScanId} → #${d.scanId}`)}: ${s.red(`${d.new.length} new`)} · ${s.green(`${d.resolved.length} resolved`)} · ${d.unchanged} unchanged${d.suppressed ? ` · ${d.suppressed} suppressed since` : ''}${d.notReassessed ? ` · ${d.notReassessed} not re-assessed` : ''}`];
        if (d.newFindings.length) out.push('', s.bold('New'), ...d.newFindings.map((f) => `  ${s.red('+')} ${f.severity.toUpperCase().padEnd(8)} ${c(f.checkId)} ${c(f.account)} ${f.region === 'global' ? '' : `[${c(f.region)}] `}${c(f.reason)}`));
        if (d.resolved.length) out.push('', s.bold('Resolved'), ...d.resolved.map((f) => `  ${s.green('-')} ${f.severity.toUpperCase().padEnd(8)} ${c(f.checkId)} ${c(f.account)} ${f.region === 'global' ? '' : `[${c(f.region)}] `}${c(f.resource)} (${f.now === 'gone' ? 'resource gone' : 'now passes'})`));
        process.stdout.write(out.join('\n') + '\n');
      } finally {
        db.close();
      }
    });
}
