/**
 * Exit codes (docs/exit-codes.md). Commands request a code instead of setting
 * process.exitCode themselves, so that the program run in-process by the
 * tests does not end the test runner with it.
 */
export const EXIT = {
  OK: 0,
  /** `--fail-on`: a FAIL at or above the threshold remains. */
  FINDINGS: 1,
  /** Usage, configuration or runtime error. */
  ERROR: 2,
  /** Interrupted (Ctrl-C); the scan can be resumed. */
  INTERRUPTED: 130,
} as const;

let requested: number = EXIT.OK;

export function requestExit(code: number): void {
  requested = Math.max(requested, code);
}

/** The code requested by the last command, reset for the next run. */
export function takeExitCode(): number {
  const c = requested;
  requested = EXIT.OK;
  return c;
}
