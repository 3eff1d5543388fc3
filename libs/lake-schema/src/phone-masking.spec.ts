import { MASKED_FORMATS, UNCHANGED_TEXTS } from './phone-masking.fixture';
import { maskPhone, maskPhonesInText, NON_ASCII_DIGITS, NUMBER_PATTERN } from './phone-masking';

describe('maskPhonesInText', () => {
  it.each(MASKED_FORMATS)('masks %s: %j', (_kind, text, masked) => {
    expect(maskPhonesInText(text)).toBe(masked);
  });

  it.each(UNCHANGED_TEXTS)('keeps %s: %j', (_kind, text) => {
    expect(maskPhonesInText(text)).toBe(text);
  });

  it('leaves no run of 7 digits, whatever the script and separators', () => {
    for (const [, text] of MASKED_FORMATS) {
      const longest = (value: string) =>
        Math.max(
          0,
          ...(value.match(new RegExp(NUMBER_PATTERN, 'gu')) ?? []).map((n) => n.replace(/\P{Nd}/gu, '').length),
        );
      expect(longest(text)).toBeGreaterThanOrEqual(7);
      expect(longest(maskPhonesInText(text))).toBeLessThan(7);
    }
  });

  it('is idempotent and keeps null', () => {
    for (const [, , masked] of MASKED_FORMATS) expect(maskPhonesInText(masked)).toBe(masked);
    expect(maskPhonesInText(null)).toBeNull();
    expect(maskPhonesInText(undefined)).toBeUndefined();
  });
});

describe('NON_ASCII_DIGITS', () => {
  it('lists exactly the decimal digits other than 0-9 up to U+1FFFF', () => {
    const listed = new RegExp(NON_ASCII_DIGITS, 'u');
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x1ffff; cp++) {
      const ch = String.fromCodePoint(cp);
      if (listed.test(ch) !== (/\p{Nd}/u.test(ch) && !/[0-9]/.test(ch))) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });
});

describe('maskPhone', () => {
  it.each([
    ['555-123-4567', '555****67'],
    ['+1 415 555 0123', '+1 ****23'],
    ['12345', '****'],
    ['\uFF12\uFF11\uFF12\uFF15\uFF15\uFF15\uFF10\uFF11\uFF19\uFF19', '\uFF12\uFF11\uFF12****\uFF19\uFF19'],
  ])('%j -> %j', (value, masked) => {
    expect(maskPhone(value)).toBe(masked);
  });
});
