/**
 * The detect benchmark: wall time and CPU time of `gzip -dc` over the files
 * (reading them is the floor), and of mamori detect with all built-in rules,
 * on one thread and with worker threads. Each is run REPEAT times; the best
 * wall time is kept (the machine may be shared). Prints a markdown table.
 * Usage: node dist/bench/detect/bench.js DIR [REPEAT=3]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2]!;
const repeat = Number(process.argv[3] ?? 3);
const one = fileURLToPath(new URL('./one.js', import.meta.url));

function timed(cmd: string): { wall: number; cpu: number; out: string } {
  // bash's `time` gives wall (real) and CPU (user + sys, children included).
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; { time ${cmd} ; } 2>&1 1>/tmp/mamori-bench-out`], { encoding: 'utf8' });
  const [real, user, sys] = r.stdout.trim().split('\n').pop()!.split(' ').map(Number);
  const out = spawnSync('cat', ['/tmp/mamori-bench-out'], { encoding: 'utf8' }).stdout;
  return { wall: real!, cpu: user! + sys!, out };
}

function best(cmd: string) {
  const runs = Array.from({ length: repeat }, () => timed(cmd));
  return runs.sort((a, b) => a.wall - b.wall)[0]!;
}

const load = loadavg()[0]!.toFixed(1);
const gz = best(`find ${dir} -name '*.json.gz' -print0 | xargs -0 gzip -dc > /dev/null`);
const m1 = best(`node ${one} ${dir} 0`);
const m2 = best(`node ${one} ${dir} 2`);
const r1 = JSON.parse(m1.out);
const r2 = JSON.parse(m2.out);
const row = (name: string, wall: number, cpu: number, extra = '') =>
  `| ${name} | ${wall.toFixed(2)} s | ${cpu.toFixed(2)} s | ${(wall / gz.wall).toFixed(2)}x | ${extra} |`;
console.log(`events: ${r1.events}, files: ${r1.files}, alerts: ${r1.alerts} (same with workers: ${r1.alerts === r2.alerts}), load average at start: ${load}\n`);
console.log('| run | wall | CPU (user+sys) | wall vs gzip -dc | events/s, peak RSS |');
console.log('|---|---|---|---|---|');
console.log(row('gzip -dc (floor)', gz.wall, gz.cpu));
console.log(row('mamori detect, 1 thread', m1.wall, m1.cpu, `${Math.round(r1.events / m1.wall).toLocaleString('en')} /s, ${r1.maxRssMB} MB`));
console.log(row('mamori detect, 2 workers', m2.wall, m2.cpu, `${Math.round(r2.events / m2.wall).toLocaleString('en')} /s, ${r2.maxRssMB} MB`));
