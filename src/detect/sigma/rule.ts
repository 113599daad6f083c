/**
 * One Sigma document compiled: a detection rule (a predicate over one event),
 * a correlation rule (references resolved later, across files), or a global
 * filter (Sigma filters specification: suppresses matches of named rules).
 */
import { ConditionError, compileCondition, parseCondition } from './condition.js';
import { SigmaRuleError } from './errors.js';
import { ModifierError, compileFieldItem, type Predicate } from './modifiers.js';
import type { RuleDocument, YamlPath } from './parse.js';
import { compileWildcard } from './wildcard.js';
import { anchorChoices, bestChoice, type Anchors } from './anchors.js';
import { conditionRequirement } from './requirement.js';

export type Level = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export const LEVELS: Level[] = ['informational', 'low', 'medium', 'high', 'critical'];

export interface RuleMeta {
  /** The rule's `id`, else its `name`, else file#document. */
  id: string;
  name?: string;
  title: string;
  description?: string;
  level: Level;
  status?: string;
  tags: string[];
  author?: string;
  references: string[];
  falsepositives: string[];
  file: string;
  line: number;
}

export interface DetectionRule extends RuleMeta {
  kind: 'detection';
  match: Predicate;
  /** Lower-cased event names the rule can only match, when the condition pins them (used to index rules). */
  eventNames?: Set<string>;
  /** Raw-byte tests every matching record passes (see anchors.ts); undefined when none can be derived. */
  anchors?: Anchors;
  /** Each alone also passed by every matching record (anchorChoices): whether another rule's search covers this one. */
  anchorChoices?: Anchors[];
}

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered' | 'first_seen';
export type CountOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

export interface CorrelationRule extends RuleMeta {
  kind: 'correlation';
  type: CorrelationType;
  /** Ids or names of the referenced rules, in order. */
  rules: string[];
  groupBy: string[];
  timespanMs: number;
  condition: { op: CountOp; value: number }[];
  /** value_count: the field whose distinct values are counted. */
  field?: string;
  /** alias -> (rule name -> field). */
  aliases: Record<string, Record<string, string>>;
  /** Whether the referenced rules also alert on their own. */
  generate: boolean;
  /**
   * first_seen (mamori extension): how long a group must have been known
   * before a new value alerts. A group seen for the first time only learns.
   */
  learningMs?: number;
  /**
   * mamori extension (`x-mamori-distinct`): for temporal_ordered, fields (per
   * referenced rule) whose values must differ between the joined events, e.g.
   * the key created and the key deleted. Plain Sigma cannot say "different".
   */
  distinct?: Record<string, string>;
}

export interface FilterRule {
  kind: 'filter';
  id: string;
  title: string;
  rules: string[];
  match: Predicate;
  file: string;
  line: number;
}

export type CompiledRule = DetectionRule | CorrelationRule | FilterRule;

const UNSUPPORTED_TOP: Record<string, string> = {
  action: '"action" (Sigma 1.0 rule collections)',
};

export function compileRule(doc: RuleDocument): CompiledRule {
  const d = doc.data;
  const fail = (msg: string, path: YamlPath, feature?: string): never => {
    throw new SigmaRuleError(msg, doc.pos(path), feature);
  };
  for (const k of Object.keys(UNSUPPORTED_TOP)) if (k in d) fail(`${UNSUPPORTED_TOP[k]} is not supported`, [k], k);
  const title = d.title;
  if (typeof title !== 'string' || !title.trim()) fail('a rule needs a "title"', []);
  const kinds = ['detection', 'correlation', 'filter'].filter((k) => k in d);
  if (kinds.length !== 1) fail(`a rule needs exactly one of "detection", "correlation" or "filter" (found ${kinds.join(', ') || 'none'})`, []);
  const line = doc.pos([]).line;
  const id = str(d.id) ?? str(d.name) ?? `${doc.file}#${doc.index}`;

  if ('filter' in d) {
    checkLogsource(d, fail);
    const f = d.filter;
    if (!isMap(f)) return fail('"filter" must be a mapping', ['filter']);
    const rules = stringList(f.rules, ['filter', 'rules'], fail);
    const { rules: _r, ...det } = f;
    return { kind: 'filter', id, title: title as string, rules, match: compileDetection(det, ['filter'], fail), file: doc.file, line };
  }

  const meta: RuleMeta = {
    id,
    ...(str(d.name) ? { name: str(d.name)! } : {}),
    title: title as string,
    ...(str(d.description) ? { description: str(d.description)! } : {}),
    level: level(d.level, fail),
    ...(str(d.status) ? { status: str(d.status)! } : {}),
    tags: d.tags === undefined ? [] : stringList(d.tags, ['tags'], fail),
    ...(str(d.author) ? { author: str(d.author)! } : {}),
    references: Array.isArray(d.references) ? d.references.map(String) : [],
    falsepositives: Array.isArray(d.falsepositives) ? d.falsepositives.map(String) : [],
    file: doc.file,
    line,
  };

  if ('correlation' in d) return compileCorrelation(d, meta, fail);

  checkLogsource(d, fail);
  const det = d.detection;
  if (!isMap(det)) return fail('"detection" must be a mapping', ['detection']);
  const match = compileDetection(det, ['detection'], fail);
  const eventNames = pinnedEventNames(det);
  const choices = anchorChoices(det);
  return { kind: 'detection', ...meta, match, ...(eventNames ? { eventNames } : {}), ...(choices ? { anchors: bestChoice(choices), anchorChoices: choices } : {}) };
}

type Fail = (msg: string, path: YamlPath, feature?: string) => never;

function checkLogsource(d: Record<string, unknown>, fail: Fail): void {
  const ls = d.logsource;
  if (!isMap(ls)) return fail('a rule needs a "logsource" mapping', ['logsource']);
  if (String(ls.product ?? '').toLowerCase() !== 'aws' || String(ls.service ?? '').toLowerCase() !== 'cloudtrail')
    fail(`logsource must be product "aws", service "cloudtrail" (got product ${JSON.stringify(ls.product)}, service ${JSON.stringify(ls.service)})`, ['logsource'], 'logsource');
  if ('category' in ls) fail('logsource "category" is not supported for CloudTrail rules', ['logsource', 'category'], 'logsource category');
}

function compileDetection(det: Record<string, unknown>, at: YamlPath, fail: Fail): Predicate {
  if ('timeframe' in det) fail('"timeframe" is not supported: thresholds over time are correlation rules', [...at, 'timeframe'], 'timeframe');
  const selections = new Map<string, Predicate>();
  for (const [name, def] of Object.entries(det)) {
    if (name === 'condition') continue;
    selections.set(name, compileSelection(def, [...at, name], fail));
  }
  const cond = det.condition;
  const conds = Array.isArray(cond) ? cond : [cond];
  if (cond === undefined || conds.some((c) => typeof c !== 'string')) return fail('"condition" must be a string (or a list of strings)', [...at, 'condition']);
  try {
    const ps = (conds as string[]).map((c) => compileCondition(parseCondition(c), selections));
    return ps.length === 1 ? ps[0]! : (e) => ps.some((p) => p(e));
  } catch (err) {
    if (err instanceof ConditionError) return fail(`condition: ${err.message}`, [...at, 'condition'], err.feature);
    throw err;
  }
}

function compileSelection(def: unknown, at: YamlPath, fail: Fail): Predicate {
  if (isMap(def)) return compileMap(def, at, fail);
  if (Array.isArray(def)) {
    if (def.length === 0) return fail('a selection list is empty', at);
    if (def.every(isMap)) {
      const ps = def.map((m, i) => compileMap(m as Record<string, unknown>, [...at, i], fail));
      return (e) => ps.some((p) => p(e));
    }
    if (def.every((v) => v === null || typeof v !== 'object')) return keywords(def as unknown[]);
    return fail('a selection list must hold either only mappings or only values (keywords)', at);
  }
  if (def !== null && typeof def !== 'object') return keywords([def]);
  return fail('a selection must be a mapping, a list of mappings, or a list of keywords', at);
}

function compileMap(m: Record<string, unknown>, at: YamlPath, fail: Fail): Predicate {
  const items = Object.entries(m).map(([k, v]) => {
    // `'|all': [a, b]`: keywords without a field, every one of them somewhere in the event.
    if (k.startsWith('|')) {
      const values = Array.isArray(v) ? v : [v];
      if (k !== '|all') return fail(`keywords take only the "all" modifier ("${k}")`, [...at, k], `keyword modifier ${k.slice(1)}`);
      if (values.length < 2 || values.some((x) => x === null || typeof x === 'object')) return fail('"|all" needs a list of at least two keywords', [...at, k]);
      return keywords(values, true);
    }
    try {
      return compileFieldItem(k, v);
    } catch (err) {
      if (err instanceof ModifierError) return fail(err.message, [...at, k], err.feature);
      throw err;
    }
  });
  if (items.length === 0) return fail('an empty selection matches nothing useful', at);
  if (items.length === 1) return items[0]!;
  return (e) => {
    for (const p of items) if (!p(e)) return false;
    return true;
  };
}

/**
 * Keywords (values without a field) search every string of the event, as a
 * full-text search would: each keyword matches as a substring, case-insensitively.
 */
function keywords(values: unknown[], all = false): Predicate {
  const tests = values.map((v) => compileWildcard(`*${String(v)}*`, false));
  const visit = (v: unknown, depth: number, test: (s: string) => boolean): boolean => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return test(String(v));
    if (v === null || typeof v !== 'object' || depth > 32) return false;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (visit(x, depth + 1, test)) return true;
    return false;
  };
  const any = (s: string) => tests.some((t) => t(s));
  // With all, each keyword may be in a different string of the event.
  return all ? (e) => tests.every((t) => visit(e, 0, t)) : (e) => visit(e, 0, any);
}

/**
 * The event names a detection can only match, when its condition requires a
 * selection on plain eventName values: the engine then skips the rule for
 * every other event. Undefined when the condition does not pin them.
 */
function pinnedEventNames(det: Record<string, unknown>): Set<string> | undefined {
  return conditionRequirement<Set<string>>(det, {
    selection(sel) {
      const maps = Array.isArray(sel) ? sel : [sel];
      if (maps.length === 0 || !maps.every(isMap)) return undefined;
      const out = new Set<string>();
      for (const m of maps as Record<string, unknown>[]) {
        const v = m.eventName;
        const vs = Array.isArray(v) ? v : [v];
        if (v === undefined || !vs.every((x) => typeof x === 'string' && !/[*?\\]/.test(x))) return undefined;
        for (const x of vs as string[]) out.add(x.toLowerCase());
      }
      return out;
    },
    pick: (sets) => sets.sort((a, b) => a.size - b.size)[0]!,
    join: (sets) => new Set(sets.flatMap((s) => [...s])),
  });
}

function compileCorrelation(d: Record<string, unknown>, meta: RuleMeta, fail: Fail): CorrelationRule {
  const c = d.correlation;
  if (!isMap(c)) return fail('"correlation" must be a mapping', ['correlation']);
  const at = (k: string): YamlPath => ['correlation', k];
  const type = c.type;
  // first_seen is a mamori extension (docs/detect.md); other Sigma tools reject the type rather than misread it.
  const SUPPORTED = ['event_count', 'value_count', 'temporal', 'temporal_ordered', 'first_seen'];
  if (typeof type !== 'string') return fail('correlation needs a "type"', at('type'));
  if (!SUPPORTED.includes(type)) return fail(`correlation type "${type}" is not supported (supported: ${SUPPORTED.join(', ')})`, at('type'), `correlation ${type}`);
  // A misspelt attribute (groupby, window) would otherwise fall back to a default and change what the rule means.
  const KNOWN = ['type', 'rules', 'aliases', 'group-by', 'timespan', 'condition', 'generate', 'learning'];
  for (const k of Object.keys(c)) if (!KNOWN.includes(k)) fail(`unknown correlation attribute "${k}" (known: ${KNOWN.join(', ')})`, at(k), `correlation ${k}`);
  const rules = stringList(c.rules, at('rules'), fail);
  if (rules.length === 0) fail('correlation "rules" is empty', at('rules'));
  const groupBy = c['group-by'] === undefined ? [] : stringList(c['group-by'], at('group-by'), fail);
  const timespanMs = parseTimespan(c.timespan);
  if (timespanMs === undefined) return fail(`"timespan" must be a number and a unit s, m, h or d (e.g. 15m), got ${JSON.stringify(c.timespan)}`, at('timespan'));
  const condition: { op: CountOp; value: number }[] = [];
  let field: string | undefined;
  if (c.condition !== undefined) {
    if (!isMap(c.condition)) return fail('correlation "condition" must be a mapping such as {gte: 10}', at('condition'));
    for (const [k, v] of Object.entries(c.condition)) {
      if (k === 'field') {
        if (typeof v !== 'string') return fail('"field" must be one field name', ['correlation', 'condition', 'field'], 'value_count on several fields');
        field = v;
      } else if (['gt', 'gte', 'lt', 'lte', 'eq', 'neq'].includes(k)) {
        if (typeof v !== 'number') return fail(`"${k}" needs a number`, ['correlation', 'condition', k]);
        condition.push({ op: k as CountOp, value: v });
      } else return fail(`unknown correlation condition "${k}"`, ['correlation', 'condition', k], `correlation condition ${k}`);
    }
  }
  if ((type === 'event_count' || type === 'value_count') && condition.length === 0) fail(`${type} needs a condition such as {gte: 10}`, at('condition'));
  if ((type === 'value_count' || type === 'first_seen') && !field) fail(`${type} needs "field" in its condition`, at('condition'));
  if (type !== 'value_count' && type !== 'first_seen' && field) fail(`"field" only applies to value_count and first_seen`, ['correlation', 'condition', 'field']);
  if (type === 'first_seen' && condition.length) fail('first_seen takes only "field" in its condition (no count)', at('condition'));
  let learningMs: number | undefined;
  if (c.learning !== undefined) {
    if (type !== 'first_seen') fail('"learning" applies to first_seen only', at('learning'));
    learningMs = parseTimespan(c.learning);
    if (learningMs === undefined) fail(`"learning" must be a number and a unit s, m, h or d, got ${JSON.stringify(c.learning)}`, at('learning'));
  }
  // Which rules, in which order, would make up "N of them in order" is not defined: every rule is required.
  if (type === 'temporal_ordered' && condition.length)
    fail('a count condition on temporal_ordered is not supported: every referenced rule must match, in the order given', at('condition'), 'temporal_ordered condition');
  if ((type === 'temporal' || type === 'temporal_ordered') && rules.length < 2 && condition.length === 0) fail(`${type} needs at least two rules`, at('rules'));
  const aliases: Record<string, Record<string, string>> = {};
  if (c.aliases !== undefined) {
    if (!isMap(c.aliases)) return fail('"aliases" must be a mapping', at('aliases'));
    for (const [alias, map] of Object.entries(c.aliases)) {
      if (!isMap(map) || !Object.values(map).every((v) => typeof v === 'string')) return fail(`alias "${alias}" must map rule names to field names`, ['correlation', 'aliases', alias]);
      aliases[alias] = map as Record<string, string>;
    }
  }
  if (c.generate !== undefined && typeof c.generate !== 'boolean') fail(`"generate" must be true or false, got ${JSON.stringify(c.generate)}`, at('generate'));
  const generate = c.generate === true;
  let distinct: Record<string, string> | undefined;
  const x = d['x-mamori-distinct'];
  if (x !== undefined) {
    if (type !== 'temporal_ordered') fail('x-mamori-distinct applies to temporal_ordered correlations only', ['x-mamori-distinct']);
    if (!isMap(x) || !Object.values(x).every((v) => typeof v === 'string')) return fail('x-mamori-distinct must map rule names to field names', ['x-mamori-distinct']);
    distinct = x as Record<string, string>;
  }
  return {
    kind: 'correlation',
    ...meta,
    type: type as CorrelationType,
    rules,
    groupBy,
    timespanMs,
    condition,
    ...(field ? { field } : {}),
    aliases,
    generate,
    ...(distinct ? { distinct } : {}),
    ...(type === 'first_seen' ? { learningMs: learningMs ?? 86_400_000 } : {}),
  };
}

export function parseTimespan(v: unknown): number | undefined {
  const m = typeof v === 'string' ? /^(\d+)([smhd])$/.exec(v.trim()) : null;
  if (!m) return undefined;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

function level(v: unknown, fail: Fail): Level {
  if (v === undefined) return 'medium';
  if (typeof v === 'string' && (LEVELS as string[]).includes(v)) return v as Level;
  return fail(`"level" must be one of ${LEVELS.join(', ')}`, ['level']);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function stringList(v: unknown, at: YamlPath, fail: Fail): string[] {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
  if (!list || !list.every((x) => typeof x === 'string')) return fail('expected a list of strings', at);
  return list as string[];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
