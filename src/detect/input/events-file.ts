/**
 * The events of a small file given to `mamori rules test --fires-on/--quiet-on`:
 * a JSON array of records, `{"Records": [...]}`, lookup-events or CloudTrail
 * Lake output, one record, or JSON Lines
 * (records one after another), optionally gzipped. The whole document is
 * parsed first; only when it is not one JSON value is it read as records one
 * after another. Whatever cannot be read is an error naming the file and
 * line: a rule test must not pass on events it never saw.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { CloudTrailEvent } from '../event.js';
import { containerOf, unreadableColumns, unwrap, type Container } from './containers.js';
import { textOf } from './read.js';
import { RecordScanner } from './scanner.js';

export function readEventsFile(file: string): CloudTrailEvent[] {
  const raw = readFileSync(file);
  let bytes = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw);
    } catch (err) {
      throw new Error(`${file}: gzip data is corrupt or truncated (${(err as Error).message})`);
    }
  }
  const text = textOf(bytes);
  let whole: unknown;
  let parsed = true;
  try {
    whole = JSON.parse(text);
  } catch {
    parsed = false;
  }
  const events = parsed ? ofDocument(whole, file) : oneAfterAnother(text, file);
  if (!events.length) throw new Error(`${file}: no events in it`);
  return events;
}

/**
 * A whole JSON document: an array of records, {"Records": [...]}, the output
 * of `aws cloudtrail lookup-events` ({"Events": [...]}), CloudTrail Lake
 * results ({"QueryResultRows": [...]}), or one record.
 */
function ofDocument(v: unknown, file: string): CloudTrailEvent[] {
  const container = containerOf(v);
  const items = container ? (v as Record<Container, unknown[]>)[container] : Array.isArray(v) ? v : [v];
  return items.map((item, i) => record(item, container, () => `${file}: ${items.length === 1 && item === v ? 'the document' : `item ${i + 1} of ${container ?? 'the records'}`}`));
}

/** JSON Lines, or any records (or pages of them) one after another, each parsed on its own; the first error ends the reading. */
function oneAfterAnother(text: string, file: string): CloudTrailEvent[] {
  const out: CloudTrailEvent[] = [];
  const fail = (line: number, message: string): never => {
    throw new Error(`${file}:${line}: ${message}`);
  };
  const scanner = new RecordScanner(
    (r) => {
      let v: unknown;
      try {
        v = JSON.parse(r.text);
      } catch (err) {
        fail(r.line, `invalid JSON in the record at line ${r.line}: ${(err as Error).message}`);
      }
      out.push(record(v, r.container, () => `${file}:${r.line}: the value at line ${r.line}`));
    },
    // Records without a comma between them are read anyway, as detect does.
    (p) => void (p.kind !== 'missing-comma' && fail(p.line, p.message)),
  );
  scanner.push(text);
  scanner.end();
  return out;
}

/** The record an item holds (containers.ts), or an error naming the item. */
function record(item: unknown, container: Container | undefined, what: () => string): CloudTrailEvent {
  const u = unwrap(item, container);
  if (!('record' in u)) throw new Error(`${what()} ${u.why}`);
  if (u.unreadable) throw new Error(`${what()} ${unreadableColumns(u.unreadable)}`);
  return u.record as CloudTrailEvent;
}
