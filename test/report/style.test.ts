import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { style, useColor } from '../../src/report/style.js';

describe('terminal colour', () => {
  it('is on for a TTY and off for pipes', () => {
    assert.equal(useColor({ isTTY: true }, {}), true);
    assert.equal(useColor({ isTTY: false }, {}), false);
  });
  it('honours NO_COLOR and FORCE_COLOR', () => {
    assert.equal(useColor({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(useColor({ isTTY: true }, { FORCE_COLOR: '0' }), false);
    assert.equal(useColor({ isTTY: false }, { FORCE_COLOR: '1' }), true);
  });
  it('emits no escape codes when off', () => {
    assert.equal(style(false).red('x'), 'x');
    assert.equal(style(true).red('x'), '\u001b[31mx\u001b[39m');
  });
});
