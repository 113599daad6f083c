/**
 * Reads CloudTrail events from files, streaming: gzip is inflated on the fly
 * and records are parsed one at a time. Whatever cannot be read is reported
 * with its file and position and counted; the rest is still processed.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import { setRecordText, type CloudTrailEvent } from '../event.js';
import { findEventFiles, type TimeRange } from './files.js';
import { RecordPrefilter } from './prefilter.js';
import { containerOf, isObject, unreadableColumns, unwrap, type Container } from './containers.js';
import { RecordScanner, where, type ScannedRecord, type ScanProblem } from './scanner.js';
import { parseEventTime } from '../time.js';

export interface InputProblem {
  file: string;
  line?: number;
  /** With `line`: the column (characters) where the record or value starts. */
  column?: number;
  kind: ScanProblem['kind'] | 'gzip' | 'io' | 'missing-fields' | 'not-a-record' | 'unreadable-columns';
  message: string;
}

export interface InputSummary {
  files: number;
  /** Records read and kept. */
  events: number;
  /** Records outside --since/--until. */
  outOfRange: number;
  /** Records that could not be used, by reason. */
  skipped: Record<string, number>;
  /** Files that could not be read to the end. */
  filesWithErrors: number;
}

export interface ReadOptions extends TimeRange {
  maxRecordBytes?: number;
  onProblem?: (p: InputProblem) => void;
  /**
   * Skip parsing records that no rule can match (compact delivery files only,
   * see prefilter.ts). Such records are not yielded: each one that is in the
   * time range is counted in the summary and its event time passed to
   * `onSkip`, in file order between the yielded events. With `keepText`,
   * each parsed record carries where its JSON text is (setRecordText): a
   * worker forwards those bytes instead of serializing the event again.
   */
  prefilter?: { filter: RecordPrefilter; onSkip: (timeMs: number) => void; keepText?: boolean };
}

/** A parsed event, or the event time of a record the prefilter judged without parsing. */
type Item = CloudTrailEvent | number;

/** The fields every CloudTrail record has; without them a record cannot be judged. */
const REQUIRED = ['eventTime', 'eventName', 'eventSource'] as const;

export function newSummary(): InputSummary {
  return { files: 0, events: 0, outOfRange: 0, skipped: {}, filesWithErrors: 0 };
}

/** Events from every file under `paths`, in delivery order. */
export async function* readEvents(paths: string[], opts: ReadOptions = {}, summary: InputSummary = newSummary()): AsyncGenerator<CloudTrailEvent> {
  for (const file of findEventFiles(paths, opts, countedProblem(opts, summary))) yield* readFile(file, opts, summary);
}

/**
 * Reports a problem (the reader's own, a directory entry the walk cannot
 * follow, an S3 object that cannot be fetched) and counts it in `skipped`.
 */
export function countedProblem(opts: Pick<ReadOptions, 'onProblem'>, summary: InputSummary): (p: InputProblem) => void {
  return (p) => {
    // A missing comma between records is reported, but the record is read: nothing skipped.
    if (p.kind !== 'missing-comma') summary.skipped[p.kind] = (summary.skipped[p.kind] ?? 0) + 1;
    opts.onProblem?.(p);
  };
}

/**
 * One local file: through the whole-file path when it takes it (below),
 * otherwise streamed, which reports problems by line.
 */
async function* readFile(file: string, opts: ReadOptions, summary: InputSummary): AsyncGenerator<CloudTrailEvent> {
  yield* readWholeFile(file, opts, summary) ?? streamFile(file, opts, summary);
}

/**
 * Calls `each` for every event of a local file: in a plain loop when the
 * whole-file path takes the file (no await per event), else streamed.
 */
export async function forEachEvent(file: string, opts: ReadOptions, summary: InputSummary, each: (e: CloudTrailEvent) => void): Promise<void> {
  const whole = readWholeFile(file, opts, summary);
  if (whole) for (const e of whole) each(e);
  else for await (const e of streamFile(file, opts, summary)) each(e);
}

/** A local file streamed: the careful path, for files readWholeFile does not take. */
function streamFile(file: string, opts: ReadOptions, summary: InputSummary): AsyncGenerator<CloudTrailEvent> {
  return readStream(file, () => createReadStream(file), opts, summary);
}

/**
 * A local file's events, synchronously, when it is small enough to hold
 * whole and intact (a delivery file is a few hundred KB; there is nothing
 * else to do meanwhile, and a loop over it avoids an await per event);
 * undefined when it must be streamed instead (readFile).
 */
function readWholeFile(file: string, opts: ReadOptions, summary: InputSummary): Iterable<CloudTrailEvent> | undefined {
  const max = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD;
  let buf: Buffer;
  try {
    if (statSync(file).size > max) return undefined;
    buf = readFileSync(file);
  } catch {
    return undefined; // the stream reports the error
  }
  const fast = wholeFile(buf, max, file, opts.prefilter);
  if (!fast) return undefined;
  summary.files++;
  return fromItems(fast, opts, summary);
}

/** The events of the whole-file path, counted and range-checked; skipped records reported to `onSkip`. */
function* fromItems(items: Item[], opts: ReadOptions, summary: InputSummary): Generator<CloudTrailEvent> {
  for (const e of items) {
    if (typeof e === 'number') {
      if (!inRangeTime(e, opts, summary)) continue;
      summary.events++;
      opts.prefilter!.onSkip(e);
      continue;
    }
    if (!inRangeOf(e, opts, summary)) continue;
    summary.events++;
    yield e;
  }
}

function inRangeOf(e: CloudTrailEvent, opts: TimeRange, summary: InputSummary): boolean {
  if (opts.since === undefined && opts.until === undefined) return true;
  return inRangeTime(parseEventTime(e.eventTime as string), opts, summary);
}

function inRangeTime(t: number, opts: TimeRange, summary: InputSummary): boolean {
  if (opts.since === undefined && opts.until === undefined) return true;
  if ((opts.since !== undefined && t < opts.since) || (opts.until !== undefined && t > opts.until)) {
    summary.outOfRange++;
    return false;
  }
  return true;
}

/**
 * Events from one stream (a file, an S3 object body). `open` is called once;
 * gzip is detected by its magic bytes, not the name.
 */
export async function* readStream(name: string, open: () => Readable, opts: ReadOptions, summary: InputSummary): AsyncGenerator<CloudTrailEvent> {
  summary.files++;
  let failed = false;
  const counted = countedProblem(opts, summary);
  // Lake columns that cannot be read are the query's doing, the same in every row: said once per file.
  let columnsReported = false;
  const problem = (p: InputProblem) => {
    if (p.kind === 'unreadable-columns') {
      if (columnsReported) return;
      columnsReported = true;
    }
    counted(p);
  };
  const inRange = (e: CloudTrailEvent) => inRangeOf(e, opts, summary);
  let raw: Readable;
  try {
    raw = open();
  } catch (err) {
    problem({ file: name, kind: 'io', message: `cannot read: ${(err as Error).message}` });
    summary.filesWithErrors++;
    return;
  }
  // Fast path: a delivery file is small. Read it whole (up to a bound), inflate and
  // parse it in one go, which is several times faster than splitting records.
  // Anything unusual (too big, damaged, invalid, a record that fails checks)
  // goes to the streaming path, which reports problems by line.
  const maxRecord = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD;
  const head: Buffer[] = [];
  let headBytes = 0;
  const it = raw[Symbol.asyncIterator]();
  let ended = false;
  try {
    while (headBytes <= maxRecord) {
      const n = await it.next();
      if (n.done) {
        ended = true;
        break;
      }
      const b = Buffer.isBuffer(n.value) ? n.value : Buffer.from(n.value);
      head.push(b);
      headBytes += b.length;
    }
  } catch (err) {
    problem({ file: name, kind: 'io', message: `cannot read: ${(err as Error).message}` });
    summary.filesWithErrors++;
    return;
  }
  if (ended) {
    const fast = wholeFile(Buffer.concat(head), maxRecord, name, opts.prefilter);
    if (fast) {
      yield* fromItems(fast, opts, summary);
      return;
    }
  }
  const rest = async function* () {
    yield* head;
    if (ended) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value as Buffer;
    }
  };
  const stream = Readable.from(rest(), { objectMode: false });

  let queue: CloudTrailEvent[] = [];
  const scanner = new RecordScanner(
    (r) => {
      for (const e of toEvents(r, name, problem)) if (inRange(e)) queue.push(e);
    },
    (p) => {
      if (p.kind === 'truncated') failed = true;
      problem({ file: name, line: p.line, column: p.column, kind: p.kind, message: p.message });
    },
    opts.maxRecordBytes,
  );
  let gzipFailed = false;
  let pushed = 0;
  try {
    const text = await decoded(stream, () => (gzipFailed = true));
    for await (const chunk of text) {
      pushed += (chunk as string).length;
      scanner.push(chunk as string);
      if (queue.length) {
        const batch = queue;
        queue = [];
        for (const e of batch) {
          summary.events++;
          yield e;
        }
      }
    }
  } catch (err) {
    failed = true;
    // The stream drops what zlib inflated in the call that failed: for a file held
    // whole, that text is inflated again here and read (for a small file it is all of it).
    if (gzipFailed && ended) scanner.push(inflatedBeforeDamage(Buffer.concat(head), maxRecord).toString('utf8').slice(pushed));
    const msg = (err as Error).message;
    problem({ file: name, kind: gzipFailed ? 'gzip' : 'io', message: gzipFailed ? `gzip data is corrupt or truncated (${msg}); records before the damage were read` : `cannot read: ${msg}` });
  }
  if (!gzipFailed) scanner.end();
  for (const e of queue) {
    summary.events++;
    yield e;
  }
  if (failed) summary.filesWithErrors++;
}

const DEFAULT_MAX_RECORD = 8 * 1024 * 1024;

/**
 * The whole-file fast path: every record of a small, intact file, or
 * undefined when the file needs the careful (streaming, line-reporting) path.
 */
function wholeFile(buf: Buffer, maxBytes: number, name: string, prefilter?: ReadOptions['prefilter']): Item[] | undefined {
  let text: string;
  try {
    const gz = buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
    // Decompressed size is capped: a record can be no larger than the file.
    let bytes = gz ? gunzipSync(buf, { maxOutputLength: maxBytes, chunkSize: inflatedSizeHint(buf, maxBytes) }) : buf;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3); // a byte order mark
    // Only gzip (whose checksum vouches that the bytes are whole) is prefiltered: a
    // skipped record's JSON syntax is not checked, and damaged plain files must reach the careful path.
    if (gz && prefilter) {
      const items = prefiltered(bytes, name, prefilter.filter, prefilter.keepText ?? false);
      if (items) return items;
    }
    text = textOf(bytes);
    if (text.length > maxBytes) return undefined;
  } catch {
    return undefined;
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object') return undefined;
  const container = containerOf(v);
  const items: unknown[] = container ? (v as Record<Container, unknown[]>)[container] : Array.isArray(v) ? v : [v];
  const out: CloudTrailEvent[] = [];
  let bad = false;
  const noProblem = () => void (bad = true);
  for (const item of items) {
    const evs = fromValue(item, container, 0, 0, name, noProblem);
    if (bad) return undefined;
    for (const e of evs) out.push(e);
  }
  return out;
}

/**
 * Output chunk size for inflating a gzip file in one go: the size the gzip
 * trailer records (ISIZE, the last member's length mod 2^32) plus one byte,
 * so that zlib fills a single buffer instead of 16 KiB chunks joined by a
 * final copy — that halved the inflate time of a delivery file. Only a hint:
 * a wrong ISIZE (several members, a crafted file) costs chunks, not data.
 */
function inflatedSizeHint(gz: Buffer, maxBytes: number): number {
  const isize = gz.length >= 18 ? gz.readUInt32LE(gz.length - 4) : 0;
  return Math.min(Math.max(isize + 1, 64 * 1024), maxBytes + 1);
}

/**
 * The whole-file path with the prefilter: records split by bytes, only
 * candidates decoded and parsed. Undefined when the file is not a compact
 * delivery file or a candidate is not a valid record (then the file takes
 * the ordinary path, which reports what is wrong).
 */
function prefiltered(bytes: Buffer, name: string, filter: RecordPrefilter, keepText: boolean): Item[] | undefined {
  const segs = RecordPrefilter.split(bytes);
  if (!segs) return undefined;
  const out: Item[] = [];
  let bad = false;
  const noProblem = () => void (bad = true);
  let parsed = 0;
  const times = filter.judge(bytes, segs);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    const t = times[i]!;
    if (!Number.isNaN(t)) {
      out.push(t);
      continue;
    }
    let v: unknown;
    const text = bytes.toString('utf8', s.start, s.end);
    try {
      v = JSON.parse(text);
    } catch {
      return undefined;
    }
    const evs = fromValue(v, 'Records', 0, 0, name, noProblem);
    if (bad || evs.length !== 1) return undefined;
    if (keepText) setRecordText(evs[0]!, { bytes, start: s.start, end: s.end });
    out.push(evs[0]!);
    parsed++;
  }
  filter.parsed += parsed;
  filter.skipped += segs.length - parsed;
  return out;
}

/**
 * What a damaged gzip file inflates to before its damage (bytes after the
 * last member, a bad checksum, a broken member): the output of its longest
 * prefix that inflates without an error, found by bisection. Only damaged
 * files come here; at most `maxBytes` are inflated.
 */
function inflatedBeforeDamage(gz: Buffer, maxBytes: number): Buffer {
  const inflate = (n: number): Buffer | undefined => {
    try {
      // Z_SYNC_FLUSH: a prefix that ends inside a member gives what it holds instead of an error.
      return gunzipSync(gz.subarray(0, n), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: maxBytes });
    } catch {
      return undefined;
    }
  };
  let best: Buffer = Buffer.alloc(0);
  let lo = 0;
  let hi = gz.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const out = inflate(mid);
    if (out) [lo, best] = [mid, out];
    else hi = mid - 1;
  }
  return best;
}

/**
 * UTF-16 (little-endian) by its byte order mark: what Windows PowerShell 5's
 * `>` writes, e.g. `aws cloudtrail lookup-events > events.json`. Read as
 * UTF-8, every record of it would be lost as invalid JSON.
 */
function utf16(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
}

/** A whole file's text: UTF-8, or UTF-16 by its byte order mark; a byte order mark is left out. */
export function textOf(bytes: Buffer): string {
  const text = utf16(bytes) ? bytes.toString('utf16le') : bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A text stream of the content (UTF-8, or UTF-16 with its byte order mark), inflating gzip when the first bytes say so. */
async function decoded(raw: Readable, onGzipError: () => void): Promise<AsyncIterable<string>> {
  const it = raw[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : Buffer.from(first.value as Buffer);
  const rest = async function* () {
    if (!first.done) yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value as Buffer;
    }
  };
  const gz = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const src = Readable.from(rest(), { objectMode: false });
  if (!gz) {
    src.setEncoding(utf16(head) ? 'utf16le' : 'utf8');
    return src as AsyncIterable<string>;
  }
  const gunzip = createGunzip();
  gunzip.on('error', onGzipError);
  src.on('error', (e) => gunzip.destroy(e));
  src.pipe(gunzip);
  gunzip.setEncoding('utf8');
  return gunzip as AsyncIterable<string>;
}

/** Turns one scanned record into events, by format, validating the fields rules rely on. */
export function toEvents(r: ScannedRecord, file: string, problem: (p: InputProblem) => void): CloudTrailEvent[] {
  let v: unknown;
  try {
    v = JSON.parse(r.text);
  } catch (err) {
    problem({ file, line: r.line, column: r.column, kind: 'invalid-json', message: `invalid JSON in the record at ${where(r.line, r.column)}: ${(err as Error).message}` });
    return [];
  }
  return fromValue(v, r.container, r.line, r.column, file, problem);
}

// Runs for every record parsed: nothing is made for the message unless there is a problem.
function fromValue(v: unknown, container: ScannedRecord['container'], line: number, column: number, file: string, problem: (p: InputProblem) => void): CloudTrailEvent[] {
  let o: Record<string, unknown>;
  // A delivered record (by far the most common) needs no unwrapping, and no object for it.
  if (container === 'Records' && isObject(v)) o = v;
  else {
    const u = unwrap(v, container);
    if (!('record' in u)) {
      const what = container === 'Events' ? 'lookup-events entry' : container === 'QueryResultRows' ? 'CloudTrail Lake row' : isObject(v) ? 'object' : 'value';
      problem({ file, line, column, kind: u.kind, message: `${what} at ${where(line, column)} ${u.why}` });
      return [];
    }
    o = u.record;
    // The record is read; what is inside those columns is not (the whole-file path takes this as a
    // problem and hands the file to the streaming one, which reports it once, with its position).
    if (u.unreadable) problem({ file, line, column, kind: 'unreadable-columns', message: `row at ${where(line, column)} ${unreadableColumns(u.unreadable)}; reported once per file` });
  }
  const missing = REQUIRED.filter((k) => typeof o[k] !== 'string');
  if (missing.length === 0 && Number.isNaN(parseEventTime(o.eventTime as string))) missing.push('eventTime');
  if (missing.length) {
    const id = typeof o.eventID === 'string' ? ` (eventID ${o.eventID.slice(0, 64)})` : '';
    problem({ file, line, column, kind: 'missing-fields', message: `record at ${where(line, column)}${id} lacks a valid ${missing.join(', ')}; skipped` });
    return [];
  }
  return [o];
}
