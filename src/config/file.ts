/**
 * The project config file, `.mamori.yml` (or `--config PATH`), shared by the
 * commands: `scan:` holds the scan's settings (suppressions), `secrets:` the
 * secret scanner's. This module only reads the YAML and keeps positions, so
 * that each section's validator can name the line of every mistake.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

import { CONFIG_FILE, ConfigError } from './errors.js';

export { CONFIG_FILE, ConfigError };

export interface ConfigFile {
  path: string;
  /** The plain data (maps, lists, strings...). */
  data: unknown;
  /** 1-based line of the node at `path` (keys and indexes), or of its nearest existing parent. */
  line(path: (string | number)[]): number;
}

/** The explicit `--config` file (which must exist) or `.mamori.yml` in `cwd` when there is one. */
export function findConfig(explicit: string | undefined, cwd = process.cwd()): string | undefined {
  if (explicit) {
    if (!existsSync(explicit)) throw new ConfigError(`${explicit}: config file not found`);
    return explicit;
  }
  const p = resolve(cwd, CONFIG_FILE);
  return existsSync(p) ? p : undefined;
}

export function parseConfig(text: string, path: string): ConfigFile {
  const lc = new LineCounter();
  // YAML 1.2 core schema: `expires: 2026-01-31` stays a string, `no` stays a string.
  const doc: Document.Parsed = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new ConfigError(`${path}:${lc.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
  }
  const line = (p: (string | number)[]): number => {
    for (let n = p.length; n >= 0; n--) {
      // A mapping entry is reported at its key (the value may start on a later line).
      const parent = n === 0 ? undefined : n === 1 ? doc.contents : doc.getIn(p.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((it) => (isScalar(it.key) ? it.key.value : it.key) === p[n - 1]);
        if (pair && isNode(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]).line;
      }
      const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
      if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
    }
    return 1;
  };
  return { path, data: doc.toJS() ?? {}, line };
}

export function loadConfig(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot read the config file (${(err as Error).message})`);
  }
  return parseConfig(text, path);
}

/** The named top-level section as a plain object (absent → undefined); anything else is an error. */
export function section(cfg: ConfigFile, name: string): Record<string, unknown> | undefined {
  const data = cfg.data;
  if (data === null || data === undefined) return undefined;
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`${cfg.path}:1: the config must be a mapping with sections such as "scan:"`);
  const s = (data as Record<string, unknown>)[name];
  if (s === undefined || s === null) return undefined;
  if (typeof s !== 'object' || Array.isArray(s)) throw new ConfigError(`${cfg.path}:${cfg.line([name])}: "${name}" must be a mapping`);
  return s as Record<string, unknown>;
}
