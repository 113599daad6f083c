/**
 * Plants generated credentials into a benchmark tree so every tool has
 * something to find. Generated at bench time: nothing real-looking is ever
 * committed. Usage: node dist/bench/secrets/plant.js <dir> <count>
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyIdForAccount } from '../../src/secrets/aws-key-id.js';

const [dir, countArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: plant.js <dir> [count]');
const count = Number(countArg ?? 50);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
const secret = () => Array.from(randomBytes(40), (b) => B64[b % 64]).join('');
mkdirSync(join(dir, 'planted'), { recursive: true });
for (let i = 0; i < count; i++) {
  const id = keyIdForAccount(['AK', 'IA'].join(''), String(100000000000 + i), randomBytes(10));
  writeFileSync(join(dir, 'planted', `config-${i}.js`), `// planted for the benchmark\nmodule.exports = {\n  accessKeyId: '${id}',\n  secretAccessKey: '${secret()}',\n};\n`);
}
process.stdout.write(`${count} files planted in ${join(dir, 'planted')}\n`);
