/**
 * Walks the files and directories a user names (CloudTrail files for
 * `detect`, rule files for `rules` and `--rules`). A named path that does not
 * exist is an error, said at once: it is the user's mistake. An entry met
 * inside a directory that cannot be followed — a dangling symbolic link, a
 * link loop, a directory that cannot be listed — is reported through
 * `onProblem` and left out, so one bad entry does not stop the rest from
 * being read.
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export interface WalkOptions {
  /** Whether a file is taken; `named`: the user gave its path. */
  take(path: string, named: boolean): boolean;
  /** Whether a directory is entered (default: always). */
  enter?(path: string, named: boolean): boolean;
  /** List each directory's entries in name order (default: as the file system lists them). */
  sorted?: boolean;
  /** An entry left out because it cannot be followed or listed. */
  onProblem(path: string, message: string): void;
}

export function walk(paths: string[], o: WalkOptions): string[] {
  const out: string[] = [];
  // `above`: the real paths of the directories this entry is in, to see a link back to one of them.
  const visit = (p: string, named: boolean, above: string[]) => {
    let st: Stats;
    try {
      st = statSync(p);
    } catch (err) {
      const why = unreachable(p, err);
      if (named) throw new Error(`${p}: ${why}`);
      return o.onProblem(p, why);
    }
    if (!st.isDirectory()) {
      if (o.take(p, named)) out.push(p);
      return;
    }
    if (o.enter && !o.enter(p, named)) return;
    let real: string;
    let names: string[];
    try {
      real = realpathSync.native(p);
      names = readdirSync(p);
    } catch (err) {
      return o.onProblem(p, `cannot read the directory: ${reason(err)}`);
    }
    if (above.includes(real)) return o.onProblem(p, `symbolic link loop: leads back to ${real}, which holds it; not followed`);
    if (o.sorted) names.sort();
    const inside = [...above, real];
    for (const name of names) if (!name.startsWith('.')) visit(join(p, name), false, inside);
  };
  for (const p of paths) visit(p, true, []);
  return out;
}

/** Why stat failed, in words. */
function unreachable(p: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    try {
      if (lstatSync(p).isSymbolicLink()) return `broken symbolic link (its target ${readlinkSync(p)} does not exist)`;
    } catch {
      // not there at all
    }
    return 'no such file or directory';
  }
  if (code === 'ELOOP') return 'symbolic link loop (too many levels of symbolic links)';
  return reason(err);
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  return e.message ?? String(err);
}
