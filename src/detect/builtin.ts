/**
 * mamori's own rules, shipped in the package's data/rules directory (the
 * package `files` list ships data/, so they travel with the CLI).
 */
import { fileURLToPath } from 'node:url';
import { assertRulesIn, loadRules, type LoadResult } from './sigma/ruleset.js';

/** dist/src/detect/builtin.js -> <package>/data/rules */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../../data/rules/', import.meta.url));

/** Built-in rules plus the user's own directories/files (each of which must hold a rule). */
export function loadBuiltinRules(extra: string[] = [], builtin = true): LoadResult {
  const loaded = loadRules([...(builtin ? [BUILTIN_RULES_DIR] : []), ...extra]);
  assertRulesIn(loaded.empty);
  return loaded;
}
