import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, jsonText, stripControl } from '../../src/report/sanitize.js';
import { sh } from '../../src/util/shell.js';

describe('sanitising attacker-controlled text', () => {
  const cases: [string, string, string][] = [
    ['CSI colour and cursor movement', 'evil\u001b[2J\u001b[31mred\u001b[0m', 'evilred'],
    ['OSC 8 hyperlink and window title', '\u001b]0;pwned\u0007x\u001b]8;;http://e.vil\u001b\\y', 'xy'],
    ['C1 CSI', 'a\u009b31mb', 'ab'],
    ['bare control characters and DEL', 'a\u0000b\u0007c\u007fd\u0085e', 'abcde'],
    ['Trojan Source bidi overrides', 'user\u202eslaer', 'userslaer'],
    ['bidi marks (LRM, RLM, ALM)', 'a\u200eb\u200fc\u061cd', 'abcd'],
    ['newline in a one-line context', 'line1\nline2', 'line1line2'],
  ];
  for (const [name, input, expected] of cases) it(`strips ${name}`, () => assert.equal(stripControl(input), expected));

  it('keeps newlines when multiline and leaves ordinary text (including Japanese) alone', () => {
    assert.equal(stripControl('a\nb', true), 'a\nb');
    assert.equal(stripControl('守り user-1 (prod)'), '守り user-1 (prod)');
  });

  it('escapes HTML and strips controls first', () => {
    assert.equal(escapeHtml(`<img src=x onerror="alert('1')">&\u001b[31m`), '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
  });

  it('JSON output escapes C1 controls and bidi overrides, and parses back to the same value', () => {
    const v = { name: 'a\u009b31mb\u202ec\u007f守り', n: 1 };
    const text = jsonText(v);
    assert.equal(text, '{"name":"a\\u009b31mb\\u202ec\\u007f守り","n":1}\n');
    assert.deepEqual(JSON.parse(text), v);
  });

  it('quotes shell arguments so a name cannot become a command', () => {
    assert.equal(sh('dev-poweruser'), 'dev-poweruser');
    assert.equal(sh('arn:aws:iam::aws:policy/AdministratorAccess'), 'arn:aws:iam::aws:policy/AdministratorAccess');
    assert.equal(sh('x; rm -rf ~'), `'x; rm -rf ~'`);
    assert.equal(sh(`it's $(id)`), `'it'\\''s $(id)'`);
  });
});
