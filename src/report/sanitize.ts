/**
 * Everything an attacker controls — user agents, user and resource names,
 * tags, request parameters — passes through here before it is printed.
 */

// CSI, OSC, DCS/SOS/PM/APC strings and lone ESC sequences, then any remaining
// C0/C1 control character (tab and newline excepted where allowed).
const ESCAPE_SEQ = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]?/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROL_NO_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
// Bidirectional overrides and marks can make a name read differently than it is (Trojan Source).
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Removes terminal control sequences; newlines are kept only when `multiline`. */
export function stripControl(value: unknown, multiline = false): string {
  const s = String(value ?? '');
  return s
    .replace(ESCAPE_SEQ, '')
    .replace(multiline ? CONTROL : CONTROL_NO_NEWLINE, '')
    .replace(BIDI, '');
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return stripControl(value, true).replace(/[&<>"']/g, (c) => HTML[c]!);
}

// Characters JSON leaves raw inside strings that a terminal may act on (C1 controls such as the
// one-byte CSI, U+009B) or that reorder what it shows (bidirectional overrides).
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text of a value for output, one line per document: what an attacker
 * wrote stays byte-for-byte the same data, but characters a terminal would
 * interpret are written as \u escapes, so the output can be viewed safely.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
