/**
 * `mamori secrets`: find credentials in files, the index and history; keep
 * them out with git hooks. Thin over src/secrets/.
 */
import { Command, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanSecrets, type ScanMode, type ScanResult } from '../../secrets/scan.js';
import { toJson, toSecretsSarif, toTerminal } from '../../secrets/report.js';
import { BASELINE_FILE, writeBaseline } from '../../secrets/allow.js';
import { installHooks, uninstallHooks, type HookName } from '../../secrets/hook.js';
import { repoRoot } from '../../secrets/git.js';
import { jsonText, stripControl } from '../../report/sanitize.js';

interface ScanFlags {
  staged?: boolean;
  history?: boolean;
  since?: string;
  prePush?: boolean;
  ignore: boolean;
  format: 'terminal' | 'json' | 'sarif';
  output?: string;
  maxSize: string;
  config?: string;
  baseline?: string;
  verify?: boolean;
  region?: string;
  showAllowed?: boolean;
  rules?: string;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * git gives a pre-push hook its refs on stdin; the pre-commit framework
 * instead sets PRE_COMMIT_FROM_REF (remote side) and PRE_COMMIT_TO_REF (local).
 */
async function pushRefs(): Promise<string> {
  const { PRE_COMMIT_FROM_REF: from, PRE_COMMIT_TO_REF: to } = process.env;
  if (to) return `local ${to} remote ${from || '0'.repeat(40)}\n`;
  return process.stdin.isTTY ? '' : (await readStdin()).toString('utf8');
}

function modeOf(paths: string[], f: Pick<ScanFlags, 'staged' | 'history' | 'prePush' | 'since'>): ScanMode {
  const chosen = [f.staged && '--staged', f.history && '--history', f.prePush && '--pre-push', paths.includes('-') && '-'].filter(Boolean);
  if (chosen.length > 1) throw new Error(`choose one of ${chosen.join(', ')}`);
  if (f.since && !f.history) throw new Error('--since only applies to --history');
  if (paths.length && (f.staged || f.history || f.prePush)) throw new Error('paths apply to the working tree scan only');
  if (paths.includes('-') && paths.length > 1) throw new Error('"-" (stdin) cannot be combined with paths');
  return f.staged ? 'staged' : f.history ? 'history' : f.prePush ? 'pre-push' : paths.includes('-') ? 'stdin' : 'tree';
}

function maxSizeBytes(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--max-size must be a positive number of MiB, got ${stripControl(v)}`);
  return Math.round(n * 1048576);
}

async function runScan(paths: string[], f: ScanFlags, ignoreAllowances = false): Promise<ScanResult> {
  const mode = modeOf(paths, f);
  return scanSecrets({
    mode,
    paths,
    noIgnore: !f.ignore,
    ...(f.since ? { since: f.since } : {}),
    ...(mode === 'stdin' ? { input: await readStdin() } : {}),
    ...(mode === 'pre-push' ? { pushRefs: await pushRefs() } : {}),
    maxSize: maxSizeBytes(f.maxSize),
    ...(f.config ? { configFile: f.config } : {}),
    ...(f.baseline ? { baselineFile: f.baseline } : {}),
    ignoreAllowances,
    ...(f.rules ? { rules: f.rules.split(',').map((r) => r.trim()).filter(Boolean) } : {}),
  });
}

const formatOption = () => new Option('--format <format>', 'output format').choices(['terminal', 'json', 'sarif']).default('terminal');
const sourceOptions = (c: Command) =>
  c
    .option('--staged', 'scan exactly what is staged (the index), not the working tree')
    .option('--history', 'scan every blob reachable from any ref, each once')
    .option('--since <rev>', 'with --history: only what is not reachable from <rev>')
    .option('--pre-push', 'scan the commits a pre-push hook is pushing (refs on stdin)')
    .option('--no-ignore', 'walk every file, ignoring .gitignore')
    .option('--max-size <MiB>', 'skip files larger than this', '10')
    .option('--rules <ids>', 'only these detector rules, comma-separated (default: all)')
    .option('--config <file>', '.mamori.yml to read (default: at the repository root)')
    .option('--baseline <file>', `baseline to read (default: ${BASELINE_FILE} at the repository root)`);

export function register(program: Command): void {
  const secrets = program.command('secrets').description('Find AWS keys and other credentials in files, staged changes and git history; install the hook.');

  sourceOptions(
    secrets
      .command('scan')
      .description('scan the working tree (default), stdin ("-"), the index (--staged) or history (--history); exit 1 while an unallowed finding remains')
      .argument('[paths...]', 'files or directories ("-" reads stdin)'),
  )
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--verify', 'ask AWS STS (GetCallerIdentity) whether each found key id + secret pair is live; never done by default')
    .option('--region <region>', 'STS region for --verify', 'us-east-1')
    .option('--show-allowed', 'also list allowed findings (terminal format)')
    .action(async (paths: string[], f: ScanFlags) => {
      const result = await runScan(paths, f);
      // Loaded only when asked: the AWS SDK would slow down every hook run.
      if (f.verify) await (await import('../../secrets/verify.js')).verifyAwsKeys(result.findings, { ...(f.region ? { region: f.region } : {}) });
      const text =
        f.format === 'json'
          ? jsonText(toJson(result), 2)
          : f.format === 'sarif'
            ? jsonText(toSecretsSarif(result), 2)
            : toTerminal(result, { color: !f.output && process.stdout.isTTY === true, showAllowed: f.showAllowed ?? false });
      if (f.output) await writeFile(f.output, text);
      else process.stdout.write(text);
      if (f.format !== 'terminal' && f.output) process.stderr.write(`${result.summary.failing} failing finding(s); report written to ${stripControl(f.output)}\n`);
      process.exitCode = result.summary.failing > 0 ? 1 : 0;
    });

  sourceOptions(
    secrets
      .command('baseline')
      .description(`record the fingerprints of today's findings so that only new ones fail (writes ${BASELINE_FILE})`)
      .argument('[paths...]', 'files or directories'),
  )
    .option('-o, --output <file>', `baseline file (default: ${BASELINE_FILE} at the repository root)`)
    .action(async (paths: string[], f: ScanFlags) => {
      const result = await runScan(paths, f, true);
      const out = f.output ? resolve(f.output) : join(result.base, BASELINE_FILE);
      const entries = result.findings
        .filter((x) => !x.example && !x.allowed && x.severity !== 'info')
        .map((x) => ({ fingerprint: x.fingerprint, rule: x.rule, path: x.path, line: x.line, secret: x.secret }));
      await writeBaseline(out, entries);
      process.stdout.write(`${entries.length} finding(s) recorded in ${stripControl(out)}. Commit it; rotate these secrets anyway — a baseline hides them, it does not revoke them.\n`);
    });

  const hook = secrets.command('hook').description('install or remove the git hooks (pre-commit scans the index, pre-push scans pushed commits)');
  const hookOpts = (c: Command) =>
    c
      .option('--force', 'replace (or remove) hooks that mamori did not write')
      .addOption(new Option('--only <hook>', 'just one hook').choices(['pre-commit', 'pre-push']));
  hookOpts(hook.command('install').description('install pre-commit and pre-push hooks in this repository')).action(async (f: { force?: boolean; only?: HookName }) => {
    if (!(await repoRoot(process.cwd()))) throw new Error('not inside a git work tree');
    const cli = fileURLToPath(new URL('../main.js', import.meta.url));
    const changes = await installHooks(process.cwd(), { cli, ...(f.force ? { force: true } : {}), ...(f.only ? { hooks: [f.only] } : {}) });
    for (const c of changes) process.stdout.write(`${c.hook}: ${c.action} (${stripControl(c.path)})\n`);
  });
  hookOpts(hook.command('uninstall').description('remove the hooks mamori installed')).action(async (f: { force?: boolean; only?: HookName }) => {
    if (!(await repoRoot(process.cwd()))) throw new Error('not inside a git work tree');
    const changes = await uninstallHooks(process.cwd(), { ...(f.force ? { force: true } : {}), ...(f.only ? { hooks: [f.only] } : {}) });
    for (const c of changes) process.stdout.write(`${c.hook}: ${c.action === 'not-ours' ? 'left alone (not a mamori hook; --force removes it)' : c.action} (${stripControl(c.path)})\n`);
  });
}
