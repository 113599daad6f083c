/**
 * Terminal styling: colour only on a TTY, and never when NO_COLOR is set
 * (https://no-color.org) or FORCE_COLOR=0.
 */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
}

export function useColor(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0') return false;
  if (env.FORCE_COLOR) return true;
  return !!stream.isTTY;
}

export function style(color: boolean): Style {
  const w = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: w(1, 22), dim: w(2, 22), red: w(31, 39), yellow: w(33, 39), green: w(32, 39), cyan: w(36, 39), magenta: w(35, 39) };
}

/** Progress on stderr, only when it is a terminal: pipes and CI logs stay clean. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): (message: string) => void {
  if (!stream.isTTY) return () => {};
  return (message: string) => stream.write(`\r\u001b[2K${message.slice(0, (stream.columns ?? 80) - 1)}`);
}
export function clearProgress(stream: NodeJS.WriteStream = process.stderr): void {
  if (stream.isTTY) stream.write('\r\u001b[2K');
}
