/**
 * A rule's `|re` runs on text an attacker writes: user agents, names, request
 * parameters, policy documents. A backtracking pattern such as `(a+)+$` takes
 * minutes on a few dozen characters, and one crafted field would stall
 * detection. V8 can hand a match that backtracks excessively to its
 * linear-time engine, which gives the same answer for what Sigma's regular
 * expressions may use (no back-references or look-arounds: the modifiers
 * appendix); matches that backtrack little keep the usual engine and its
 * speed. The flag is process-wide and read when a match runs, so setting it
 * before the first rule is compiled covers worker threads too.
 *
 * Node 20's V8 cannot run a case-insensitive expression (`|re|i`) on that
 * engine: those keep backtracking (docs/detect.md says so). Wildcards do not
 * use regular expressions at all (wildcard.ts).
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

/** A rule's regular expression (the flag above is set once this module is loaded). */
export function ruleRegExp(source: string, flags: string): RegExp {
  return new RegExp(source, flags);
}
