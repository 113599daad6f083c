/**
 * Sigma condition expressions: identifiers, `and`, `or`, `not`, parentheses,
 * `1 of x*`, `all of x*`, `1 of them`, `all of them` (and `N of`). The
 * deprecated aggregation (`| count() > 5`) and `near` forms are rejected:
 * thresholds are written as correlation rules.
 */
import type { Predicate } from './modifiers.js';

export class ConditionError extends Error {
  constructor(message: string, readonly feature?: string) {
    super(message);
  }
}

export type Ast =
  | { t: 'id'; name: string }
  | { t: 'not'; e: Ast }
  | { t: 'and' | 'or'; l: Ast; r: Ast }
  | { t: 'of'; n: number | 'all'; pattern: string };

function tokenize(src: string): string[] {
  if (src.includes('|')) throw new ConditionError(`aggregation expressions ("| count() ...") are not supported: write a correlation rule (event_count, value_count)`, 'condition aggregation');
  const tokens = src.match(/\(|\)|[^\s()]+/g) ?? [];
  if (tokens.some((t) => t.toLowerCase() === 'near')) throw new ConditionError(`"near" is not supported: write a temporal correlation rule`, 'condition near');
  return tokens;
}

export function parseCondition(src: string): Ast {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i]?.toLowerCase();
  const expectEnd = (what: string) => {
    if (i >= toks.length) throw new ConditionError(`unexpected end of condition, expected ${what}`);
  };
  const parseOr = (): Ast => {
    let l = parseAnd();
    while (peek() === 'or') {
      i++;
      l = { t: 'or', l, r: parseAnd() };
    }
    return l;
  };
  const parseAnd = (): Ast => {
    let l = parseNot();
    while (peek() === 'and') {
      i++;
      l = { t: 'and', l, r: parseNot() };
    }
    return l;
  };
  const parseNot = (): Ast => {
    if (peek() === 'not') {
      i++;
      return { t: 'not', e: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Ast => {
    expectEnd('an identifier');
    const tok = toks[i]!;
    const low = tok.toLowerCase();
    if (tok === '(') {
      i++;
      const e = parseOr();
      if (toks[i] !== ')') throw new ConditionError(`missing ")"`);
      i++;
      return e;
    }
    if (tok === ')' || low === 'and' || low === 'or') throw new ConditionError(`unexpected "${tok}"`);
    if (low === 'near') throw new ConditionError(`"near" is not supported: write a temporal correlation rule`, 'condition near');
    if (toks[i + 1]?.toLowerCase() === 'of') {
      const n = low === 'all' ? 'all' : low === 'any' ? 1 : /^\d+$/.test(low) ? Number(low) : NaN;
      if (n !== 'all' && (!Number.isInteger(n) || n < 1)) throw new ConditionError(`"${tok} of" is not a quantifier (use "1 of" or "all of")`);
      i += 2;
      expectEnd('a selection pattern or "them"');
      const pattern = toks[i++]!;
      if (pattern === '(' || pattern === ')') throw new ConditionError(`"of" needs a selection name pattern or "them"`);
      return { t: 'of', n, pattern };
    }
    i++;
    return { t: 'id', name: tok };
  };
  if (toks.length === 0) throw new ConditionError('empty condition');
  const ast = parseOr();
  if (i < toks.length) throw new ConditionError(`unexpected "${toks[i]}"`);
  return ast;
}

/** Resolves identifiers against the rule's selections and builds the predicate. */
export function compileCondition(ast: Ast, selections: Map<string, Predicate>): Predicate {
  const build = (a: Ast): Predicate => {
    switch (a.t) {
      case 'id': {
        const p = selections.get(a.name);
        if (!p) throw new ConditionError(`condition names "${a.name}", which is not a selection of this rule`);
        return p;
      }
      case 'not': {
        const p = build(a.e);
        return (e) => !p(e);
      }
      case 'and': {
        const l = build(a.l);
        const r = build(a.r);
        return (e) => l(e) && r(e);
      }
      case 'or': {
        const l = build(a.l);
        const r = build(a.r);
        return (e) => l(e) || r(e);
      }
      case 'of': {
        const names = [...selections.keys()].filter((k) =>
          a.pattern.toLowerCase() === 'them' ? !k.startsWith('_') : globMatch(a.pattern, k),
        );
        if (names.length === 0) throw new ConditionError(`"${a.pattern}" matches no selection of this rule`);
        const ps = names.map((n) => selections.get(n)!);
        const n = a.n === 'all' ? ps.length : a.n;
        if (n > ps.length) throw new ConditionError(`"${a.n} of ${a.pattern}" can never hold: "${a.pattern}" names ${ps.length} selection${ps.length === 1 ? '' : 's'}`);
        if (n === 1) return (e) => ps.some((p) => p(e));
        if (n >= ps.length) return (e) => ps.every((p) => p(e));
        return (e) => {
          let c = 0;
          for (const p of ps) if (p(e) && ++c >= n) return true;
          return false;
        };
      }
    }
  };
  return build(ast);
}

export function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}
