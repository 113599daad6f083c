/**
 * Regenerates data/demo/demo-account.json from the fake's vulnerable account.
 * Run after changing seeds, collectors or checks: `npm run build && node dist/scripts/make-demo.js`.
 */
import { saveSnapshot } from '../src/scan/run.js';
import { buildDemoSnapshot } from '../test/fake/demo.js';

const target = new URL('../../data/demo/demo-account.json', import.meta.url);
const snap = await buildDemoSnapshot();
saveSnapshot(target.pathname, snap);
process.stdout.write(`wrote ${target.pathname}\n`);
