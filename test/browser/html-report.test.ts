/**
 * The HTML report in a real browser (Debian's chromium driven by
 * playwright-core): it loads with no network request and no error, opens on
 * the takeover paths, filters, searches, copies a fix, draws its charts, runs
 * nothing an attacker wrote — and leaves a screenshot of itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli, tempDir, useExampleCredentials } from '../e2e/cli-harness.js';
import { createFake, EXAMPLE_CREDENTIALS, emptyAccount, type FakeAws } from '../fake/index.js';
import { hardenedAccount, vulnerableAccount } from '../fake/seeds.js';
import { createOrganization } from '../fake/services/organizations.js';

// Browser-side code below runs in the page; the project compiles without the DOM library.
declare const window: any, document: any, navigator: any;
type HTMLElement = any;
type HTMLTextAreaElement = any;

const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';
export const SCREENSHOT = join(process.cwd(), 'dist', 'screenshots', 'scan-report.png');
const VULN = '222233334444';
const HARD = '333344445555';
const NO_ROLE = '444455556666';

describe('HTML report in chromium', () => {
  let fake: FakeAws;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  before(async () => {
    useExampleCredentials();
    fake = createFake([]);
    const mgmt = emptyAccount('111122223333', 'auditor');
    fake.addAccount(mgmt, EXAMPLE_CREDENTIALS.accessKeyId);
    createOrganization(fake, mgmt, [vulnerableAccount(VULN), hardenedAccount(HARD), hardenedAccount(NO_ROLE)], {
      withoutRole: [NO_ROLE],
      // Account names are free text (printable ASCII): an attacker who can rename an account tries this.
      names: { [VULN]: '<img src=x onerror="window.__xss=1">legacy-prod', [HARD]: 'platform' },
    });
    const dir = tempDir();
    const config = join(dir, 'mamori.yml');
    writeFileSync(config, 'scan:\n  suppress:\n    - check: iam.full-admin-policy\n      reason: reviewed by the security team\n');
    const args = ['scan', '--org', '--regions', 'us-east-1,eu-west-1', '--db', join(dir, 'm.db'), '--config', config];
    await runCli([...args, '--format', 'json', '--out', join(dir, 'first.json')]);
    await runCli([...args, '--format', 'html', '--out', join(dir, 'report.html')]);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => {
      (window as any).__copied = [];
      const record = (t: string) => ((window as any).__copied.push(t), Promise.resolve());
      if (navigator.clipboard) navigator.clipboard.writeText = record;
      const exec = document.execCommand.bind(document);
      document.execCommand = (cmd: string, ...rest: any[]) => {
        if (cmd === 'copy') (window as any).__copied.push((document.activeElement as HTMLTextAreaElement | null)?.value ?? '');
        return exec(cmd, ...rest);
      };
    });
    page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
  });
  after(async () => {
    await browser?.close();
    fake?.uninstall();
  });

  const visible = () =>
    page.$$eval('li.finding', (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => ({ ...(e as HTMLElement).dataset, text: e.textContent ?? '' })));

  it('loads with no network request, no error, and runs nothing from the data', async () => {
    assert.deepEqual(requests, []);
    assert.deepEqual(errors, []);
    assert.equal(await page.evaluate(() => (window as any).__xss), undefined);
    assert.equal(await page.locator('img').count(), 0);
    assert.match(await page.locator('#accounts').innerText(), /<img src=x onerror="window.__xss=1">legacy-prod/);
  });

  it('opens on the takeover paths', async () => {
    const headings = await page.$$eval('main h2', (hs) => hs.map((h) => h.textContent ?? ''));
    assert.match(headings[0]!, /^Takeover paths/);
    const paths = await page.locator('#takeover li.finding').count();
    assert.ok(paths >= 4, `paths: ${paths}`);
    assert.ok(await page.locator('#takeover li.finding').first().isVisible());
  });

  it('groups findings by account and by check', async () => {
    const accounts = await page.$$eval('details.account', (ds) => ds.map((d) => (d as HTMLElement).dataset.account));
    assert.deepEqual(accounts, ['111122223333', VULN, HARD, NO_ROLE].sort());
    const checks = await page.locator(`details.account[data-account="${VULN}"] details.check`).count();
    assert.ok(checks >= 3);
  });

  it('filters by severity, status, account, region and service, and says how many are shown', async () => {
    const all = (await visible()).length;
    await page.selectOption('#f-sev', 'high');
    let v = await visible();
    assert.ok(v.length > 0 && v.length < all);
    assert.ok(v.every((f) => f.sev === 'high'));
    await page.selectOption('#f-sev', '');
    await page.selectOption('#f-account', HARD);
    v = await visible();
    assert.ok(v.length > 0 && v.every((f) => f.account === HARD));
    assert.equal(await page.locator(`details.account[data-account="${VULN}"]`).isVisible(), false, 'empty groups hide');
    await page.selectOption('#f-account', '');
    await page.selectOption('#f-status', 'SUPPRESSED');
    v = await visible();
    assert.ok(v.length > 0 && v.every((f) => f.status === 'SUPPRESSED' && /reviewed by the security team/.test(f.text)));
    await page.selectOption('#f-status', 'PASS');
    assert.ok((await visible()).every((f) => f.status === 'PASS'));
    await page.selectOption('#f-status', 'open');
    await page.selectOption('#f-service', 'organizations');
    v = await visible();
    assert.ok(v.length > 0 && v.every((f) => f.service === 'organizations' && f.account === NO_ROLE), 'the account whose role cannot be assumed is listed');
    await page.selectOption('#f-service', '');
    await page.selectOption('#f-region', 'global');
    assert.ok((await visible()).every((f) => f.region === 'global'));
    await page.selectOption('#f-region', '');
    assert.equal((await visible()).length, all);
    assert.equal(await page.locator('#shown').innerText(), `${all} of ${await page.locator('li.finding').count()} shown`);
  });

  it('searches across resource, reason and fix', async () => {
    await page.fill('#f-search', 'dev-poweruser');
    const v = await visible();
    assert.ok(v.length >= 2);
    assert.ok(v.every((f) => /dev-poweruser/i.test(f.text)));
    await page.fill('#f-search', 'no-such-thing-anywhere');
    assert.equal((await visible()).length, 0);
    await page.fill('#f-search', '');
  });

  it('copies the fix command beside a finding', async () => {
    const first = page.locator('#takeover li.finding').first();
    const code = await first.locator('code').innerText();
    await first.locator('button.copy').click();
    assert.equal(await first.locator('button.copy').innerText(), 'Copied');
    assert.deepEqual(await page.evaluate(() => (window as any).__copied), [code]);
    assert.match(code, /aws iam update-access-key/);
  });

  it('draws the severity chart and the trend over stored scans, and takes a screenshot', async () => {
    assert.ok((await page.locator('#severity-chart rect').count()) === 5);
    assert.equal(await page.locator('#trend-chart circle').count(), 2, 'two stored scans of these accounts');
    mkdirSync(join(process.cwd(), 'dist', 'screenshots'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.ok(statSync(SCREENSHOT).size > 20_000, 'a real screenshot');
  });
});
