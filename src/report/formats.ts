/**
 * The scan's output formats and where each is written. One format: `--out`
 * is the file (stdout without it). Several (`--format json,html`): `--out` is
 * a base path and each format gets its extension (report.json, report.html);
 * `terminal` always prints to stdout.
 */
import type { ScanReport } from './scan-json.js';
import { renderScanCsv } from './scan-csv.js';
import { renderScanHtml, type TrendPoint } from './scan-html.js';
import { renderScanOcsf } from './scan-ocsf.js';
import { renderScanSarif } from './scan-sarif.js';
import { jsonText } from './sanitize.js';

export const FORMATS = ['terminal', 'json', 'csv', 'sarif', 'ocsf', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export const EXTENSION: Record<Format, string> = {
  terminal: '.txt',
  json: '.json',
  csv: '.csv',
  sarif: '.sarif',
  ocsf: '.ocsf.json',
  html: '.html',
};

export class FormatError extends Error {}

export function parseFormats(value: string): Format[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.length) throw new FormatError('--format needs at least one format');
  for (const f of list) if (!(FORMATS as readonly string[]).includes(f)) throw new FormatError(`unknown format "${f}" (one or more of ${FORMATS.join(', ')}, comma-separated)`);
  return [...new Set(list)] as Format[];
}

/** Where each format goes: a file path, or undefined for stdout. */
export function destinations(formats: Format[], out: string | undefined): Map<Format, string | undefined> {
  if (formats.length === 1) return new Map([[formats[0]!, out]]);
  const fileFormats = formats.filter((f) => f !== 'terminal');
  if (fileFormats.length > 1 && !out) throw new FormatError('several formats need --out BASE (each is written to BASE.<extension>)');
  return new Map(formats.map((f) => [f, f === 'terminal' ? undefined : out ? out + EXTENSION[f] : undefined]));
}

export function renderMachine(format: Exclude<Format, 'terminal'>, report: ScanReport, trend: TrendPoint[] = []): string {
  switch (format) {
    case 'json':
      return jsonText(report, 2);
    case 'csv':
      return renderScanCsv(report);
    case 'sarif':
      return jsonText(renderScanSarif(report), 2);
    case 'ocsf':
      return jsonText(renderScanOcsf(report), 2);
    case 'html':
      return renderScanHtml(report, trend);
  }
}
