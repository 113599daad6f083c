/**
 * Loads rule files and directories, compiles every document, and resolves
 * what documents refer to across files: correlations name their base rules by
 * id or name wherever those live (Suzaku requires one file), and global
 * filters attach to the rules they name. A rule that fails to compile, or a
 * correlation whose references cannot be resolved, is reported and left out.
 */
import { readFileSync } from 'node:fs';
import { walk } from '../../util/walk.js';
import { SigmaRuleError } from './errors.js';
import { parseRuleFile } from './parse.js';
import { compileRule, type CorrelationRule, type DetectionRule, type FilterRule } from './rule.js';

export type RuleRef = DetectionRule | CorrelationRule;

export interface RuleSet {
  detections: DetectionRule[];
  correlations: CorrelationRule[];
  filters: FilterRule[];
  /** Every rule by id and by name. */
  byRef: Map<string, RuleRef>;
  /** Rules a correlation consumes without `generate: true`: they do not alert on their own. */
  silenced: Set<RuleRef>;
}

export interface LoadResult {
  ruleset: RuleSet;
  errors: SigmaRuleError[];
  files: number;
}

/**
 * The rule files under the given paths: a file named is taken whatever its
 * extension, a directory is searched for .yml/.yaml files, sorted for stable
 * output. A named path that does not exist throws; an entry in a directory
 * that cannot be followed (a dangling symbolic link, a link loop) goes to
 * `onProblem` and is left out.
 */
export function ruleFiles(paths: string[], onProblem: (path: string, message: string) => void = () => {}): string[] {
  return walk(paths, { take: (p, named) => named || /\.ya?ml$/i.test(p), sorted: true, onProblem });
}

export interface LoadedRules extends LoadResult {
  /**
   * The paths given in which no rule was found, loaded or rejected: an empty
   * directory, one without .yml/.yaml files, a file with no YAML document.
   */
  empty: string[];
}

/**
 * A path the user gave that holds no rule is an error: a check that passes
 * on no rules would pass on anything, and detection with none would say
 * nothing was found.
 */
export function assertRulesIn(empty: string[]): void {
  if (empty.length) throw new Error(`no rules found in ${empty.join(', ')} (a directory is searched for .yml and .yaml files; a file named is read whatever its name)`);
}

export function loadRules(paths: string[]): LoadedRules {
  const unreadable: SigmaRuleError[] = [];
  // Which of `paths` each file was found under, and the paths where something was found.
  const under = new Map<string, number[]>();
  const found = new Set<number>();
  const sources: { file: string; text: string }[] = [];
  paths.forEach((path, i) => {
    const fail = (file: string, message: string) => {
      const err = new SigmaRuleError(message, { file, line: 1, col: 1 });
      err.message = `${file}: ${message}`; // no position to give: the file could not be read at all
      unreadable.push(err);
      found.add(i);
    };
    for (const file of ruleFiles([path], fail)) {
      under.set(file, [...(under.get(file) ?? []), i]);
      try {
        sources.push({ file, text: readFileSync(file, 'utf8') });
      } catch (err) {
        fail(file, `cannot read: ${(err as Error).message}`);
      }
    }
  });
  const loaded = compileSources(sources);
  loaded.errors.unshift(...unreadable);
  const { detections, correlations, filters } = loaded.ruleset;
  for (const file of [...detections, ...correlations, ...filters].map((r) => r.file).concat(loaded.errors.map((e) => e.pos.file))) {
    for (const i of under.get(file) ?? []) found.add(i);
  }
  return { ...loaded, empty: paths.filter((_, i) => !found.has(i)) };
}

export function compileSources(sources: { file: string; text: string }[]): LoadResult {
  const errors: SigmaRuleError[] = [];
  const detections: DetectionRule[] = [];
  const correlations: CorrelationRule[] = [];
  const filters: FilterRule[] = [];
  for (const { file, text } of sources) {
    for (const doc of parseRuleFile(text, file, errors)) {
      try {
        const r = compileRule(doc);
        if (r.kind === 'detection') detections.push(r);
        else if (r.kind === 'correlation') correlations.push(r);
        else filters.push(r);
      } catch (err) {
        if (err instanceof SigmaRuleError) errors.push(err);
        else throw err;
      }
    }
  }

  const byRef = new Map<string, RuleRef>();
  const register = (r: RuleRef) => {
    for (const key of new Set([r.id, r.name].filter(Boolean) as string[])) {
      const prev = byRef.get(key);
      if (prev && prev !== r) {
        errors.push(new SigmaRuleError(`duplicate rule id or name "${key}" (also in ${prev.file}:${prev.line}); this one is ignored`, { file: r.file, line: r.line, col: 1 }));
        return false;
      }
    }
    for (const key of [r.id, r.name]) if (key) byRef.set(key, r);
    return true;
  };
  const keptDetections = detections.filter(register);
  let keptCorrelations = correlations.filter(register);

  // Drop correlations with unknown references or cycles, repeatedly, since
  // dropping one can orphan a correlation that refers to it.
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of keptCorrelations) {
      const missing = c.rules.find((ref) => !byRef.has(ref));
      const cyclic = !missing && reaches(c, c, byRef, new Set());
      const foreign = missing || cyclic ? undefined : foreignRuleKey(c, byRef);
      if (missing || cyclic || foreign) {
        errors.push(
          new SigmaRuleError(
            missing
              ? `correlation refers to rule "${missing}", which is not loaded (load the file that defines it with --rules)`
              : cyclic
                ? 'correlation refers to itself through its rules (a cycle)'
                : `${foreign!.what} names rule "${foreign!.key}", which this correlation does not reference (by name or id)`,
            { file: c.file, line: c.line, col: 1 },
          ),
        );
        for (const key of [c.id, c.name]) if (key && byRef.get(key) === c) byRef.delete(key);
        keptCorrelations = keptCorrelations.filter((x) => x !== c);
        changed = true;
        break;
      }
    }
  }

  // Aliases (and x-mamori-distinct) name rules by their `name`, the correlation may reference them by
  // id: key both by the reference as the correlation wrote it, which is what its state looks up.
  for (const c of keptCorrelations) {
    const asWritten = (key: string) => c.rules.find((ref) => byRef.get(ref) === byRef.get(key))!;
    const rekey = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [asWritten(k), v]));
    c.aliases = Object.fromEntries(Object.entries(c.aliases).map(([alias, m]) => [alias, rekey(m)]));
    if (c.distinct) c.distinct = rekey(c.distinct);
  }

  const silenced = new Set<RuleRef>();
  for (const c of keptCorrelations) if (!c.generate) for (const ref of c.rules) silenced.add(byRef.get(ref)!);

  const keptFilters: FilterRule[] = [];
  for (const f of filters) {
    const missing = f.rules.find((ref) => byRef.get(ref)?.kind !== 'detection');
    if (missing) {
      errors.push(new SigmaRuleError(`filter refers to detection rule "${missing}", which is not loaded`, { file: f.file, line: f.line, col: 1 }));
      continue;
    }
    keptFilters.push(f);
    for (const ref of f.rules) {
      const r = byRef.get(ref) as DetectionRule;
      const base = r.match;
      r.match = (e) => base(e) && !f.match(e);
    }
  }
  return { ruleset: { detections: keptDetections, correlations: keptCorrelations, filters: keptFilters, byRef, silenced }, errors, files: new Set(sources.map((s) => s.file)).size };
}

/** An alias or x-mamori-distinct entry naming a rule that is not one the correlation references. */
function foreignRuleKey(c: CorrelationRule, byRef: Map<string, RuleRef>): { what: string; key: string } | undefined {
  const referenced = new Set(c.rules.map((ref) => byRef.get(ref)));
  const foreign = (m: Record<string, string>) => Object.keys(m).find((k) => !byRef.has(k) || !referenced.has(byRef.get(k)));
  for (const [alias, m] of Object.entries(c.aliases)) {
    const key = foreign(m);
    if (key !== undefined) return { what: `alias "${alias}"`, key };
  }
  const key = c.distinct ? foreign(c.distinct) : undefined;
  return key === undefined ? undefined : { what: 'x-mamori-distinct', key };
}

function reaches(from: CorrelationRule, target: CorrelationRule, byRef: Map<string, RuleRef>, seen: Set<RuleRef>): boolean {
  for (const ref of from.rules) {
    const r = byRef.get(ref);
    if (!r || r.kind !== 'correlation') continue;
    if (r === target) return true;
    if (seen.has(r)) continue;
    seen.add(r);
    if (reaches(r, target, byRef, seen)) return true;
  }
  return false;
}
