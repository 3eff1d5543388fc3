import { closeTo, editDistance } from './fuzzy';
import { readQuestion } from './text';

describe('question text', () => {
  it('drops possessives and apostrophes, keeps handles, hashtags and ISO dates whole', () => {
    const q = readQuestion(
      "What were NOLA's top posts by @Some.Handle. with #HotHoney since 2026-05-01 at gaslamp tacos'?",
    );
    expect(q.tokens.map((t) => t.text)).toEqual([
      'what',
      'were',
      'nola',
      'top',
      'posts',
      'by',
      '@some.handle',
      'with',
      '#hothoney',
      'since',
      '2026-05-01',
      'at',
      'gaslamp',
      'tacos',
    ]);
    expect(q.tokens.find((t) => t.text === 'nola')!.raw).toBe('NOLA');
  });

  it('keeps quoted text for similarity searches', () => {
    expect(readQuestion('Find posts similar to "rustic pasta plating"').quoted).toBe('rustic pasta plating');
  });
});

describe('typo tolerance', () => {
  it('counts edits, transpositions included, and allows more for longer words', () => {
    expect(editDistance('seatle', 'seattle')).toBe(1);
    expect(editDistance('nahsville', 'nashville')).toBe(1);
    expect(closeTo('resturants', 'restaurants')).toBe(true);
    expect(closeTo('philadelpia', 'philadelphia')).toBe(true);
    expect(closeTo('tacos', 'tapas')).toBe(false);
    expect(closeTo('bos', 'box')).toBe(false);
  });
});
