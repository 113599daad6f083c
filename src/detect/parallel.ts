/**
 * Detection over many files on several cores. The expensive part — inflate,
 * parse, single-event rules (./file-matcher.ts) — runs on n - 1 workers
 * (./worker.ts) and on this thread, which reads a file itself whenever it has
 * no result to apply yet; files are handed out in delivery order and results
 * applied strictly in that order, so correlations and alerts are exactly what
 * a single thread gives. Memory: files are read at most a bounded distance
 * ahead of the last one applied, and only matched events travel back.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadBuiltinRules } from './builtin.js';
import { mergeWindows } from './alert.js';
import { Detector } from './engine.js';
import { findEventFiles } from './input/files.js';
import { newSummary, countedProblem, type InputProblem } from './input/read.js';
import type { DetectReport } from './output.js';
import { detectFiles, prefilterWanted, problemCollector, type DetectOptions } from './run.js';
import { FileMatcher, type FileMatches } from './file-matcher.js';
import type { WorkerInit, WorkerResult } from './worker.js';
import { MatchWire } from './wire.js';

export function defaultWorkers(): number {
  return Math.min(4, availableParallelism());
}

export async function detectFilesParallel(paths: string[], opts: DetectOptions & { workers?: number } = {}): Promise<DetectReport> {
  // Entries the walk could not follow are reported below (or by detectFiles, which walks again).
  const unfollowed: InputProblem[] = [];
  const files = findEventFiles(paths, opts, (p) => unfollowed.push(p));
  // Starting workers costs more than a handful of files is worth.
  if ((opts.workers ?? defaultWorkers()) <= 1 || files.length < 8) return detectFiles(paths, opts);
  const n = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), files.length || 1));
  const init: WorkerInit = {
    rules: opts.rules ?? [],
    builtin: opts.builtin ?? true,
    prefilter: prefilterWanted(opts),
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    ...(opts.until !== undefined ? { until: opts.until } : {}),
    ...(opts.maxRecordBytes ? { maxRecordBytes: opts.maxRecordBytes } : {}),
  };
  // Workers start first: their start-up (modules, rules) overlaps this thread's.
  const workers = Array.from({ length: n - 1 }, () => new Worker(new URL('./worker.js', import.meta.url), { workerData: init }));
  let loaded: ReturnType<typeof loadBuiltinRules>;
  try {
    loaded = loadBuiltinRules(opts.rules ?? [], opts.builtin ?? true);
  } catch (err) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  }
  const detector = new Detector(loaded.ruleset, opts);
  const summary = newSummary();
  const { problems, onProblem, omitted } = problemCollector(opts);
  unfollowed.forEach(countedProblem({ onProblem }, summary));
  // Each worker keeps up to PER_WORKER files queued; this thread takes the next file itself
  // whenever the one it must apply next is not ready (rather than wait: it also applies
  // every result, so it takes fewer files than a worker when that is the larger share).
  const local = new FileMatcher(loaded.ruleset, init, true);
  const arrived = new Map<number, WorkerResult>();
  const readHere = new Map<number, FileMatches>();
  const inFlight = new Map<Worker, number>();
  const PER_WORKER = 3;
  // How far past the last applied file anyone may read: bounds the results held.
  const LOOKAHEAD = n * PER_WORKER * 4;
  let next = 0;
  let applied = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const canHandOut = () => next < files.length && next - applied < LOOKAHEAD;
  const feed = () => {
    for (const w of workers) {
      while ((inFlight.get(w) ?? 0) < PER_WORKER && canHandOut()) {
        w.postMessage({ index: next, file: files[next] });
        inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
        next++;
      }
    }
  };
  for (const w of workers) {
    w.on('message', (r: WorkerResult) => {
      inFlight.set(w, inFlight.get(w)! - 1);
      arrived.set(r.index, r);
      feed();
      wake?.();
    });
    w.on('error', (err) => {
      failure = err;
      wake?.();
    });
    // A worker gone before the end (killed, out of memory) would otherwise leave its files waited for forever.
    w.on('exit', (code) => {
      if (applied >= files.length) return;
      failure ??= new Error(`a detect worker exited (code ${code}) before reading its files`);
      wake?.();
    });
  }
  const wire = new MatchWire(loaded.ruleset);
  const fromWorker = (r: WorkerResult): FileMatches => ({ ...r, matches: wire.decode(r) });
  const resultOf = async (i: number): Promise<FileMatches> => {
    for (;;) {
      if (failure) throw failure;
      const here = readHere.get(i);
      if (here) {
        readHere.delete(i);
        return here;
      }
      const there = arrived.get(i);
      if (there) {
        arrived.delete(i);
        return fromWorker(there);
      }
      if (canHandOut()) {
        const mine = next++;
        const r = await local.run(files[mine]!);
        readHere.set(mine, { ...r, matches: wire.cutDown(r.matches) });
        // Workers' messages arrive as macrotasks: let them in before looking again.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else await new Promise<void>((resolve) => (wake = resolve));
    }
  };

  try {
    feed();
    for (; applied < files.length; applied++) {
      const r = await resultOf(applied);
      summary.files += r.summary.files;
      summary.events += r.summary.events;
      summary.outOfRange += r.summary.outOfRange;
      summary.filesWithErrors += r.summary.filesWithErrors;
      for (const [k, v] of Object.entries(r.summary.skipped)) summary.skipped[k] = (summary.skipped[k] ?? 0) + v;
      for (const p of r.problems) onProblem(p);
      detector.stats.events += r.summary.events;
      // Event by event, as detectFiles: a match where its event was, time moved by the others.
      let match = 0;
      for (let i = 0; i < r.times.length; i++) {
        const m = r.matches[match];
        if (m?.at === i) {
          detector.accept(m.event, m.rules, r.times[i]);
          match++;
        } else if (Number.isFinite(r.times[i])) detector.advance(r.times[i]!);
      }
      feed();
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return {
    alerts: detector.finish(),
    input: summary,
    problems,
    ...(omitted() ? { problemsOmitted: omitted() } : {}),
    rules: { loaded: loaded.ruleset.detections.length + loaded.ruleset.correlations.length, rejected: loaded.errors.map((e) => ({ ...e.pos, message: e.message })) },
    windowOf: mergeWindows(loaded.ruleset),
  };
}
