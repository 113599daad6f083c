/**
 * What a team has decided is fine: an inline `mamori:allow` comment on the
 * line, `.mamori.yml` entries (by path glob, rule or fingerprint, each with a
 * reason), and a baseline of fingerprints accepted at one point in time.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { ConfigError } from '../config/errors.js';

export const INLINE_ALLOW = 'mamori:allow';
export const BASELINE_FILE = '.mamori-secrets-baseline.json';

export interface AllowEntry {
  path?: string;
  rule?: string;
  fingerprint?: string;
  reason: string;
  /** Where the entry was written, for messages. */
  source: string;
}

export interface SecretsConfig {
  allow: AllowEntry[];
  /** Baseline file path from the config, relative to the config's directory. */
  baseline?: string;
}

const ENTRY_KEYS = new Set(['path', 'rule', 'fingerprint', 'reason']);

/** Parses the `secrets:` section of a .mamori.yml text. Errors name the file and line. */
export async function parseSecretsConfig(text: string, file: string): Promise<SecretsConfig> {
  // Loaded on demand: importing the YAML parser costs more than a typical --staged scan.
  const { parseConfig, section } = await import('../config/file.js');
  const cfg = parseConfig(text, file);
  const at = (path: (string | number)[]) => `${file}:${cfg.line(['secrets', ...path])}`;
  const config: SecretsConfig = { allow: [] };
  const s = section(cfg, 'secrets');
  if (!s) return config;
  for (const [key, value] of Object.entries(s)) {
    if (key === 'baseline') {
      if (typeof value !== 'string' || !value) throw new ConfigError(`${at(['baseline'])}: secrets.baseline must be a file path`);
      config.baseline = value;
    } else if (key === 'allow') {
      if (!Array.isArray(value)) throw new ConfigError(`${at(['allow'])}: secrets.allow must be a list`);
      value.forEach((item: unknown, i: number) => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) throw new ConfigError(`${at(['allow', i])}: each secrets.allow entry must be a mapping with a reason`);
        const entry: Partial<AllowEntry> = { source: at(['allow', i]) };
        for (const [k, v] of Object.entries(item)) {
          if (!ENTRY_KEYS.has(k)) throw new ConfigError(`${at(['allow', i, k])}: unknown key "${k}" in secrets.allow (expected path, rule, fingerprint, reason)`);
          if (typeof v !== 'string' || !v.trim()) throw new ConfigError(`${at(['allow', i, k])}: "${k}" must be a non-empty string`);
          (entry as Record<string, string>)[k] = v;
        }
        if (!entry.reason) throw new ConfigError(`${at(['allow', i])}: secrets.allow entry has no reason (say why this is not a leak)`);
        if (!entry.path && !entry.rule && !entry.fingerprint)
          throw new ConfigError(`${at(['allow', i])}: secrets.allow entry must name a path, a rule or a fingerprint`);
        config.allow.push(entry as AllowEntry);
      });
    } else {
      throw new ConfigError(`${at([key])}: unknown key "secrets.${key}" (expected allow, baseline)`);
    }
  }
  return config;
}

export async function loadSecretsConfig(file: string, required = false): Promise<SecretsConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return { allow: [] };
    throw new ConfigError(`${file}: ${(e as Error).message}`);
  }
  return parseSecretsConfig(text, file);
}

/** `*` within a segment, `**` across segments, `?` one character. A pattern without `/` matches the file name anywhere. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const anchored = glob.includes('/') ? `^${re.replace(/^\//, '')}$` : `(?:^|/)${re}$`;
  return new RegExp(anchored);
}

export interface Allowable {
  rule: string;
  path: string;
  fingerprint: string;
}

/** The first config entry that allows this finding (every field it names must match). */
export function matchAllow(entries: AllowEntry[], f: Allowable): AllowEntry | undefined {
  return entries.find(
    (e) =>
      (!e.rule || e.rule === f.rule) &&
      (!e.fingerprint || e.fingerprint === f.fingerprint) &&
      (!e.path || globToRegExp(e.path).test(f.path.replace(/\\/g, '/'))),
  );
}

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  path: string;
  line?: number;
  /** Masked: the baseline is committed, so it never holds a secret. */
  secret: string;
}

export interface Baseline {
  version: 1;
  createdAt: string;
  findings: BaselineEntry[];
}

export async function readBaseline(file: string, required = false): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw new ConfigError(`${file}: ${(e as Error).message}`);
  }
  let data: Baseline;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (data?.version !== 1 || !Array.isArray(data.findings)) throw new ConfigError(`${file}: not a mamori secrets baseline (version 1)`);
  return new Set(data.findings.map((f) => f.fingerprint));
}

export async function writeBaseline(file: string, entries: BaselineEntry[]): Promise<void> {
  const unique = [...new Map(entries.map((e) => [e.fingerprint, e])).values()].sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0));
  const data: Baseline = { version: 1, createdAt: new Date().toISOString(), findings: unique };
  await writeFile(file, JSON.stringify(data, null, 2) + '\n');
}
