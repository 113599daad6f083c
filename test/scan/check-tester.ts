/**
 * A table-driven tester for checks, after ESLint's RuleTester: each case
 * changes the hardened snapshot and states the results expected for it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Check, Status } from '../../src/scan/check.js';
import type { AccountSnapshot } from '../../src/scan/snapshot.js';
import { hardened, NOW } from './fixtures.js';

export interface Expect {
  status: Status;
  resource?: string | RegExp;
  region?: string;
  reason?: RegExp;
  fix?: RegExp;
}

export interface Case {
  name: string;
  setup?: (snap: AccountSnapshot) => void;
  /** Every result of the check must match one of these, and each of these must be matched. */
  expect: Expect[];
}

export function checkTester(check: Check, cases: { valid: Case[]; invalid: Case[] }) {
  describe(`check ${check.meta.id}`, () => {
    it('has complete metadata', () => {
      assert.match(check.meta.id, /^[a-z0-9]+\.[a-z0-9-]+$/);
      assert.ok(check.meta.title.length > 5 && check.meta.threat.length > 20);
    });
    for (const kind of ['valid', 'invalid'] as const) {
      assert.ok(cases[kind].length > 0, `${check.meta.id} needs ${kind} cases`);
      for (const c of cases[kind]) {
        it(`${kind}: ${c.name}`, () => {
          const snap = hardened();
          c.setup?.(snap);
          const results = check.run({ snap, now: NOW });
          assert.ok(results.length > 0, 'a check always says something');
          if (kind === 'valid') assert.ok(results.every((r) => r.status !== 'FAIL'), `unexpected FAIL: ${JSON.stringify(results.filter((r) => r.status === 'FAIL'))}`);
          if (kind === 'invalid') assert.ok(results.some((r) => r.status !== 'PASS'), 'an invalid case must not pass entirely');
          for (const e of c.expect) {
            const hit = results.find(
              (r) =>
                r.status === e.status &&
                (!e.resource || (typeof e.resource === 'string' ? r.resource === e.resource : e.resource.test(r.resource))) &&
                (!e.region || r.region === e.region) &&
                (!e.reason || e.reason.test(r.reason)) &&
                (!e.fix || e.fix.test(`${r.fix?.cli ?? ''}\n${r.fix?.console ?? ''}`)),
            );
            assert.ok(hit, `expected ${JSON.stringify(e, (_k, v) => (v instanceof RegExp ? String(v) : v))} among ${JSON.stringify(results, null, 1)}`);
          }
          for (const r of results) {
            if (r.status === 'FAIL' || r.status === 'MANUAL') assert.ok(r.fix?.cli || r.fix?.console, `${r.status} without a fix: ${r.resource}`);
            if (r.status === 'NOT_ASSESSED') assert.match(r.reason, /Could not read/);
          }
        });
      }
    }
  });
}
