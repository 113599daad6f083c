/** Waits `ms`, or less: a stop (`signal` aborted, e.g. by Ctrl-C) ends the wait at once, as does one that came before. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => (clearTimeout(t), signal?.removeEventListener('abort', done), resolve());
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
