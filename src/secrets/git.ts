/**
 * The git plumbing the secret scanner reads through. Each read is one long-
 * lived git process (`cat-file --batch`, `rev-list`, `log`) streaming to us,
 * never a process per file: that is what keeps `--staged` instant and
 * `--history` linear in the number of distinct blobs.
 */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export class GitError extends Error {}

/** Runs git and returns its stdout; throws GitError with git's own message. */
export async function git(cwd: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (c: Buffer) => out.push(c));
    p.stderr.on('data', (c: Buffer) => err.push(c));
    p.on('error', (e) => reject(new GitError(`git could not run: ${e.message}`)));
    p.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(`git ${args[0]} failed: ${Buffer.concat(err).toString('utf8').trim() || `exit ${code}`}`));
    });
    p.stdin.on('error', () => {});
    p.stdin.end(input ?? '');
  });
}

/** The repository's top directory, or undefined when `dir` is not inside a work tree. */
export async function repoRoot(dir: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileP('git', ['rev-parse', '--show-toplevel'], { cwd: dir });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** True inside any git repository, bare ones included (history needs no work tree). */
export async function isRepository(dir: string): Promise<boolean> {
  try {
    await execFileP('git', ['rev-parse', '--git-dir'], { cwd: dir });
    return true;
  } catch {
    return false;
  }
}

/** Streams a NUL- or newline-separated git output, calling `onRecord` per record. */
export async function streamRecords(cwd: string, args: string[], sep: number, onRecord: (rec: string) => void, input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let rest: Buffer = Buffer.alloc(0);
    const err: Buffer[] = [];
    p.stdout.on('data', (chunk: Buffer) => {
      const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let i = buf.indexOf(sep, start); i >= 0; i = buf.indexOf(sep, start)) {
        onRecord(buf.toString('utf8', start, i));
        start = i + 1;
      }
      rest = buf.subarray(start);
    });
    p.stderr.on('data', (c: Buffer) => err.push(c));
    p.on('error', (e) => reject(new GitError(`git could not run: ${e.message}`)));
    p.on('close', (code) => {
      if (rest.length) onRecord(rest.toString('utf8'));
      if (code === 0) resolve();
      else reject(new GitError(`git ${args[0]} failed: ${Buffer.concat(err).toString('utf8').trim() || `exit ${code}`}`));
    });
    p.stdin.on('error', () => {});
    p.stdin.end(input ?? '');
  });
}

export interface BatchObject {
  oid: string;
  type: string;
  size: number;
  /** Undefined when the object is missing or larger than `maxSize` (then only its size is known). */
  data?: Buffer;
}

/**
 * Reads objects through one `git cat-file --batch` process. Objects over
 * `maxSize` are skipped without being held in memory.
 */
export async function catFileBatch(cwd: string, oids: string[], maxSize: number, onObject: (o: BatchObject) => void | Promise<void>): Promise<void> {
  if (oids.length === 0) return;
  return new Promise((resolve, reject) => {
    const p = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const err: Buffer[] = [];
    let header: Buffer = Buffer.alloc(0);
    let cur: { oid: string; type: string; size: number; body?: Buffer; filled: number } | undefined;
    let failed: Error | undefined;
    const emit = (o: BatchObject) => {
      try {
        const r = onObject(o);
        if (r && typeof (r as Promise<void>).then === 'function') (r as Promise<void>).catch((e) => (failed ??= e));
      } catch (e) {
        failed ??= e as Error;
      }
    };
    p.stdout.on('data', (chunk: Buffer) => {
      let pos = 0;
      while (pos < chunk.length) {
        if (!cur) {
          const nl = chunk.indexOf(10, pos);
          if (nl < 0) {
            header = Buffer.concat([header, chunk.subarray(pos)]);
            return;
          }
          const line = Buffer.concat([header, chunk.subarray(pos, nl)]).toString('utf8');
          header = Buffer.alloc(0);
          pos = nl + 1;
          const [oid, type, size] = line.split(' ');
          if (type === 'missing' || size === undefined) {
            emit({ oid: oid!, type: 'missing', size: 0 });
            continue;
          }
          const n = Number(size);
          // +1: every object is followed by a newline.
          cur = { oid: oid!, type: type!, size: n, filled: 0, ...(n <= maxSize ? { body: Buffer.allocUnsafe(n) } : {}) };
        }
        const want = cur.size + 1 - cur.filled;
        const take = Math.min(want, chunk.length - pos);
        if (cur.body) {
          const bodyTake = Math.max(0, Math.min(take, cur.size - cur.filled));
          chunk.copy(cur.body, cur.filled, pos, pos + bodyTake);
        }
        cur.filled += take;
        pos += take;
        if (cur.filled === cur.size + 1) {
          emit({ oid: cur.oid, type: cur.type, size: cur.size, ...(cur.body ? { data: cur.body } : {}) });
          cur = undefined;
        }
      }
    });
    p.stderr.on('data', (c: Buffer) => err.push(c));
    p.on('error', (e) => reject(new GitError(`git could not run: ${e.message}`)));
    p.on('close', (code) => {
      if (failed) reject(failed);
      else if (code === 0) resolve();
      else reject(new GitError(`git cat-file failed: ${Buffer.concat(err).toString('utf8').trim() || `exit ${code}`}`));
    });
    p.stdin.on('error', () => {});
    p.stdin.end(oids.join('\n') + '\n');
  });
}
