/**
 * The byte-level path (keywords found in raw bytes, only the lines around
 * them decoded) must report exactly what findSecrets reports on the whole
 * decoded text: same rules, values, offsets, pairing, examples.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { findSecrets, findSecretsInBytes } from '../../src/secrets/detect.js';
import { assignmentFollows, compileKeywords, type Keyword } from '../../src/secrets/keywords.js';
import { RULES } from '../../src/secrets/rules/index.js';
import { defaultWorkers, scanSecrets } from '../../src/secrets/scan.js';
import * as g from './gen.js';

/** Both paths on the same text; the byte path's findings are returned for further checks. */
function bothWays(text: string, includeInfo = true) {
  const buf = Buffer.from(text, 'utf8');
  const bytes = findSecretsInBytes(buf, isAscii(buf), { includeInfo });
  assert.deepEqual(
    bytes.found.map((x) => x.finding),
    findSecrets(text, { includeInfo }),
  );
  // Every window is a piece of the text at the offset and line it claims, cut at whitespace;
  // those holding a finding are whole lines.
  const withFindings = new Set(bytes.found.map((x) => x.window));
  bytes.windows.forEach((w, i) => {
    const end = w.start + w.text.length;
    assert.equal(text.slice(w.start, end), w.text);
    assert.equal(w.line, text.slice(0, w.start).split('\n').length);
    const before = text[w.start - 1];
    const after = text[end];
    if (withFindings.has(i)) assert.ok((before === undefined || before === '\n') && (after === undefined || after === '\n'), 'whole lines');
    else assert.ok((before === undefined || /\s/.test(before)) && (after === undefined || /\s/.test(after)), 'cut at whitespace');
  });
  return bytes;
}

const filler = (lines: number) => Array.from({ length: lines }, (_, i) => `  const value${i} = compute(${i}, "plain text line");`).join('\n') + '\n';

describe('keyword matcher (bytes)', () => {
  const kws: Keyword[] = [
    { word: 'AKIA', ignoreCase: false, assignment: false },
    { word: 'A3T', ignoreCase: false, assignment: false },
    { word: 'key', ignoreCase: true, assignment: false },
    { word: 'xox', ignoreCase: false, assignment: false },
  ];
  const m = compileKeywords(kws);
  const naive = (s: string) => {
    const out: string[] = [];
    for (let i = 0; i < s.length; i++) {
      for (const k of kws) {
        const piece = s.slice(i, i + k.word.length);
        if (k.ignoreCase ? piece.toLowerCase() === k.word.toLowerCase() : piece === k.word) out.push(`${i}:${k.word}`);
      }
    }
    return out.sort();
  };

  it('finds every occurrence at every byte offset and alignment, in either case for case-insensitive keywords', () => {
    const next = g.rng(7);
    const alphabet = ['A', 'K', 'I', '3', 'T', 'k', 'e', 'y', 'E', 'Y', 'K', 'x', 'o', ' ', '\n'];
    for (let round = 0; round < 300; round++) {
      const len = Math.floor(next() * 40);
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      // The same text at each offset inside a larger buffer: 32-bit alignment changes which path reads it.
      for (let pad = 0; pad < 4; pad++) {
        const buf = Buffer.from('#'.repeat(pad) + s).subarray(pad);
        const got: string[] = [];
        m.scan(buf, (pos, k) => got.push(`${pos}:${k.word}`));
        assert.deepEqual([...got].sort(), naive(s), `text ${JSON.stringify(s)} at offset ${pad}`);
      }
    }
  });

  it('finds keywords at the very start and end of the bytes', () => {
    const got: string[] = [];
    m.scan(Buffer.from('AKIA KEY'), (pos, k) => got.push(`${pos}:${k.word}`));
    assert.deepEqual(got, ['0:AKIA', '5:key']);
  });

  it('rejects keywords it cannot guarantee to see', () => {
    assert.throws(() => compileKeywords([{ word: 'ab', ignoreCase: false, assignment: false }]), /3\+ printable ASCII/);
  });

  it('a name keyword counts only when an assignment follows', () => {
    const yes = ['password = "x"', 'passwd: x', "password' => x", 'password\t\t= x', 'password_for_db=x', 'secret,'];
    const no = ['password', 'password)', 'Object.keys(x)', '@param password the', 'passwordpasswordpasswordpasswordpasswordpasswordx = 1'];
    for (const s of yes) assert.ok(assignmentFollows(Buffer.from(s), 4), s);
    for (const s of no) assert.ok(!assignmentFollows(Buffer.from(s), 4), s);
  });
});

describe('findSecretsInBytes = findSecrets on the whole text', () => {
  it('a keyword hit with no match decodes its lines and reports nothing', () => {
    const r = bothWays(`${filler(50)}const password = short;\n${filler(50)}`);
    assert.equal(r.found.length, 0);
    assert.equal(r.windows.length, 1);
  });

  it('text with no keyword is not decoded at all', () => {
    const r = bothWays(filler(200));
    assert.equal(r.windows.length, 0);
  });

  it('pairs a secret with a key id hundreds of bytes away, across lines and a window edge', () => {
    for (const gap of [10, 300, 356, 357, 480, 520, 2000]) {
      const id = g.keyId('123456789012');
      const text = `${filler(30)}id = ${id}\n${'x'.repeat(gap)}\n  ${g.secretKey()}\n${filler(30)}`;
      const r = bothWays(text);
      const secret = r.found.find((x) => x.finding.rule === 'aws-secret-access-key');
      // A bare 40-character value counts when it lies within 400 characters after the id's end
      // (it starts 24 + gap characters after the id's start); farther, it is not reported.
      assert.equal(Boolean(secret), 24 + gap + 40 <= 420, `gap ${gap}`);
      if (secret) assert.equal(secret.finding.pairedKeyId, id);
    }
  });

  it('pairs a named secret with the nearest key id even when they are in different windows', () => {
    const near = g.keyId('111111111111');
    const far = g.keyId('222222222222');
    const text = `${far}\n${filler(400)}${near}\n${filler(200)}aws_secret_access_key = ${g.secretKey()}\n`;
    const r = bothWays(text);
    assert.ok(r.windows.length >= 2);
    assert.equal(r.found.find((x) => x.finding.rule === 'aws-secret-access-key')?.finding.pairedKeyId, near);
  });

  it('finds a PEM private key whose body runs far past the keyword, lines apart', () => {
    const body = Array.from({ length: 60 }, () => g.rand(g.B64, 64)).join('\n');
    const text = `${filler(20)}-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n${filler(20)}`;
    const r = bothWays(text);
    assert.deepEqual(
      r.found.map((x) => x.finding.rule),
      ['private-key'],
    );
  });

  it('finds a PGP private key block (its armour has no "KEY-----")', () => {
    const body = Array.from({ length: 8 }, () => g.rand(g.B64, 64)).join('\n');
    const text = `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${body}\n-----END PGP PRIVATE KEY BLOCK-----\n`;
    assert.deepEqual(
      bothWays(text).found.map((x) => x.finding.rule),
      ['private-key'],
    );
  });

  it('finds a session token under any spelling of its name', () => {
    const token = g.rand(g.B64, 200);
    for (const name of ['aws-session-token', 'AWS.SESSION.TOKEN', 'Aws_Security_Token']) {
      assert.deepEqual(
        bothWays(`${name}: ${token}\n`).found.map((x) => x.finding.rule),
        ['aws-session-token'],
        name,
      );
    }
  });

  it('keeps offsets in UTF-16 units after multi-byte characters', () => {
    const text = `// überprüfe 🔑 ${'é'.repeat(700)}\n${filler(10)}token = "${g.mixed(g.ALNUM, 24)}"\n${'ü'.repeat(900)} ${g.githubPat()}\n`;
    const r = bothWays(text);
    assert.deepEqual(
      r.found.map((x) => x.finding.rule),
      ['generic-secret', 'github-token'],
    );
  });

  it('in a long minified line, decodes only around the hit, then the whole line for the finding', () => {
    const id = g.keyId();
    const line = Array.from({ length: 300 }, (_, i) => `var a${i}=f(${i}); `).join('') + `var k="${id}";` + ' x=1;'.repeat(500);
    const r = bothWays(`${filler(3)}${line}\n${filler(3)}`);
    assert.equal(r.windows.length, 1);
    assert.equal(r.windows[0]!.text, line);
    assert.deepEqual(
      r.found.map((x) => x.finding.value),
      [id],
    );
    // A hit without a finding in the same kind of line: only about a kilobyte is decoded.
    const quiet = Array.from({ length: 300 }, (_, i) => `var a${i}=f(${i}); `).join('') + 'var password = short; ' + ' x=1;'.repeat(500);
    const q = bothWays(quiet);
    assert.equal(q.found.length, 0);
    assert.ok(q.windows[0]!.text.length < 1200 && q.windows[0]!.text.length < quiet.length / 2);
  });

  it('a hit right next to a long run without whitespace keeps the whole run', () => {
    const token = g.rand(g.B64, 3000);
    const text = `${filler(5)}aws_session_token=${token}\n`;
    const r = bothWays(text);
    assert.equal(r.found[0]?.finding.value, token);
  });

  it('agrees on generated files mixing every kind of secret, filler, keywords without secrets and non-ASCII text', () => {
    const next = g.rng(42);
    const pieces = [
      () => filler(1 + Math.floor(next() * 30)),
      () => `AWS_ACCESS_KEY_ID=${g.keyId()}\n`,
      () => `secret = ${g.secretKey()}\n`,
      () => `  "${g.secretKey()}",\n`,
      () => `password: "${g.mixed(g.ALNUM, 16)}"\n`,
      () => `const token = this.token;\n`,
      () => 'Object.keys(secretKeys).forEach(k => k);\n',
      () => `${g.githubPat()} ${g.stripeLive()} ${g.googleKey()}\n`,
      () => `${g.slackBot()}\n${g.slackWebhook()}\n`,
      () => `//registry.npmjs.org/:_authToken=${g.mixed(g.ALNUM, 36)}\n`,
      () => g.pem(),
      () => `aws_session_token = ${g.sessionToken()}\n`,
      () => `"RoleId": "${g.keyId('123456789012', 'AR' + 'OA')}"\n`,
      () => 'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
      () => `// 日本語のコメント ✓ ${'ß'.repeat(Math.floor(next() * 300))}\n`,
      () => 'x'.repeat(Math.floor(next() * 1500)),
    ];
    for (let round = 0; round < 120; round++) {
      let text = '';
      const n = 1 + Math.floor(next() * 25);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)]!();
      bothWays(text);
      bothWays(text, false);
    }
  });

  it('agrees for every rule set a user can choose with --rules', () => {
    const text = `${g.keyId()}\n${filler(5)}aws_secret_access_key=${g.secretKey()}\npassword = "${g.mixed(g.ALNUM, 16)}"\n${g.pem()}`;
    for (const rule of RULES) {
      const rules = RULES.filter((r) => r === rule || (rule.id === 'aws-secret-access-key' && r.id === 'aws-access-key-id'));
      const buf = Buffer.from(text);
      assert.deepEqual(
        findSecretsInBytes(buf, true, { rules, includeInfo: true }).found.map((x) => x.finding),
        findSecrets(text, { rules, includeInfo: true }),
        rule.id,
      );
    }
  });
});

describe('scan locations from windows', () => {
  it('reports line and column (in characters) past multi-byte text and window edges', async () => {
    const pat = g.githubPat();
    const lines = [...filler(40).split('\n').slice(0, 40), `ünïcødé 🔑 ${'ä'.repeat(600)}`, ...filler(40).split('\n').slice(0, 40), `  é🔑 x = ${pat} // mamori:allow test fixture`];
    const res = await scanSecrets({ mode: 'stdin', input: Buffer.from(lines.join('\n') + '\n') });
    const f = res.findings.find((x) => x.rule === 'github-token');
    assert.ok(f);
    assert.equal(f.line, 82);
    assert.equal(f.column, lines[81]!.indexOf(pat) + 1);
    assert.deepEqual(f.allowed, { by: 'inline', reason: 'test fixture' });
  });
});

describe('working-tree threads', () => {
  it('uses only the CPUs the load average leaves idle, 1 to 4, unless MAMORI_WORKERS says', () => {
    const saved = process.env.MAMORI_WORKERS;
    delete process.env.MAMORI_WORKERS;
    try {
      assert.equal(defaultWorkers(2, 5.5), 1);
      assert.equal(defaultWorkers(2, 0.2), 1);
      assert.equal(defaultWorkers(2, 0), 2);
      assert.equal(defaultWorkers(16, 1), 4);
      process.env.MAMORI_WORKERS = '3';
      assert.equal(defaultWorkers(2, 5.5), 3);
    } finally {
      if (saved === undefined) delete process.env.MAMORI_WORKERS;
      else process.env.MAMORI_WORKERS = saved;
    }
  });
});
