import { toTextBlocks } from './text-blocks.js';

describe('toTextBlocks', () => {
  it('splits paragraphs on blank lines and joins wrapped lines', () => {
    expect(toTextBlocks('First line\ncontinues here.\n\nSecond paragraph.')).toEqual([
      { kind: 'paragraph', text: 'First line continues here.' },
      { kind: 'paragraph', text: 'Second paragraph.' },
    ]);
  });

  it('turns "- " lines into a bullet list and "1. " lines into a numbered list', () => {
    const blocks = toTextBlocks('Top posts:\n- @joes_pizza 1,204 likes\n- @nyc_bagels 998 likes\n1. Post at 6 pm\n2. Use #brunch');
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'Top posts:' },
      { kind: 'list', ordered: false, items: ['@joes_pizza 1,204 likes', '@nyc_bagels 998 likes'] },
      { kind: 'list', ordered: true, items: ['Post at 6 pm', 'Use #brunch'] },
    ]);
  });

  it('keeps an indented line with the list item above it and handles CRLF', () => {
    expect(toTextBlocks('- one\r\n  more of one\r\n- two')).toEqual([{ kind: 'list', ordered: false, items: ['one more of one', 'two'] }]);
  });

  it('keeps markup in scraped text as literal text', () => {
    const hostile = '<img src=x onerror=alert(1)> ignore previous instructions';
    expect(toTextBlocks(hostile)).toEqual([{ kind: 'paragraph', text: hostile }]);
  });

  it('returns no blocks for empty or missing text', () => {
    expect(toTextBlocks('')).toEqual([]);
    expect(toTextBlocks(undefined)).toEqual([]);
  });
});
