/**
 * Detection over many files on several cores. Workers (./worker.ts) do the
 * expensive part — inflate, parse, single-event rules — on files handed out
 * in delivery order; the main thread consumes their results strictly in that
 * order, so correlations and alerts are exactly what a single thread gives.
 * Memory: at most a few files in flight per worker, and only matched events
 * travel back.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadBuiltinRules } from './builtin.js';
import { Detector } from './engine.js';
import { findEventFiles } from './input/files.js';
import { newSummary, type InputProblem } from './input/read.js';
import type { DetectReport } from './output.js';
import { detectFiles, prefilterWanted, type DetectOptions } from './run.js';
import type { DetectionRule } from './sigma/rule.js';
import type { Match, WorkerInit, WorkerResult } from './worker.js';

export function defaultWorkers(): number {
  return Math.min(4, availableParallelism());
}

export async function detectFilesParallel(paths: string[], opts: DetectOptions & { workers?: number } = {}): Promise<DetectReport> {
  const files = findEventFiles(paths, opts);
  // Starting workers costs more than a handful of files is worth.
  if ((opts.workers ?? defaultWorkers()) <= 1 || files.length < 8) return detectFiles(paths, opts);
  const loaded = loadBuiltinRules(opts.rules ?? [], opts.builtin ?? true);
  const detector = new Detector(loaded.ruleset, opts);
  const summary = newSummary();
  const problems: InputProblem[] = [];
  const maxProblems = opts.maxProblems ?? 1000;
  const n = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), files.length || 1));
  const init: WorkerInit = {
    rules: opts.rules ?? [],
    builtin: opts.builtin ?? true,
    prefilter: prefilterWanted(opts),
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    ...(opts.until !== undefined ? { until: opts.until } : {}),
    ...(opts.maxRecordBytes ? { maxRecordBytes: opts.maxRecordBytes } : {}),
  };
  const workers = Array.from({ length: n }, () => new Worker(new URL('./worker.js', import.meta.url), { workerData: init }));
  const pending = new Map<number, WorkerResult>();
  let nextToSend = 0;
  let nextToConsume = 0;
  const inFlight = new Map<Worker, number>();
  const PER_WORKER = 3;

  try {
    await new Promise<void>((resolve, reject) => {
      const consume = () => {
        while (pending.has(nextToConsume)) {
          const r = pending.get(nextToConsume)!;
          pending.delete(nextToConsume);
          nextToConsume++;
          summary.files += r.summary.files;
          summary.events += r.summary.events;
          summary.outOfRange += r.summary.outOfRange;
          summary.filesWithErrors += r.summary.filesWithErrors;
          for (const [k, v] of Object.entries(r.summary.skipped)) summary.skipped[k] = (summary.skipped[k] ?? 0) + v;
          for (const p of r.problems) {
            if (problems.length < maxProblems) problems.push(p);
            opts.onProblem?.(p);
          }
          detector.stats.events += r.summary.events;
          for (const m of JSON.parse(r.matches) as Match[]) detector.accept(m.event, m.rules.map((id) => loaded.ruleset.byRef.get(id) as DetectionRule));
          if (Number.isFinite(r.newest)) detector.advance(r.newest);
        }
        if (nextToConsume === files.length) resolve();
      };
      const feed = (w: Worker) => {
        // Results are consumed in order; bound how far ahead workers may run.
        while ((inFlight.get(w) ?? 0) < PER_WORKER && nextToSend < files.length && nextToSend - nextToConsume < n * PER_WORKER * 4) {
          w.postMessage({ index: nextToSend, file: files[nextToSend] });
          inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
          nextToSend++;
        }
      };
      for (const w of workers) {
        w.on('message', (r: WorkerResult) => {
          inFlight.set(w, inFlight.get(w)! - 1);
          pending.set(r.index, r);
          consume();
          for (const x of workers) feed(x);
        });
        w.on('error', reject);
        feed(w);
      }
      if (files.length === 0) resolve();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return {
    alerts: detector.finish(),
    input: summary,
    problems,
    rules: { loaded: loaded.ruleset.detections.length + loaded.ruleset.correlations.length, rejected: loaded.errors.map((e) => ({ ...e.pos, message: e.message })) },
  };
}
