/**
 * Investigation from trail files or the trail bucket (`--trail PATH|s3://...`),
 * read with `mamori detect`'s CloudTrail readers (every format they know, bad
 * input reported by file and position). Records are indexed once by key and
 * user, since a fixed-point investigation asks several questions of the same
 * trail; anything unreadable becomes a gap in the report.
 */
import type { Aws } from '../../aws/clients.js';
import { readEvents } from '../../detect/input/read.js';
import { readS3Events } from '../../detect/input/s3.js';
import { matches, type EventQuery, type EventSource, type SourceGap, type TrailRecord } from './source.js';

/** What respond needs from a reader: every record at a location within a time range, problems reported as text. */
export type TrailRecordReader = (location: string, range: { start: Date; end: Date }, onProblem: (message: string) => void) => AsyncIterable<TrailRecord>;

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
        for await (const r of this.read(this.location, this.range, (reason) => this.gaps.push({ where: this.location, reason }))) {
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

/** The reader for a `--trail` location: detect's S3 reader for `s3://`, its file reader otherwise. */
export function detectTrailReader(aws: Aws): TrailRecordReader {
  return (location, range, onProblem) => {
    const opts = {
      since: range.start.getTime(),
      until: range.end.getTime(),
      onProblem: (p: { file: string; line?: number; message: string }) => onProblem(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`),
    };
    const records = location.startsWith('s3://') ? readS3Events(aws, location, opts) : readEvents([location], opts);
    return records as AsyncIterable<TrailRecord>;
  };
}
