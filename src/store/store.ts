import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MAMORI_DB || join(homedir(), '.mamori', 'mamori.db');
}

/**
 * The embedded store. Findings (and later alerts, response actions and the
 * audit log) can hold account ids, key ids and resource names, so the file is
 * created 0600 inside a 0700 directory before SQLite ever opens it.
 */
export function openDatabase(path: string = defaultDbPath()): Database.Database {
  if (path !== ':memory:') {
    const dir = dirname(path);
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/** Applies each migration not yet applied, in order, tracked by PRAGMA user_version. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
