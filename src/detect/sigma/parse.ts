/**
 * Reads Sigma YAML (possibly several documents per file) keeping positions,
 * so every error can point at the line and column of the offending key.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';
import { SigmaRuleError, type SourcePos } from './errors.js';

export type YamlPath = (string | number)[];

export interface RuleDocument {
  /** Plain JavaScript value of the document. */
  data: Record<string, unknown>;
  file: string;
  /** Index of the document in a multi-document file. */
  index: number;
  /** Position of the key (or item) at `path`, or of its nearest ancestor. */
  pos(path: YamlPath): SourcePos;
}

/**
 * A plain scalar of digits with a leading zero (an account id such as
 * 012345678901) stays a string: YAML 1.2 would read it as the number
 * 12345678901 (and YAML 1.1 as octal when every digit is 0-7), which no
 * field value equals.
 */
const LEADING_ZERO = { default: true, tag: 'tag:yaml.org,2002:str', test: /^[-+]?0[0-9_]+$/, resolve: (s: string) => s };

/**
 * The rule documents of a file. A document that is not valid YAML, or not a
 * mapping, goes to `errors` and the file's other documents are still read.
 */
export function parseRuleFile(text: string, file: string, errors: SigmaRuleError[]): RuleDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, customTags: (tags) => [LEADING_ZERO, ...tags] });
  const at = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  if (!Array.isArray(docs)) {
    // parseAllDocuments returns an EmptyStream for an empty file.
    return [];
  }
  const out: RuleDocument[] = [];
  docs.forEach((doc: Document.Parsed, index: number) => {
    const err = doc.errors[0];
    if (err) return void errors.push(new SigmaRuleError(`invalid YAML: ${err.message.split('\n')[0]}`, at(err.pos[0])));
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch (e) {
      return void errors.push(new SigmaRuleError(`invalid YAML: ${(e as Error).message.split('\n')[0]}`, at(doc.contents?.range?.[0] ?? 0)));
    }
    if (data === null || data === undefined) return; // an empty document (e.g. trailing ---)
    if (typeof data !== 'object' || Array.isArray(data))
      return void errors.push(new SigmaRuleError('a Sigma rule must be a YAML mapping', at(doc.contents?.range?.[0] ?? 0)));
    out.push({
      data: data as Record<string, unknown>,
      file,
      index,
      pos: (path) => at(offsetOf(doc.contents as Node | null, path)),
    });
  });
  return out;
}

function offsetOf(root: Node | null, path: YamlPath): number {
  let node: unknown = root;
  let offset = (root as Node | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}
