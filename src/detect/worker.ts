/**
 * Worker thread for parallel detection: runs the per-file half
 * (file-matcher.ts) for the files it is sent and returns only the events
 * that matched something (./wire.ts), plus counts and problems.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadBuiltinRules } from './builtin.js';
import { FileMatcher, type FileMatches, type FileOptions } from './file-matcher.js';
import { MatchWire, type WireMatches } from './wire.js';

export interface WorkerInit extends FileOptions {
  rules: string[];
  builtin: boolean;
}

export interface WorkerResult extends Omit<FileMatches, 'matches'>, WireMatches {
  index: number;
}

const init = workerData as WorkerInit;
const { ruleset } = loadBuiltinRules(init.rules, init.builtin);
const matcher = new FileMatcher(ruleset, init, true);
const wire = new MatchWire(ruleset);

parentPort!.on('message', async (job: { index: number; file: string }) => {
  const { matches, ...rest } = await matcher.run(job.file);
  const result: WorkerResult = { ...rest, ...wire.encode(matches), index: job.index };
  // The texts and times buffers are their own ArrayBuffers: handed over, not copied.
  parentPort!.postMessage(result, [result.texts.buffer as ArrayBuffer, result.times.buffer as ArrayBuffer]);
});
