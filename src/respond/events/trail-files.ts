/**
 * ADAPTER, TO BE WIRED BY THE LEAD: investigation from trail files or the
 * trail bucket (`--trail PATH|s3://...`). respond does not read trail files
 * itself — `mamori detect` owns the CloudTrail readers (src/detect/input/,
 * on another branch). Once merged, `detectTrailReader` below is replaced by a
 * call into those readers; everything else here (indexing, filtering by
 * credential or user, gaps) already works with any reader, and the tests feed
 * it records from memory.
 */
import { matches, type EventQuery, type EventSource, type SourceGap, type TrailRecord } from './source.js';

/** What respond needs from detect's readers: every record at a location within a time range. */
export type TrailRecordReader = (location: string, range: { start: Date; end: Date }) => AsyncIterable<TrailRecord>;

export class TrailFileSource implements EventSource {
  readonly gaps: SourceGap[] = [];
  /** Records read once and indexed, since a fixed-point investigation asks several questions of the same trail. */
  private index?: Promise<Map<string, TrailRecord[]>>;

  constructor(
    readonly location: string,
    private readonly read: TrailRecordReader,
    private readonly range: { start: Date; end: Date },
  ) {}

  get name(): string {
    return `trail ${this.location}`;
  }

  private load(): Promise<Map<string, TrailRecord[]>> {
    this.index ??= (async () => {
      const idx = new Map<string, TrailRecord[]>();
      const add = (k: string | undefined, r: TrailRecord) => {
        if (!k) return;
        const list = idx.get(k);
        if (list) list.push(r);
        else idx.set(k, [r]);
      };
      try {
        for await (const r of this.read(this.location, this.range)) {
          add(r.userIdentity?.accessKeyId && `k:${r.userIdentity.accessKeyId}`, r);
          add(r.userIdentity?.userName && `u:${r.userIdentity.userName}`, r);
        }
      } catch (err) {
        this.gaps.push({ where: this.location, reason: (err as Error).message ?? String(err) });
      }
      return idx;
    })();
    return this.index;
  }

  async *events(q: EventQuery): AsyncGenerator<TrailRecord> {
    const idx = await this.load();
    for (const r of idx.get(`${q.attribute === 'AccessKeyId' ? 'k' : 'u'}:${q.value}`) ?? []) if (matches(r, q)) yield r;
  }
}

/**
 * The reader for a `--trail` location. Not wired yet: this branch was built
 * alongside detect's readers and must not duplicate them.
 */
export function detectTrailReader(location: string): TrailRecordReader {
  return () => {
    throw new Error(
      `--trail ${location}: reading trail files is provided by mamori detect's CloudTrail readers, which are not wired into respond in this build; use LookupEvents (the default) meanwhile`,
    );
  };
}
