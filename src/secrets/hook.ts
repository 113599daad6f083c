/**
 * Git hooks that run the scanner: pre-commit scans the index, pre-push scans
 * the commits being pushed. An existing hook that is not ours is never
 * replaced without `force`.
 */
import { chmod, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { git } from './git.js';

export const HOOK_MARKER = '# mamori secrets hook';
export type HookName = 'pre-commit' | 'pre-push';
export const HOOKS: HookName[] = ['pre-commit', 'pre-push'];

export class HookError extends Error {}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The hook script. It prefers the mamori that installed it (an absolute path
 * to its CLI), then `mamori` on PATH, then the project's local install via npx.
 */
export function hookScript(name: HookName, cli: string): string {
  const args = name === 'pre-commit' ? 'secrets scan --staged' : 'secrets scan --pre-push';
  return `#!/bin/sh
${HOOK_MARKER} (${name}). Remove with: mamori secrets hook uninstall
# Skip once with: git ${name === 'pre-commit' ? 'commit' : 'push'} --no-verify
MAMORI_CLI=${shellQuote(cli)}
if [ -f "$MAMORI_CLI" ] && command -v node >/dev/null 2>&1; then
  exec node "$MAMORI_CLI" ${args}
elif command -v mamori >/dev/null 2>&1; then
  exec mamori ${args}
else
  exec npx --no-install mamori ${args}
fi
`;
}

/** The hooks directory git really uses (core.hooksPath, worktrees). */
export async function hooksDir(cwd: string): Promise<string> {
  const out = (await git(cwd, ['rev-parse', '--git-path', 'hooks'])).toString('utf8').trim();
  return isAbsolute(out) ? out : resolve(cwd, out);
}

export interface HookChange {
  hook: HookName;
  path: string;
  action: 'installed' | 'replaced' | 'unchanged' | 'removed' | 'absent' | 'not-ours';
}

export async function installHooks(cwd: string, o: { force?: boolean; cli: string; hooks?: HookName[] }): Promise<HookChange[]> {
  const dir = await hooksDir(cwd);
  await mkdir(dir, { recursive: true });
  const hooks = o.hooks ?? HOOKS;
  const plans: HookChange[] = [];
  // Check all before writing any, so a refusal leaves nothing half-installed.
  for (const hook of hooks) {
    const path = join(dir, hook);
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === undefined) plans.push({ hook, path, action: 'installed' });
    else if (current === hookScript(hook, o.cli)) plans.push({ hook, path, action: 'unchanged' });
    else if (current.includes(HOOK_MARKER) || o.force) plans.push({ hook, path, action: 'replaced' });
    else throw new HookError(`${path} already exists and is not a mamori hook; use --force to replace it (or call "mamori secrets scan --staged" from it)`);
  }
  for (const p of plans) {
    if (p.action === 'unchanged') continue;
    await writeFile(p.path, hookScript(p.hook, o.cli));
    await chmod(p.path, 0o755);
  }
  return plans;
}

export async function uninstallHooks(cwd: string, o: { force?: boolean; hooks?: HookName[] } = {}): Promise<HookChange[]> {
  const dir = await hooksDir(cwd);
  const out: HookChange[] = [];
  for (const hook of o.hooks ?? HOOKS) {
    const path = join(dir, hook);
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === undefined) out.push({ hook, path, action: 'absent' });
    else if (current.includes(HOOK_MARKER) || o.force) {
      await unlink(path);
      out.push({ hook, path, action: 'removed' });
    } else out.push({ hook, path, action: 'not-ours' });
  }
  return out;
}
