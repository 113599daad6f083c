/** Where in a rule file something is. Lines and columns are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/**
 * A rule that cannot be loaded as written. Rules are never partially applied:
 * anything the engine does not understand rejects the whole rule, naming the
 * feature, so a detection never silently matches less than its author meant.
 */
export class SigmaRuleError extends Error {
  constructor(
    message: string,
    readonly pos: SourcePos,
    /** The unsupported feature, when that is the reason. */
    readonly feature?: string,
  ) {
    super(`${pos.file}:${pos.line}:${pos.col}: ${message}`);
    this.name = 'SigmaRuleError';
  }
}
