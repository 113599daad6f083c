/**
 * Something every match of a detection requires, derived from its condition:
 * the event names it can only match (the engine's index, rule.ts) or the
 * bytes a record must hold (the reader's prefilter, anchors.ts). Each
 * selection gives its own requirement or none. `and` needs only one side's
 * (`pick` chooses among those there are); `or` needs both sides', as
 * alternatives (`join`), or nothing if a side has none; `N of` is an `and`
 * when every selection it names must hold, an `or` otherwise; `not`
 * requires nothing; a list of conditions is an `or`.
 */
import { globMatch, parseCondition, type Ast } from './condition.js';

export interface RequirementOps<T> {
  selection(sel: unknown): T | undefined;
  pick(sides: T[]): T;
  join(sides: T[]): T;
}

export function conditionRequirement<T>(det: Record<string, unknown>, ops: RequirementOps<T>): T | undefined {
  const conds = Array.isArray(det.condition) ? det.condition : [det.condition];
  if (!conds.every((c) => typeof c === 'string')) return undefined;
  const names = Object.keys(det).filter((k) => k !== 'condition');
  const all = (xs: (T | undefined)[]): T | undefined => {
    const known = xs.filter((x): x is T => x !== undefined);
    return known.length ? ops.pick(known) : undefined;
  };
  const any = (xs: (T | undefined)[]): T | undefined => (xs.length && xs.every((x) => x !== undefined) ? ops.join(xs as T[]) : undefined);
  const walk = (a: Ast): T | undefined => {
    switch (a.t) {
      case 'id':
        return names.includes(a.name) ? ops.selection(det[a.name]) : undefined;
      case 'not':
        return undefined;
      case 'and':
        return all([walk(a.l), walk(a.r)]);
      case 'or':
        return any([walk(a.l), walk(a.r)]);
      case 'of': {
        const sel = names.filter((k) => (a.pattern.toLowerCase() === 'them' ? !k.startsWith('_') : globMatch(a.pattern, k)));
        if (sel.length === 0) return undefined;
        const reqs = sel.map((k) => ops.selection(det[k]));
        // Fewer than all of them: any one selection may be the one left out.
        return (a.n === 'all' ? sel.length : a.n) >= sel.length ? all(reqs) : any(reqs);
      }
    }
  };
  try {
    return any((conds as string[]).map((c) => walk(parseCondition(c))));
  } catch {
    return undefined;
  }
}
