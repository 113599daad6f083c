/**
 * mamori detect as a library: the Sigma engine, the CloudTrail readers and
 * the detector, usable without the CLI.
 */
export { Detector, type DetectorOptions, type DetectorStats } from './engine.js';
export { AlertBook, principalOf, type Alert } from './alert.js';
export { fieldGetter, type CloudTrailEvent } from './event.js';
export { BUILTIN_RULES_DIR, loadBuiltinRules } from './builtin.js';
export { detectFiles, detectSources, evaluate, type DetectOptions, type DetectSources } from './run.js';
export { parseTimeArg } from './time.js';
export { readS3Events, listTrailObjects, parseS3Url, daysInRange } from './input/s3.js';
export { lookupEvents, RateLimiter } from './input/lookup.js';
export { compileSources, loadRules, ruleFiles, type LoadResult, type RuleSet } from './sigma/ruleset.js';
export { SigmaRuleError, type SourcePos } from './sigma/errors.js';
export type { CorrelationRule, DetectionRule, FilterRule, Level } from './sigma/rule.js';
export { readEvents, readStream, newSummary, type InputProblem, type InputSummary, type ReadOptions } from './input/read.js';
export { findEventFiles, dayFolderOutOfRange } from './input/files.js';
export { RecordScanner } from './input/scanner.js';
export { toJson, toJsonLines, toSarifLog, toTerminal, FORMATS, type DetectReport, type Format } from './output.js';
export { watch, lookupSource, s3Source, type WatchOptions, type WatchSource, type WatchStats } from './watch.js';
export { jsonlFileSink, snsSink, streamSink, webhookSink, slackEscape, summaryLine, retryAfterMs, type AlertSink, type WebhookOptions } from './sinks.js';
export { detectFilesParallel, defaultWorkers } from './parallel.js';
