/**
 * `mamori secrets scan` as a library: where the content comes from (working
 * tree, index, history, pushed commits, stdin), turning detector matches into
 * located findings, and applying what the team allowed.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isAscii, isUtf8 } from 'node:buffer';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { findSecretsInBytes, mask, type TextWindow, type WindowFinding } from './detect.js';
import { RULES, ruleById, type Rule, type Severity } from './rules/index.js';
import { catFileBatch, git, GitError, isRepository, repoRoot, streamRecords } from './git.js';
import { CONFIG_FILE } from '../config/errors.js';
import { BASELINE_FILE, INLINE_ALLOW, loadSecretsConfig, matchAllow, readBaseline, type SecretsConfig } from './allow.js';

export type ScanMode = 'tree' | 'stdin' | 'staged' | 'history' | 'pre-push';

export interface CommitInfo {
  id: string;
  author: string;
  email: string;
  date: string;
}

export interface Finding {
  rule: string;
  title: string;
  severity: Severity;
  path: string;
  line: number;
  column: number;
  /** Masked: first and last four characters. */
  secret: string;
  example: boolean;
  aws?: { keyId: string; kind: string; account?: string };
  pairedKeyId?: string;
  /** Stable id of (rule, path, secret): what baselines and allow entries match. */
  fingerprint: string;
  /** History and pre-push: the commit that introduced the blob. */
  commit?: CommitInfo;
  blob?: string;
  allowed?: { by: 'inline' | 'config' | 'baseline'; reason: string };
  verification?: { status: 'live' | 'invalid' | 'unknown'; arn?: string; account?: string; detail?: string };
}

export interface ScanSummary {
  mode: ScanMode;
  /** Files (or blobs) whose content was scanned. */
  scanned: number;
  bytes: number;
  /** Files or blobs not scanned, by reason. */
  skipped: Record<string, number>;
  /** A few examples per reason, so a user can see what was left out. */
  skippedExamples: { path: string; reason: string }[];
  findings: number;
  /** Findings that make the run fail: not allowed, not examples, not informational. */
  failing: number;
  allowed: number;
  examples: number;
  durationMs: number;
}

export interface ScanResult {
  findings: Finding[];
  summary: ScanSummary;
  /** Where relative paths are anchored: the repository root, or the working directory outside a repository. */
  base: string;
}

export interface ScanOptions {
  mode: ScanMode;
  /** Working directory; defaults to process.cwd(). */
  cwd?: string;
  /** Tree mode: files or directories to scan (default: the working directory). */
  paths?: string[];
  /** Tree mode: walk everything, ignoring .gitignore. */
  noIgnore?: boolean;
  /** History mode: only what is not reachable from this revision. */
  since?: string;
  /** Pre-push mode: the lines git passes a pre-push hook on stdin. */
  pushRefs?: string;
  /** Stdin mode: the content. */
  input?: Buffer;
  /** Files larger than this are skipped (bytes). */
  maxSize?: number;
  /** .mamori.yml to read (default: <base>/.mamori.yml if present). */
  configFile?: string;
  /** Baseline to read (default: the config's, else <base>/.mamori-secrets-baseline.json if present). */
  baselineFile?: string;
  /** Threads for a large working-tree scan (default: the CPUs the load average leaves idle, 1 to 4; 1 = no workers). */
  workers?: number;
  /** Files per extra thread below which no worker is started (tests lower it). */
  minFilesPerWorker?: number;
  /** Only these rule ids (default: every rule). */
  rules?: string[];
  /** Skip config and baseline (used to write a baseline). */
  ignoreAllowances?: boolean;
}

export const DEFAULT_MAX_SIZE = 10 * 1024 * 1024;
const EXAMPLES_PER_REASON = 5;

/** The raw secret behind a finding, for `--verify` only; never serialised. */
const RAW = new WeakMap<Finding, string>();
export const rawSecret = (f: Finding): string | undefined => RAW.get(f);

export function fingerprint(rule: string, path: string, value: string): string {
  return createHash('sha256').update(`${rule}\0${path}\0${value}`).digest('hex').slice(0, 32);
}

export interface FilePart {
  findings: Finding[];
  raws: string[];
  skipped: [string, number][];
  skippedExamples: { path: string; reason: string }[];
  scanned: number;
  bytes: number;
}

/** A file to read: absolute path, path as reported, whether to follow a symlink, whether the walk saw a regular file there. */
export type FileItem = [abs: string, shown: string, follow: boolean, regular: boolean];

/** Scans a list of files on this thread (the tree worker's entry point). */
export function scanFileList(items: FileItem[], maxSize: number, ruleIds?: string[]): FilePart {
  const c = new Collector(maxSize, ruleIds ? selectRules(ruleIds) : undefined);
  readAll(c, items);
  return c.part();
}

function readAll(c: Collector, items: FileItem[]): void {
  for (const [abs, shown, follow, regular] of items) {
    if (regular) readRegular(c, abs, shown);
    else readOne(c, abs, shown, follow);
  }
}

class Collector {
  readonly findings: Finding[] = [];
  readonly skipped = new Map<string, number>();
  readonly skippedExamples: { path: string; reason: string }[] = [];
  scanned = 0;
  bytes = 0;
  constructor(
    readonly maxSize: number,
    private readonly rules?: readonly Rule[],
  ) {}

  /** Adds what a worker thread collected. */
  merge(part: FilePart): void {
    part.findings.forEach((f, i) => {
      RAW.set(f, part.raws[i]!);
      this.findings.push(f);
    });
    for (const [reason, n] of part.skipped) {
      const before = this.skipped.get(reason) ?? 0;
      this.skipped.set(reason, before + n);
    }
    for (const e of part.skippedExamples) if (this.skippedExamples.filter((x) => x.reason === e.reason).length < EXAMPLES_PER_REASON) this.skippedExamples.push(e);
    this.scanned += part.scanned;
    this.bytes += part.bytes;
  }

  /** What a worker thread sends back: findings travel with their raw values, which structured clone would otherwise drop. */
  part(): FilePart {
    return {
      findings: this.findings,
      raws: this.findings.map((f) => RAW.get(f)!),
      skipped: [...this.skipped],
      skippedExamples: this.skippedExamples,
      scanned: this.scanned,
      bytes: this.bytes,
    };
  }

  skip(path: string, reason: string): void {
    const n = (this.skipped.get(reason) ?? 0) + 1;
    this.skipped.set(reason, n);
    if (n <= EXAMPLES_PER_REASON) this.skippedExamples.push({ path, reason });
  }

  /** Scans one file's or blob's bytes; returns the findings it added. */
  content(path: string, buf: Buffer, extra: { commit?: CommitInfo; blob?: string } = {}): Finding[] {
    if (buf.length > this.maxSize) return this.skip(path, 'too-large'), [];
    if (buf.subarray(0, 8000).includes(0)) return this.skip(path, 'binary'), [];
    const ascii = isAscii(buf);
    if (!ascii && !isUtf8(buf)) return this.skip(path, 'invalid-utf8'), [];
    this.scanned++;
    this.bytes += buf.length;
    const { windows, found } = findSecretsInBytes(buf, ascii, { includeInfo: true, ...(this.rules ? { rules: this.rules } : {}) });
    if (found.length === 0) return [];
    const out = locate(windows, path, found, extra);
    this.findings.push(...out);
    return out;
  }
}

/**
 * Turns offsets into line/column, checks the inline allow comment, masks.
 * A window holding a finding is whole lines, so the finding's line lies inside it.
 */
function locate(windows: TextWindow[], path: string, found: WindowFinding[], extra: { commit?: CommitInfo; blob?: string }): Finding[] {
  const out: Finding[] = [];
  let w = -1;
  let line = 0;
  let lineStart = 0;
  let pos = 0;
  let text = '';
  for (const { finding: m, window } of found) {
    if (window !== w) {
      // Findings arrive sorted by offset and windows are in order, so each window's lines are counted once.
      w = window;
      text = windows[w]!.text;
      line = windows[w]!.line;
      lineStart = 0;
      pos = 0;
    }
    const at = m.index - windows[w]!.start;
    for (let nl = text.indexOf('\n', pos); nl >= 0 && nl < at; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    pos = lineStart;
    const lineEnd = text.indexOf('\n', at);
    const lineText = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
    const rule = ruleById(m.rule)!;
    const f: Finding = {
      rule: m.rule,
      title: rule.title,
      severity: m.severity,
      path,
      line,
      column: at - lineStart + 1,
      secret: m.aws ? m.value : mask(m.value),
      example: m.example,
      ...(m.aws ? { aws: m.aws } : {}),
      ...(m.pairedKeyId ? { pairedKeyId: m.pairedKeyId } : {}),
      fingerprint: fingerprint(m.rule, path, m.value),
      ...(extra.commit ? { commit: extra.commit } : {}),
      ...(extra.blob ? { blob: extra.blob } : {}),
      ...(lineText.includes(INLINE_ALLOW) ? { allowed: { by: 'inline' as const, reason: inlineReason(lineText) } } : {}),
    };
    RAW.set(f, m.value);
    out.push(f);
  }
  return out;
}

function inlineReason(line: string): string {
  const after = line.slice(line.indexOf(INLINE_ALLOW) + INLINE_ALLOW.length).replace(/^[\s:]+/, '').replace(/\s*(?:\*\/|-->|#\}|%>)\s*$/, '').trim();
  return after || 'inline mamori:allow';
}

const toSlash = (p: string) => (sep === '\\' ? p.replace(/\\/g, '/') : p);

/**
 * Reads one file synchronously: the scan is CPU-bound on one thread, and a
 * sync open/fstat/read/close costs a fraction of the promise-based calls.
 * O_NOFOLLOW refuses symlinks in the same syscall (ELOOP), O_NONBLOCK keeps a
 * FIFO from blocking the open.
 */
function readOne(c: Collector, abs: string, shown: string, followLinks: boolean): void {
  let fd: number | undefined;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK | (followLinks ? 0 : (constants.O_NOFOLLOW ?? 0)));
    const st = fstatSync(fd);
    if (st.isDirectory()) return c.skip(shown, 'directory');
    if (!st.isFile()) return c.skip(shown, 'not-a-file');
    if (st.size > c.maxSize) return c.skip(shown, 'too-large');
    // One buffer reused for every file: the content is scanned before the next read and
    // nothing keeps a reference to it, so a tree scan does not churn the garbage collector.
    if (st.size > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(st.size, scratch.length * 2));
    const buf = scratch.subarray(0, st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, null);
      if (n === 0) break;
      got += n;
    }
    c.content(shown, got === st.size ? buf : buf.subarray(0, got));
  } catch (e) {
    c.skip(shown, skipReason((e as NodeJS.ErrnoException).code, followLinks));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

let scratch = Buffer.allocUnsafeSlow(1 << 20);

const NO_FOLLOW = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0);

/**
 * A file the walk listed as a regular file: read without asking its size
 * first. One fstat and its Stats object per file were ~15% of a tree scan's
 * reading cost, and the directory entry already said what it is. A read that
 * returns fewer bytes than asked is the end of a regular file; the buffer
 * grows until the file ends or is known to be over the size limit. Should the
 * entry have been replaced since (a FIFO opens non-blocking, a directory
 * fails the read), the error is counted like any other.
 */
function readRegular(c: Collector, abs: string, shown: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(abs, NO_FOLLOW);
    let got = 0;
    for (;;) {
      if (got === scratch.length) {
        if (got > c.maxSize) break;
        const bigger = Buffer.allocUnsafeSlow(Math.min(scratch.length * 2, c.maxSize + 1));
        scratch.copy(bigger, 0, 0, got);
        scratch = bigger;
      }
      const want = scratch.length - got;
      const n = readSync(fd, scratch, got, want, null);
      got += n;
      if (n < want) break;
    }
    if (got > c.maxSize) c.skip(shown, 'too-large');
    else c.content(shown, scratch.subarray(0, got));
  } catch (e) {
    c.skip(shown, skipReason((e as NodeJS.ErrnoException).code, false));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function skipReason(code: string | undefined, followLinks: boolean): string {
  if (code === 'ELOOP') return followLinks ? 'symlink-loop' : 'symlink';
  if (code === 'EISDIR') return 'directory';
  if (code === 'EAGAIN') return 'not-a-file';
  return code === 'ENOENT' ? 'missing' : code === 'EACCES' || code === 'EPERM' ? 'unreadable' : `unreadable (${code ?? 'error'})`;
}

/**
 * Every regular file under `dir` (absolute and normalized), not following
 * symlinks (so loops cannot trap the walk), skipping .git; `shown` is the
 * directory as reported, ending in "/" (or empty). Paths are joined by
 * concatenation: entry names hold no separator, and path.join's
 * normalization was half of the walk's time.
 */
function walk(dir: string, shown: string, out: FileItem[], c: Collector): void {
  let entries;
  try {
    // Synchronous: an await per directory leaves the thread idle between thousands of tiny calls.
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    return c.skip(shown.slice(0, -1) || '.', (e as NodeJS.ErrnoException).code === 'EACCES' ? 'unreadable' : `unreadable (${(e as NodeJS.ErrnoException).code})`);
  }
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const e of entries) {
    if (e.isFile()) out.push([prefix + e.name, shown + e.name, false, true]);
    else if (e.isDirectory()) {
      if (e.name !== '.git') walk(prefix + e.name, `${shown}${e.name}/`, out, c);
    } else c.skip(shown + e.name, e.isSymbolicLink() ? 'symlink' : 'not-a-file');
  }
}

async function scanTree(
  c: Collector,
  cwd: string,
  base: string,
  paths: string[],
  noIgnore: boolean,
  par: { workers: number; minFiles: number },
  ruleIds?: string[],
): Promise<void> {
  const items = await listFiles(c, cwd, base, paths, noIgnore);
  // A worker takes ~100 ms to start: only lists long enough to share get them (started
  // beforehand, they cost a small scan ~40 ms of wall time and gained nothing on a large one).
  const threads = Math.min(par.workers, Math.ceil(items.length / par.minFiles));
  if (threads <= 1) return readAll(c, items);
  // Interleaved slices keep the threads' loads similar; this thread takes slice 0.
  const slices = Array.from({ length: threads }, (_, k) => items.filter((_, i) => i % threads === k));
  const pending = slices.slice(1).map((slice) => runWorker(slice, c.maxSize, ruleIds));
  readAll(c, slices[0]!);
  for (const part of await Promise.all(pending)) c.merge(part);
}

/** The files to read under `paths`: git's list in a repository (unless `noIgnore`), otherwise a walk. */
async function listFiles(c: Collector, cwd: string, base: string, paths: string[], noIgnore: boolean): Promise<FileItem[]> {
  const listed: string[] = [];
  const walked: FileItem[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const shown = toSlash(relative(base, abs)) || '.';
    let st;
    try {
      st = await stat(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      c.skip(shown, code === 'ELOOP' ? 'symlink-loop' : code === 'ENOENT' ? 'missing' : 'unreadable');
      continue;
    }
    if (!st.isDirectory()) {
      listed.push(abs);
      continue;
    }
    const root = noIgnore ? undefined : await repoRoot(abs);
    if (root) {
      const out = await git(abs, ['ls-files', '-co', '--exclude-standard', '-z']);
      for (const rel of out.toString('utf8').split('\0')) if (rel) listed.push(join(abs, rel));
    } else walk(abs, shown === '.' ? '' : `${shown}/`, walked, c);
  }
  if (!listed.length) return walked;
  // Named files are read even through a symlink; walked ones never follow links. Listed by
  // git or named, a file's type is not known yet (a named path may be a FIFO or a link to follow).
  const named = new Set(paths.map((p) => resolve(cwd, p)));
  const prefix = base.endsWith(sep) ? base : base + sep;
  const shownPath = (abs: string) => (abs.startsWith(prefix) && !abs.includes(`${sep}..`) && !abs.includes(`${sep}.${sep}`) ? toSlash(abs.slice(prefix.length)) : toSlash(relative(base, abs)));
  const seen = new Set(walked.map(([abs]) => abs));
  for (const abs of new Set(listed)) if (!seen.has(abs)) walked.push([abs, shownPath(abs), named.has(abs), false]);
  return walked;
}

/** Files per thread below which starting a worker costs more than it saves. */
const PER_WORKER_MIN = 1500;

function runWorker(items: FileItem[], maxSize: number, ruleIds: string[] | undefined): Promise<FilePart> {
  return new Promise((resolveP, reject) => {
    const w = new Worker(new URL('./tree-worker.js', import.meta.url), { workerData: { items, maxSize, ruleIds } });
    w.once('message', (part: FilePart) => resolveP(part));
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`secret scan worker exited with ${code}`)));
  });
}

const STAGED_DIFF = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--diff-filter=ACMRT'];

/** The index, exactly: blob ids from `git diff --cached` (`diff`, started by the caller), content from one `cat-file --batch`. */
async function scanStaged(c: Collector, root: string, diff: Promise<Buffer>): Promise<void> {
  const raw = await diff;
  const tokens = raw.toString('utf8').split('\0');
  const paths = new Map<string, string[]>();
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const [, newMode, , oid] = tokens[i]!.replace(/^\n?:/, '').split(' ');
    const path = tokens[i + 1]!;
    if (newMode === '160000') continue; // a submodule pointer, no content here
    if (newMode === '120000') {
      c.skip(path, 'symlink');
      continue;
    }
    paths.set(oid!, [...(paths.get(oid!) ?? []), path]);
  }
  await catFileBatch(root, [...paths.keys()], c.maxSize, (o) => {
    for (const p of paths.get(o.oid) ?? []) {
      if (!o.data) c.skip(p, o.type === 'missing' ? 'missing' : 'too-large');
      else c.content(p, o.data);
    }
  });
}

/**
 * Blobs reachable from `revs` (minus `exclude`), each distinct blob read once.
 * Findings are then attributed to the commit that introduced their blob.
 */
async function scanObjects(c: Collector, root: string, revs: string[], exclude: string[]): Promise<void> {
  const revArgs = [...revs, ...(exclude.length ? ['--not', ...exclude] : [])];
  const pathOf = new Map<string, string>();
  await streamRecords(root, ['rev-list', '--objects', '--filter=object:type=blob', ...revArgs], 10, (line) => {
    const sp = line.indexOf(' ');
    if (sp < 0) return; // a commit
    const oid = line.slice(0, sp);
    if (!pathOf.has(oid)) pathOf.set(oid, line.slice(sp + 1));
  });
  const byBlob = new Map<string, Finding[]>();
  await catFileBatch(root, [...pathOf.keys()], c.maxSize, (o) => {
    const path = pathOf.get(o.oid)!;
    if (o.type !== 'blob') return;
    if (!o.data) return c.skip(path, 'too-large');
    const found = c.content(path, o.data, { blob: o.oid });
    if (found.length) byBlob.set(o.oid, found);
  });
  if (byBlob.size) await attribute(root, revArgs, byBlob);
}

/** Names the oldest commit that added each blob (git log walks newest first, so the last seen wins). */
async function attribute(root: string, revArgs: string[], byBlob: Map<string, Finding[]>): Promise<void> {
  const intro = new Map<string, { commit: CommitInfo; path: string }>();
  let commit: CommitInfo | undefined;
  let header: string[] | undefined;
  let meta: string[] | undefined;
  await streamRecords(root, ['log', '--format=%x01%H%x00%an%x00%ae%x00%aI', '--raw', '--no-abbrev', '--no-renames', '--root', '-z', ...revArgs], 0, (tok) => {
    if (header) {
      header.push(tok);
      if (header.length === 4) {
        commit = { id: header[0]!, author: header[1]!, email: header[2]!, date: header[3]! };
        header = undefined;
      }
      return;
    }
    if (tok.startsWith('\x01')) {
      header = [tok.slice(1)];
      return;
    }
    if (meta) {
      const [, , , oid, status] = meta;
      meta = undefined;
      if (commit && status !== 'D' && byBlob.has(oid!)) intro.set(oid!, { commit, path: tok });
      return;
    }
    const t = tok.replace(/^\n+/, '');
    if (t.startsWith(':')) meta = t.slice(1).split(' ');
  });
  for (const [oid, findings] of byBlob) {
    const i = intro.get(oid);
    if (!i) continue;
    for (const f of findings) {
      f.commit = i.commit;
      if (f.path !== i.path) {
        // Same blob at another path: report where it was introduced.
        f.path = i.path;
        const raw = RAW.get(f)!;
        f.fingerprint = fingerprint(f.rule, f.path, raw);
      }
    }
  }
}

const ZERO = /^0+$/;

/** What a pre-push hook receives: "<local ref> <local sha> <remote ref> <remote sha>" per line. */
export function parsePushRefs(text: string): { revs: string[]; exclude: string[] } {
  const revs: string[] = [];
  const exclude: string[] = [];
  for (const line of text.split('\n')) {
    const [, local, , remote] = line.trim().split(/\s+/);
    if (!local || ZERO.test(local)) continue; // a deletion pushes no content
    revs.push(local);
    if (remote && !ZERO.test(remote)) exclude.push(remote);
  }
  return { revs, exclude };
}

async function existing(root: string, oids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const o of oids) {
    try {
      await git(root, ['cat-file', '-e', `${o}^{commit}`]);
      out.push(o);
    } catch {
      // The remote has commits we never fetched; --remotes below still excludes what we know.
    }
  }
  return out;
}

function needRepo(cwd: string, root: string | undefined): string {
  if (!root) throw new GitError(`${cwd} is not inside a git work tree`);
  return root;
}

export async function scanSecrets(o: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const cwd = resolve(o.cwd ?? process.cwd());
  const c = new Collector(o.maxSize ?? DEFAULT_MAX_SIZE, o.rules ? selectRules(o.rules) : undefined);
  // The hook's path (--staged) must feel instant: ask git for the index diff while it
  // finds the repository root, rather than one process after the other. `git diff
  // --cached` prints paths from the root whatever the directory it runs in.
  const staged = o.mode === 'staged' ? git(cwd, STAGED_DIFF) : undefined;
  staged?.catch(() => {}); // outside a repository the root check below reports it
  const root = await repoRoot(cwd);
  const base = root ?? cwd;
  switch (o.mode) {
    case 'stdin':
      c.content('-', o.input ?? Buffer.alloc(0));
      break;
    case 'tree':
      await scanTree(
        c,
        cwd,
        base,
        o.paths?.length ? o.paths : ['.'],
        o.noIgnore ?? false,
        { workers: o.workers ?? defaultWorkers(), minFiles: o.minFilesPerWorker ?? PER_WORKER_MIN },
        o.rules,
      );
      break;
    case 'staged':
      await scanStaged(c, needRepo(cwd, root), staged!);
      break;
    case 'history': {
      // A bare repository (a mirror, a server-side copy) has history but no work tree.
      const r = root ?? ((await isRepository(cwd)) ? cwd : needRepo(cwd, root));
      await scanObjects(c, r, ['--all'], o.since ? [o.since] : []);
      break;
    }
    case 'pre-push': {
      const r = needRepo(cwd, root);
      const { revs, exclude } = parsePushRefs(o.pushRefs ?? '');
      if (revs.length) await scanObjects(c, r, revs, [...(await existing(r, exclude)), '--remotes']);
      break;
    }
  }
  if (!o.ignoreAllowances) await applyAllowances(c.findings, base, o);
  const findings = c.findings.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
  return {
    findings,
    base,
    summary: {
      mode: o.mode,
      scanned: c.scanned,
      bytes: c.bytes,
      skipped: Object.fromEntries([...c.skipped].sort()),
      skippedExamples: c.skippedExamples,
      findings: findings.length,
      failing: findings.filter(isFailing).length,
      allowed: findings.filter((f) => f.allowed).length,
      examples: findings.filter((f) => f.example).length,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

function selectRules(ids: string[]): Rule[] {
  const unknown = ids.filter((id) => !ruleById(id));
  if (unknown.length) throw new Error(`unknown rule(s): ${unknown.join(', ')} (known: ${RULES.map((r) => r.id).join(', ')})`);
  // The secret-key rule pairs with key ids, so it needs the key-id rule before it.
  return RULES.filter((r) => ids.includes(r.id) || (r.id === 'aws-access-key-id' && ids.includes('aws-secret-access-key')));
}

/**
 * Threads only pay when CPUs are idle: a worker loads the modules and warms
 * the JIT again, and on a busy machine it competes with this thread instead of
 * running beside it. Measured on 2 shared CPUs at load average 5-6 (BENCHMARKS.md,
 * "secrets"): one thread 1.14 s, two threads 1.70 s for the same tree. So the
 * default counts only CPUs the 1-minute load average leaves free.
 */
export function defaultWorkers(cpus = availableParallelism(), load = loadavg()[0]!): number {
  const env = Number(process.env.MAMORI_WORKERS);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.max(1, Math.min(4, Math.floor(cpus - load)));
}

/** Whether a finding keeps the run red. */
export function isFailing(f: Finding): boolean {
  return !f.allowed && !f.example && f.severity !== 'info';
}

async function applyAllowances(findings: Finding[], base: string, o: ScanOptions): Promise<void> {
  const configFile = o.configFile ? resolve(o.cwd ?? '.', o.configFile) : join(base, CONFIG_FILE);
  const config: SecretsConfig = await loadSecretsConfig(configFile, Boolean(o.configFile));
  const baselinePath = o.baselineFile
    ? resolve(o.cwd ?? '.', o.baselineFile)
    : config.baseline
      ? isAbsolute(config.baseline)
        ? config.baseline
        : join(base, config.baseline)
      : join(base, BASELINE_FILE);
  const baseline = await readBaseline(baselinePath, Boolean(o.baselineFile || config.baseline));
  for (const f of findings) {
    if (f.allowed) continue;
    const entry = matchAllow(config.allow, f);
    if (entry) f.allowed = { by: 'config', reason: `${entry.reason} (${entry.source})` };
    else if (baseline.has(f.fingerprint)) f.allowed = { by: 'baseline', reason: `in baseline ${toSlash(relative(base, baselinePath))}` };
  }
}
