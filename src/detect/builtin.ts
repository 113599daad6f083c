/**
 * mamori's own rules, shipped in the package's data/rules directory (the
 * package `files` list ships data/, so they travel with the CLI).
 */
import { fileURLToPath } from 'node:url';
import { loadRules, type LoadResult } from './sigma/ruleset.js';

/** dist/src/detect/builtin.js -> <package>/data/rules */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../../data/rules/', import.meta.url));

/** Built-in rules plus the user's own directories/files. */
export function loadBuiltinRules(extra: string[] = [], builtin = true): LoadResult {
  return loadRules([...(builtin ? [BUILTIN_RULES_DIR] : []), ...extra]);
}
