import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../e2e/cli-harness.js';
import { captureStdout } from '../e2e/capture.js';
import { takeExitCode } from '../../src/cli/exit.js';
import { ajv, ocsfDetectionFindingSchema, sarifSchema, scanReportSchema } from './schemas.js';
import { renderScanCsv, csvCell } from '../../src/report/scan-csv.js';
import { renderScanHtml } from '../../src/report/scan-html.js';
import { scanReport } from '../../src/report/scan-json.js';
import { parseCsv } from '../../src/util/csv.js';
import { SEVERITIES, type Finding } from '../../src/scan/check.js';

const validate = (schema: object, data: unknown) => {
  const v = ajv().compile(schema);
  const ok = v(data);
  assert.ok(ok, JSON.stringify(v.errors?.slice(0, 5), null, 1));
};

describe('scan output formats', () => {
  const dir = tempDir();
  const base = join(dir, 'report');
  const db = join(dir, 'm.db');
  let json: any;

  it('writes several formats at once, one file per format next to --out', async () => {
    const printed = await captureStdout(() => runCli(['scan', '--demo', '--format', 'terminal,json,csv,sarif,ocsf,html', '--out', base, '--db', db]));
    assert.match(printed, /Takeover paths/, 'terminal goes to stdout');
    json = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    for (const ext of ['.csv', '.sarif', '.ocsf.json', '.html']) assert.ok(readFileSync(base + ext, 'utf8').length > 100, ext);
  });

  it('refuses several file formats without --out, and unknown formats', async () => {
    await assert.rejects(runCli(['scan', '--demo', '--format', 'json,csv', '--db', db]), /several formats need --out/);
    await assert.rejects(runCli(['scan', '--demo', '--format', 'json,pdf', '--db', db]), /unknown format "pdf"/);
  });

  it('JSON is valid against the published v1 schema', () => {
    validate(scanReportSchema, json);
    assert.ok(json.findings.length > 10);
  });

  it('SARIF is valid SARIF 2.1.0 with one result per FAIL and stable fingerprints', () => {
    const sarif = JSON.parse(readFileSync(`${base}.sarif`, 'utf8'));
    validate(sarifSchema, sarif);
    const results = sarif.runs[0].results;
    const fails = json.findings.filter((f: any) => f.status === 'FAIL');
    assert.equal(results.length, fails.length);
    const rules = sarif.runs[0].tool.driver.rules;
    for (const r of results) {
      assert.equal(rules[r.ruleIndex].id, r.ruleId, 'ruleIndex points at the rule');
      assert.match(r.partialFingerprints['mamori/v1'], /^[0-9a-f]{16}$/);
    }
    const path = results.find((r: any) => r.ruleId === 'takeover.access-key');
    assert.equal(path.level, 'error');
    assert.match(path.message.text, /\nFix: [^]*aws iam update-access-key/);
    assert.ok(rules.every((r: any) => Number(r.properties['security-severity']) > 0));
  });

  it('OCSF is an array of Detection Findings (class 2004) valid against the focused 1.3.0 schema', () => {
    const ocsf = JSON.parse(readFileSync(`${base}.ocsf.json`, 'utf8'));
    validate(ocsfDetectionFindingSchema, ocsf);
    assert.equal(ocsf.length, json.findings.filter((f: any) => f.status !== 'PASS').length);
    const path = ocsf.find((e: any) => e.metadata.event_code === 'takeover.access-key');
    assert.equal(path.class_uid, 2004);
    assert.equal(path.cloud.account.uid, json.accounts[0].id);
    assert.match(path.remediation.desc, /aws iam update-access-key/);
    assert.equal(path.finding_info.uid, json.findings[0].id);
  });

  it('CSV has one row per finding with the fix', () => {
    const rows = parseCsv(readFileSync(`${base}.csv`, 'utf8'));
    assert.equal(rows.length, json.findings.length);
    assert.equal(rows[0]!.check, 'takeover.access-key');
    assert.match(rows[0]!.fix_cli!, /update-access-key/);
  });

  it('CSV neutralizes spreadsheet formulas in attacker-controlled values', () => {
    assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('a,b'), '"a,b"');
    const text = renderScanCsv(scanReport({ demo: false, accounts: [], summary: {}, findings: [evil()] }));
    assert.ok(!/,=cmd/.test(text));
    assert.ok(!text.includes('\u001b'));
  });

  it('--fail-on sets exit code 1 while a FAIL at or above the severity remains; suppressed ones do not count', async () => {
    const out = join(dir, 'f.json');
    await runCli(['scan', '--demo', '--format', 'json', '--out', out, '--no-store']);
    assert.equal(takeExitCode(), 0, 'without --fail-on findings never change the exit code');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const fails = report.findings.filter((f: any) => f.status === 'FAIL');
    const worst = SEVERITIES.find((s) => fails.some((f: any) => f.severity === s))!;
    assert.ok(worst, 'the demo has failures');
    await runCli(['scan', '--demo', '--format', 'json', '--out', out, '--no-store', '--fail-on', worst]);
    assert.equal(takeExitCode(), 1);
    const worse = SEVERITIES[SEVERITIES.indexOf(worst) - 1];
    if (worse) {
      await runCli(['scan', '--demo', '--format', 'json', '--out', out, '--no-store', '--fail-on', worse]);
      assert.equal(takeExitCode(), 0, `no FAIL at ${worse} or above`);
    }
    // Accepting every failure of that severity (with a reason) clears the gate.
    const config = join(dir, 'accept.yml');
    const entries = fails.filter((f: any) => f.severity === worst).map((f: any) => `    - check: ${JSON.stringify(f.checkId)}\n      resource: ${JSON.stringify(f.resource.replace(/[*?]/g, '?'))}\n      reason: accepted for the test\n`);
    writeFileSync(config, `scan:\n  suppress:\n${entries.join('')}`);
    await runCli(['scan', '--demo', '--format', 'json', '--out', out, '--no-store', '--fail-on', worst, '--config', config]);
    assert.equal(takeExitCode(), 0);
    const accepted = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(accepted.findings.filter((f: any) => f.status === 'SUPPRESSED').length, entries.length);
    await assert.rejects(runCli(['scan', '--demo', '--no-store', '--fail-on', 'severe']), /Allowed choices are critical, high, medium, low, info/);
  });
});

function evil(): Finding {
  return {
    id: 'abcdef0123456789',
    checkId: 'iam.user-mfa',
    status: 'FAIL',
    severity: 'high',
    account: '123456789012',
    region: 'eu-west-1',
    resource: '=cmd|"/c calc"!A1<img src=x onerror=alert(1)>',
    title: 'Users have MFA',
    reason: 'user "<script>alert(\'r\')</script>" has no MFA\u001b[31m',
    fix: { cli: "aws iam delete-user --user-name '</code><script>alert(2)</script>'" },
    threat: 'x',
    service: 'iam',
    details: { tags: { owner: '"><svg onload=alert(3)>' } },
  };
}

describe('HTML report safety', () => {
  it('escapes every value, runs nothing from the data and loads nothing from the network', () => {
    const report = scanReport({
      demo: false,
      accounts: [{ id: '123456789012', name: '<b onmouseover=alert(4)>prod</b>', regions: ['eu-west-1'], skippedRegions: [], collectedAt: '2026-11-22T00:00:00Z' }],
      summary: { total: 1, FAIL: 1, FAIL_high: 1, takeoverPaths: 0 },
      findings: [evil()],
    });
    const html = renderScanHtml(report);
    for (const raw of ['<img src=x', '<script>alert', '<svg onload', '<b onmouseover', '</code><script>']) assert.ok(!html.includes(raw), `raw ${raw} in the page`);
    assert.ok(html.includes('&lt;script&gt;alert(&#39;r&#39;)&lt;/script&gt;'));
    assert.ok(!html.includes('\u001b'));
    assert.equal((html.match(/<script>/g) ?? []).length, 1, 'only our own script');
    assert.ok(!/\b(src|href)=["']?(https?:)?\/\//i.test(html), 'no network resource');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });
});
