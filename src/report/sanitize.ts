/**
 * Everything an attacker controls — user agents, user and resource names,
 * tags, request parameters — passes through here before it is printed.
 */

// CSI, OSC, DCS/SOS/PM/APC strings and lone ESC sequences, then any remaining
// C0/C1 control character (tab and newline excepted where allowed).
const ESCAPE_SEQ = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]?/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROL_NO_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
// Bidirectional overrides can make a name read differently than it is (Trojan Source).
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

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
