/**
 * Worker thread for parallel detection: runs the per-file half
 * (file-matcher.ts) for the files it is sent and returns only the events
 * that matched something (with the rule ids), plus counts and problems.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadBuiltinRules } from './builtin.js';
import { FileMatcher, type FileMatches, type FileOptions, type Match } from './file-matcher.js';

export interface WorkerInit extends FileOptions {
  rules: string[];
  builtin: boolean;
}

export interface WorkerResult extends Omit<FileMatches, 'matches'> {
  index: number;
  /**
   * The matched events with their rule ids, as JSON text (`WireMatch[]`): V8
   * deserializes a structured clone of many small objects at about twice the
   * cost of JSON.parse, and this is the main thread's biggest input. Events
   * come from JSON, so the round trip loses nothing.
   */
  matches: string;
  /** Record texts of cut-down events (Match.text), apart: strings copy as they are, JSON would escape every quote. */
  texts: string[];
}

/** A Match on the wire: `text` replaced by its index in `texts`. */
export interface WireMatch {
  event: Match['event'];
  rules: string[];
  text?: number;
}

const init = workerData as WorkerInit;
const matcher = new FileMatcher(loadBuiltinRules(init.rules, init.builtin).ruleset, init, true);

parentPort!.on('message', async (job: { index: number; file: string }) => {
  const r = await matcher.run(job.file);
  const texts: string[] = [];
  const wire = r.matches.map((m): WireMatch => (m.text === undefined ? { event: m.event, rules: m.rules } : { event: m.event, rules: m.rules, text: texts.push(m.text) - 1 }));
  const result: WorkerResult = { ...r, index: job.index, matches: JSON.stringify(wire), texts };
  parentPort!.postMessage(result);
});
