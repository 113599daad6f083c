/**
 * Splits a stream of JSON text into CloudTrail records without holding the
 * whole document: `{"Records":[...]}` (S3 delivery), a top-level array, the
 * output of `aws cloudtrail lookup-events` (`{"Events":[...]}`), CloudTrail
 * Lake query results (`{"QueryResultRows":[...]}`), JSON Lines, or one record.
 *
 * Only one record's text is buffered at a time, and a record larger than the
 * limit is skipped (reported) rather than buffered. A value where a record
 * should be that is not one (a string, number, true, false or null in the
 * records array or between JSON Lines) is reported as `not-a-record`; a byte
 * order mark at the start is ignored. Positions are line and column numbers
 * (1-based, in characters) in the decoded text: a delivery file is one line.
 */

import { CONTAINERS, type Container } from './containers.js';

export type { Container };
const CONTAINER_KEYS = new Set<string>(CONTAINERS);

export interface ScannedRecord {
  text: string;
  line: number;
  column: number;
  /** Which wrapper held it; undefined for a bare record (JSON Lines, single object, top-level array). */
  container?: Container;
}

export interface ScanProblem {
  kind: 'invalid-json' | 'too-large' | 'truncated' | 'missing-comma' | 'no-records' | 'not-a-record';
  line: number;
  column: number;
  message: string;
}

export class RecordScanner {
  private depth = 0;
  private inStr = false;
  private esc = false;
  private line = 1;
  /** Characters pushed before the current chunk, and where the current line starts (same count). */
  private offset = 0;
  private lineStart = 0;
  /** Text of the value being captured (a record, or a top-level object that may turn out to be one). */
  private buf = '';
  private capturing = false;
  private captureStart = 0;
  private captureLine = 1;
  private captureCol = 1;
  private captureSize = 0;
  private skippingLarge = false;
  /** Depth at which records open: 1 in a top-level array / bare object, 3 inside {"Records":[...]}. */
  private recordDepth = 0;
  private container: Container | undefined;
  private topKind: '[' | '{' | undefined;
  /** Key-tracking at depth 1 of a top-level object, to find the container array. */
  private keyStart = -1;
  private keyBuf = '';
  private lastKey = '';
  private awaitingContainer = false;
  private afterElement = false;
  private junk = false;
  /** Directly inside the array whose elements are records (top level, or the container's). */
  private itemsOpen = false;
  /** A bare token (number, true, false, null, or stray text) where a record should start, being read. */
  private inToken = false;
  private token = '';
  private tokenLine = 0;
  private tokenCol = 0;
  private started = false;
  /**
   * The last character outside strings that was not white space, the line it was on, and
   * the kind (`{` or `[`) of every bracket open: where a `{` may start a value (below).
   */
  private prevSig = 0;
  private prevSigLine = 0;
  private readonly open: number[] = [];

  constructor(
    private readonly onRecord: (r: ScannedRecord) => void,
    private readonly onProblem: (p: ScanProblem) => void,
    private readonly maxRecordBytes = 8 * 1024 * 1024,
  ) {}

  push(s: string): void {
    const n = s.length;
    const base = this.offset;
    this.offset += n;
    const col = (i: number) => base + i - this.lineStart + 1;
    if (this.capturing) this.captureStart = 0;
    let i = 0;
    if (!this.started && n) {
      this.started = true;
      // A byte order mark: skipped, and not counted in columns.
      if (s.charCodeAt(0) === 0xfeff) this.lineStart = i = 1;
    }
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (this.inStr) {
        if (c === 10) {
          this.lineBreakInString();
          this.line++;
          this.lineStart = base + i + 1;
          continue;
        }
        if (this.esc) this.esc = false;
        else if (c === 92) this.esc = true;
        else if (c === 34) {
          this.inStr = false;
          this.sig(c);
          if (this.keyStart >= 0) {
            this.lastKey = this.keyBuf + s.slice(this.keyStart, i);
            this.keyStart = -1;
            this.keyBuf = '';
          }
        }
        continue;
      }
      if (this.inToken) {
        if (c > 32 && c !== 44 && c !== 58 && c !== 34 && c !== 91 && c !== 93 && c !== 123 && c !== 125) {
          if (this.token.length < 64) this.token += s[i];
          continue;
        }
        this.endToken();
      }
      switch (c) {
        case 10:
          this.line++;
          this.lineStart = base + i + 1;
          break;
        case 34: // "
          this.inStr = true;
          if (this.depth === 1 && this.topKind === '{' && !this.container) {
            this.keyStart = i + 1;
            this.keyBuf = '';
          } else if (!this.capturing && this.atItem() && !this.junk) this.notRecord('a string', this.line, col(i));
          break;
        case 123: // {
        case 91: // [
          if (c === 123 && this.capturing && this.line > this.prevSigLine && !this.valueMayStart()) this.cutBeforeLine();
          this.sig(c);
          this.open.push(c);
          if (this.depth === 0) this.startTop(c === 91 ? '[' : '{', i, col(i));
          else if (this.awaitingContainer && this.depth === 1) {
            this.awaitingContainer = false;
            if (c === 91 && CONTAINER_KEYS.has(this.lastKey)) {
              // {"Records": [ ... ]}: stop capturing the wrapper, capture its elements.
              this.container = this.lastKey as Container;
              this.recordDepth = 3;
              this.itemsOpen = true;
              this.capturing = false;
              this.buf = '';
              this.afterElement = false;
            }
          } else if (this.depth + 1 === this.recordDepth && !this.capturing) {
            if (this.afterElement) this.onProblem({ kind: 'missing-comma', line: this.line, column: col(i), message: `missing "," between records at ${where(this.line, col(i))}; the record is read anyway` });
            this.startCapture(i, col(i));
          }
          this.depth++;
          break;
        case 125: // }
        case 93: // ]
          if (this.depth === 0) {
            // A closer that opens nothing: text outside any record. Counting it would
            // leave the depth below zero, and every record after it would be misread.
            this.strayText(this.line, col(i));
            break;
          }
          this.sig(c);
          this.open.pop();
          this.depth--;
          if (this.depth + 1 === this.recordDepth && this.capturing) this.endCapture(s, i);
          else if (this.depth === 0) this.endTop(s, i);
          else if (this.depth + 2 === this.recordDepth) this.itemsOpen = false; // the container's array closed
          break;
        case 58: // :
          this.sig(c);
          if (this.depth === 1 && this.topKind === '{' && !this.container) this.awaitingContainer = true;
          break;
        case 44: // ,
          this.sig(c);
          if (this.depth === 1) this.awaitingContainer = false;
          this.afterElement = false;
          break;
        default:
          if (c <= 32) break;
          this.sig(c);
          if (this.depth === 1 && this.awaitingContainer) this.awaitingContainer = false;
          else if (!this.capturing && this.atItem()) {
            // A number, true, false, null, or text that is no JSON at all: judged when it ends.
            this.inToken = true;
            this.token = s[i]!;
            this.tokenLine = this.line;
            this.tokenCol = col(i);
          }
      }
    }
    if (this.inStr && this.keyStart >= 0) {
      this.keyBuf += s.slice(this.keyStart);
      this.keyStart = 0;
    }
    if (this.capturing) this.appendCapture(s.slice(this.captureStart));
  }

  /** End of input: reports a value left open (a truncated file). */
  end(): void {
    if (this.inToken) this.endToken();
    if (this.depth > 0 || this.inStr) {
      const column = this.offset - this.lineStart + 1;
      this.onProblem({
        kind: 'truncated',
        line: this.line,
        column,
        message: this.capturing || this.skippingLarge
          ? `input ends inside the record starting at ${where(this.captureLine, this.captureCol)} (truncated)`
          : `input ends at ${where(this.line, column)} inside an unclosed ${this.topKind === '[' ? 'array' : 'object'} (truncated)`,
      });
    }
  }

  /** Where a record (or, at the top, a record or its wrapper) would start. */
  private atItem(): boolean {
    return this.depth === 0 || (this.itemsOpen && this.depth + 1 === this.recordDepth);
  }

  /**
   * A line break inside a string. JSON strings cannot hold one, so the value
   * was cut short — a writer that stopped mid-line and went on appending —
   * and reading on as if the string went on would swallow every record after
   * it. The record is dropped (reported) and reading goes on between records
   * at the next line.
   */
  private lineBreakInString(): void {
    this.inStr = false;
    this.esc = false;
    this.keyStart = -1;
    this.keyBuf = '';
    if (!this.capturing) return; // a string where a record should be: reported when it began
    this.capturing = false;
    this.skippingLarge = false;
    this.buf = '';
    this.onProblem({ kind: 'invalid-json', line: this.captureLine, column: this.captureCol, message: `line ${this.line} ends inside a string: the record starting at ${where(this.captureLine, this.captureCol)} is cut short; skipped` });
    this.depth = this.recordDepth - 1;
    this.open.length = this.depth;
    if (this.depth === 0) this.resetTop();
    else this.afterElement = false;
  }

  private sig(c: number): void {
    this.prevSig = c;
    this.prevSigLine = this.line;
  }

  /** Whether JSON allows a `{` here: after `:`, or first in an array or after one of its commas. */
  private valueMayStart(): boolean {
    return this.prevSig === 58 || this.prevSig === 91 || (this.prevSig === 44 && this.open[this.open.length - 1] === 91);
  }

  /**
   * A `{` on a new line where JSON cannot have one (after a value, or where an
   * object needs a key): the record being read stopped mid-line outside a
   * string — a writer cut short after `"x": 1` or `{...}` — and a new one begins.
   * As for a line break in a string, reading on would nest every later record in
   * the cut one and lose them all; the cut record is dropped (reported) and this
   * `{` is read where a record may start.
   */
  private cutBeforeLine(): void {
    this.capturing = false;
    this.skippingLarge = false;
    this.buf = '';
    this.onProblem({ kind: 'invalid-json', line: this.captureLine, column: this.captureCol, message: `the record starting at ${where(this.captureLine, this.captureCol)} is cut short: a record starts at line ${this.line} before it closes; skipped` });
    this.depth = this.recordDepth - 1;
    this.open.length = this.depth;
    if (this.depth === 0) this.resetTop();
    else this.afterElement = false;
  }

  /** A bare token where a record should be ends: a JSON scalar is not a record; anything else is not JSON. */
  private endToken(): void {
    this.inToken = false;
    const t = this.token;
    this.token = '';
    if (this.junk) return;
    if (t === 'true' || t === 'false' || t === 'null') this.notRecord(t, this.tokenLine, this.tokenCol);
    else if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(t)) this.notRecord('a number', this.tokenLine, this.tokenCol);
    else this.strayText(this.tokenLine, this.tokenCol);
  }

  /** Text outside any JSON value: not a CloudTrail file, or damage between records. Reported once up to the next record. */
  private strayText(line: number, column: number): void {
    if (this.junk) return;
    this.junk = true;
    this.onProblem({ kind: 'invalid-json', line, column, message: `unexpected text at ${where(line, column)} outside any JSON record; skipped up to the next record` });
  }

  private notRecord(what: string, line: number, column: number): void {
    this.onProblem({ kind: 'not-a-record', line, column, message: `${what} at ${where(line, column)} is not a CloudTrail record; skipped` });
  }

  private startTop(kind: '[' | '{', i: number, column: number): void {
    this.topKind = kind;
    this.junk = false;
    this.container = undefined;
    this.afterElement = false;
    this.itemsOpen = kind === '[';
    if (kind === '[') this.recordDepth = 2;
    else {
      // Could be a record itself (JSON Lines) or a wrapper: capture until we know.
      this.recordDepth = 1;
      this.startCapture(i, column);
    }
  }

  private endTop(s: string, i: number): void {
    if (this.topKind === '{' && !this.container && this.capturing) this.endCapture(s, i);
    this.resetTop();
  }

  /** Back at the top level, between values. */
  private resetTop(): void {
    this.topKind = undefined;
    this.recordDepth = 0;
    this.container = undefined;
    this.itemsOpen = false;
    this.junk = false;
  }

  private startCapture(i: number, column: number): void {
    this.junk = false;
    this.capturing = true;
    this.skippingLarge = false;
    this.captureStart = i;
    this.captureLine = this.line;
    this.captureCol = column;
    this.captureSize = 0;
    this.buf = '';
  }

  private appendCapture(text: string): void {
    if (this.skippingLarge) return;
    this.captureSize += text.length;
    if (this.captureSize > this.maxRecordBytes) {
      this.skippingLarge = true;
      this.buf = '';
      return;
    }
    this.buf += text;
  }

  private endCapture(s: string, i: number): void {
    this.appendCapture(s.slice(this.captureStart, i + 1));
    this.capturing = false;
    this.afterElement = this.recordDepth > 1;
    if (this.skippingLarge) {
      this.skippingLarge = false;
      this.onProblem({ kind: 'too-large', line: this.captureLine, column: this.captureCol, message: `record at ${where(this.captureLine, this.captureCol)} is larger than ${this.maxRecordBytes} characters; skipped` });
      return;
    }
    const text = this.buf;
    this.buf = '';
    this.onRecord({ text, line: this.captureLine, column: this.captureCol, ...(this.container ? { container: this.container } : {}) });
  }
}

/** A position for messages: `line 3, column 17`. */
export function where(line: number, column: number): string {
  return `line ${line}, column ${column}`;
}
