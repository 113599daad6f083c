/**
 * Worker thread for parallel detection: runs the per-file half
 * (file-matcher.ts) for the files it is sent and returns only the events
 * that matched something (with the rule ids), plus counts and problems.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadBuiltinRules } from './builtin.js';
import { FileMatcher, type FileMatches, type FileOptions } from './file-matcher.js';

export interface WorkerInit extends FileOptions {
  rules: string[];
  builtin: boolean;
}

export interface WorkerResult extends Omit<FileMatches, 'matches'> {
  index: number;
  /**
   * The matched events with their rule ids, as JSON text (`Match[]`): V8
   * deserializes a structured clone of many small objects at about twice the
   * cost of JSON.parse, and this is the main thread's biggest input. Events
   * come from JSON, so the round trip loses nothing.
   */
  matches: string;
}

const init = workerData as WorkerInit;
const matcher = new FileMatcher(loadBuiltinRules(init.rules, init.builtin).ruleset, init, true);

parentPort!.on('message', async (job: { index: number; file: string }) => {
  const r = await matcher.run(job.file);
  const result: WorkerResult = { ...r, index: job.index, matches: JSON.stringify(r.matches) };
  parentPort!.postMessage(result);
});
