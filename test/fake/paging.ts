import { FakeError } from './errors.js';

/**
 * Pages a list the way AWS does: an opaque token that only this fake can
 * read, rejected when forged, and a page size capped at the API's maximum.
 */
export function paginate<T>(items: T[], token: string | undefined, requested: number | undefined, max: number, dflt = max) {
  let offset = 0;
  if (token) {
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString()) as { o?: number };
      if (typeof parsed.o !== 'number' || parsed.o < 0 || parsed.o > items.length) throw new Error('bad');
      offset = parsed.o;
    } catch {
      throw new FakeError('InvalidParameterValue', 'Invalid pagination token', 400);
    }
  }
  const size = Math.min(Math.max(1, requested ?? dflt), max);
  const page = items.slice(offset, offset + size);
  const nextOffset = offset + page.length;
  const next = nextOffset < items.length ? Buffer.from(JSON.stringify({ o: nextOffset, r: Math.random() })).toString('base64url') : undefined;
  return { page, next };
}
