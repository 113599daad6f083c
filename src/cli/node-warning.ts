/**
 * The AWS SDK warns on Node 20 that its 2027 releases need Node 22. That is
 * for the people packaging mamori (see `engines`), not for its users: keep it
 * out of the CLI's output, and let every other warning through.
 */
export function silenceNodeVersionWarning(): void {
  const original = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: any[]) => {
    const text = typeof warning === 'string' ? warning : warning?.message ?? '';
    const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
    if (type === 'NodeVersionSupportWarning' || /NodeVersionSupportWarning|no longer support(s|ed)? Node\.?js/i.test(text)) return;
    return original(warning as any, ...rest);
  }) as typeof process.emitWarning;
}
