/**
 * The floor of a working-tree scan in Node: walk the tree and read every
 * regular file with the same calls the scanner makes (readdir with types,
 * open / read into one reused buffer / close), and nothing else. Timed beside
 * mamori and ripgrep, it shows how much of the gap to ripgrep is reading
 * files through Node at all. Usage: node dist/bench/secrets/floor.js <dir>
 */
import { closeSync, constants, openSync, readdirSync, readSync } from 'node:fs';
import { sep } from 'node:path';

const root = process.argv[2];
if (!root) throw new Error('usage: floor.js <dir>');
const flags = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0);
const buf = Buffer.allocUnsafeSlow(16 << 20);
let files = 0;
let bytes = 0;
const walk = (dir: string): void => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = dir + sep + e.name;
    if (e.isDirectory()) {
      if (e.name !== '.git') walk(p);
    } else if (e.isFile()) {
      const fd = openSync(p, flags);
      bytes += readSync(fd, buf, 0, buf.length, null);
      closeSync(fd);
      files++;
    }
  }
};
walk(root);
process.stdout.write(`${files} files, ${bytes} bytes read\n`);
