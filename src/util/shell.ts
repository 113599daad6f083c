/**
 * Quotes a value for a POSIX shell. Fix commands embed user, bucket and group
 * names, which an attacker may have chosen: a name must never be able to
 * become a second command when a user pastes the fix.
 */
export function sh(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
