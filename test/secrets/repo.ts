import { after } from 'node:test';
/** Real temporary git repositories for the scanner's tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export class TempRepo {
  readonly dir: string;
  constructor(init = true) {
    this.dir = mkdtempSync(join(tmpdir(), 'mamori-secrets-'));
    if (init) {
      this.git('init', '-q', '-b', 'main');
      this.git('config', 'user.name', 'Test Author');
      this.git('config', 'user.email', 'author@example.com');
      this.git('config', 'commit.gpgsign', 'false');
    }
  }
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  }
  write(path: string, content: string | Buffer): this {
    const p = join(this.dir, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
    return this;
  }
  commit(message: string, ...paths: string[]): string {
    this.git('add', ...(paths.length ? paths : ['-A']));
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A factory of temporary repositories, all removed when the test file ends. */
export function tempRepos(): () => TempRepo {
  const repos: TempRepo[] = [];
  after(() => repos.forEach((r) => r.remove()));
  return () => {
    const r = new TempRepo();
    repos.push(r);
    return r;
  };
}
