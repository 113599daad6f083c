/**
 * The detect benchmark, all contenders in one run: `gzip -dc` over the files
 * (reading them is the floor), mamori detect with all built-in rules on one
 * thread and with two worker threads, and DuckDB's read_json running SQL for
 * three of the rules (./duckdb.ts). Each command runs REPEAT times, rounds
 * interleaved so that a change in machine load hits all alike; the best wall
 * time is kept, and the rounds are also shown one by one. Wall, CPU (user + sys) and peak RSS come from GNU time.
 * Asserts that DuckDB's SQL and mamori agree on the three rules' alerts and
 * that one thread and two threads give the same alerts. Prints a markdown table.
 * Usage: node dist/bench/detect/bench.js DIR [REPEAT=3]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const dir = process.argv[2]!;
const repeat = Number(process.argv[3] ?? 3);
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

interface Run {
  wall: number;
  cpu: number;
  rssMB: number;
  out: string;
}

function timed(cmd: string): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', '/tmp/mamori-bench-time', 'bash', '-c', `{ ${cmd} ; } > /tmp/mamori-bench-out`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const [real, user, sys, rss] = readFileSync('/tmp/mamori-bench-time', 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: real!, cpu: user! + sys!, rssMB: Math.round(rss! / 1024), out: readFileSync('/tmp/mamori-bench-out', 'utf8') };
}

// The rules duckdb.ts has SQL for (its RULE_IDS; importing it would run DuckDB).
const THREE = ['7f1678b7-6d9f-48fb-9e3d-a5bdde3f8223', 'd5bacc0f-98b6-47f6-9989-53da0bfc0f80', 'a66dca3c-0895-4c77-8b7d-1b071b6839b7'];
const commands = {
  gzip: `find ${dir} -name '*.json.gz' -print0 | xargs -0 gzip -dc > /dev/null`,
  one: `node ${here('./one.js')} ${dir} 0`,
  two: `node ${here('./one.js')} ${dir} 2`,
  // The same without the record prefilter (input/prefilter.ts): every record parsed.
  twoAll: `MAMORI_DETECT_PREFILTER=0 node ${here('./one.js')} ${dir} 2`,
  // The same work as DuckDB's SQL: only those three rules (and the rules they correlate).
  three: `MAMORI_BENCH_ONLY=${THREE.join(',')} node ${here('./one.js')} ${dir} 2`,
  duck: `node ${here('./duckdb.js')} ${dir} 2`,
};
type Name = keyof typeof commands;
const runs: Record<Name, Run[]> = { gzip: [], two: [], duck: [], one: [], twoAll: [], three: [] };
const loads: string[] = [loadavg()[0]!.toFixed(1)];
for (let i = 0; i < repeat; i++) {
  for (const name of Object.keys(commands) as Name[]) runs[name].push(timed(commands[name]));
  loads.push(loadavg()[0]!.toFixed(1));
}
const best = (name: Name) => runs[name].slice().sort((a, b) => a.wall - b.wall)[0]!;
const gz = best('gzip');
const m1 = best('one');
const m2 = best('two');
const m2all = best('twoAll');
const m3 = best('three');
const dk = best('duck');
const r1 = JSON.parse(m1.out);
const r2 = JSON.parse(m2.out);
const r2all = JSON.parse(m2all.out);
const r3 = JSON.parse(m3.out);
const rd = JSON.parse(dk.out);

const problems: string[] = [];
if (JSON.stringify(r1.byRule) !== JSON.stringify(r2.byRule) || r1.alerts !== r2.alerts) problems.push('1 thread and 2 threads disagree');
if (JSON.stringify(r2all.byRule) !== JSON.stringify(r2.byRule) || r2all.alerts !== r2.alerts) problems.push('1 thread and 2 threads disagree with the prefilter off');
if (rd.events !== r1.events) problems.push(`events: DuckDB ${rd.events}, mamori ${r1.events}`);
for (const id of THREE) if (JSON.stringify(r3.byRule[id] ?? null) !== JSON.stringify(r1.byRule[id] ?? null)) problems.push(`three rules alone: ${id} gives ${JSON.stringify(r3.byRule[id])}, among all rules ${JSON.stringify(r1.byRule[id])}`);
const agree: string[] = [];
for (const [id, [alerts, events]] of Object.entries(rd.byRule as Record<string, [number, number]>)) {
  const [ma, me] = r1.byRule[id] ?? [0, 0];
  agree.push(`${id.slice(0, 8)}: ${ma} alerts / ${me} events`);
  if (ma !== alerts || me !== events) problems.push(`rule ${id}: mamori ${ma} alerts / ${me} events, DuckDB SQL ${alerts} / ${events}`);
}

const row = (name: string, r: Run, events?: number) =>
  `| ${name} | ${r.wall.toFixed(2)} s | ${r.cpu.toFixed(2)} s | ${(r.wall / gz.wall).toFixed(2)}x | ${(r.cpu / gz.cpu).toFixed(2)}x | ${events ? Math.round(events / r.wall).toLocaleString('en') : '—'} | ${r.rssMB} MB |`;
console.log(`events: ${r1.events}, files: ${r1.files}, alerts: ${r1.alerts}; best of ${repeat}, load average (1 min) before and after each round: ${loads.join(', ')}\n`);
console.log('| run | wall | CPU (user+sys) | wall vs gzip -dc | CPU vs gzip -dc | events/s (wall) | peak RSS |');
console.log('|---|---|---|---|---|---|---|');
console.log(row('gzip -dc (floor)', gz));
console.log(row(`mamori detect, 1 thread, ${r1.rules} rules`, m1, r1.events));
console.log(row(`mamori detect, 2 threads (main + 1 worker), ${r2.rules} rules`, m2, r2.events));
console.log(row(`mamori detect, 2 threads, ${r2all.rules} rules, prefilter off`, m2all, r2all.events));
console.log(row('mamori detect, 2 threads, the same 3 rules only', m3, r3.events));
console.log(row('DuckDB read_json + SQL, 3 rules, 2 threads', dk, rd.events));
console.log(`\nSame alerts with 1 thread, 2 threads and the prefilter off, and for the three rules alone: ${!problems.some((p) => p.startsWith('1 thread') || p.startsWith('three'))}. DuckDB and mamori agree on the three rules (${agree.join('; ')}): ${!problems.some((p) => p.startsWith('rule') || p.startsWith('events'))}.`);
console.log('\nRound by round (adjacent runs): mamori on two threads against gzip -dc and DuckDB');
console.log('\n| round | gzip -dc | mamori, 2 threads | DuckDB | mamori / gzip -dc | mamori / DuckDB |');
console.log('|---|---|---|---|---|---|');
for (let i = 0; i < repeat; i++) {
  const [g, t, d] = [runs.gzip[i]!, runs.two[i]!, runs.duck[i]!];
  console.log(`| ${i + 1} | ${g.wall.toFixed(2)} s | ${t.wall.toFixed(2)} s | ${d.wall.toFixed(2)} s | ${(t.wall / g.wall).toFixed(2)}x | ${(t.wall / d.wall).toFixed(2)}x |`);
}
if (problems.length) {
  console.log(`\nDISAGREEMENT:\n- ${problems.join('\n- ')}`);
  process.exitCode = 1;
}
