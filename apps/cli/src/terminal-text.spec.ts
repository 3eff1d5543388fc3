import { safeForTerminal, safeJson } from './terminal-text';

describe('terminal text', () => {
  it('shows escape sequences, C1 controls and bidi overrides as escapes, keeping newlines, tabs and emoji', () => {
    const name = 'post_results_\u001b[31mred\u001b]0;pwned\u0007\u009b2J\u202eevil.csv';
    expect(safeForTerminal(`${name}\n\tok 🍕`)).toBe(
      'post_results_\\u001b[31mred\\u001b]0;pwned\\u0007\\u009b2J\\u202eevil.csv\n\tok 🍕',
    );
  });

  it('keeps JSON valid and its values unchanged', () => {
    const value = { file: 'a\u001b[2J\u009b\u202e.csv', note: 'café' };
    const json = safeJson(JSON.stringify(value));
    // eslint-disable-next-line no-control-regex -- raw control characters are what must not be printed
    expect(json).not.toMatch(new RegExp('[\\u001b\\u009b\\u202e]'));
    expect(JSON.parse(json)).toEqual(value);
  });
});
