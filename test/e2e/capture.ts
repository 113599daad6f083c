/** Runs `fn` with process.stdout captured, returning what it printed. */
export async function captureStdout(fn: () => Promise<unknown>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  (process.stdout as any).write = (chunk: any, ...rest: any[]) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    const cb = rest.find((r) => typeof r === 'function');
    if (cb) cb();
    return true;
  };
  try {
    await fn();
  } finally {
    (process.stdout as any).write = write;
  }
  return out;
}
