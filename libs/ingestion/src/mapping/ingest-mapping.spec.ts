import { mappingRuleFor, parseIngestMapping } from './ingest-mapping';
import { shellCommand, shellQuote } from '../shell-quote';

describe('parseIngestMapping', () => {
  it('reads rules and finds the first that matches a key (a pattern without "/" matches the file name)', () => {
    const doc = parseIngestMapping(
      JSON.stringify({
        description: 'owners that only the folder names',
        rules: [
          { files: 'instaloader/arijitsingh/**', set: { creator: 'arijitsingh' } },
          { files: '*.jsonl', table: 'posts', map: { handle: 'creator' } },
          { files: 'reels/*.csv', dateOrder: 'DMY' },
        ],
      }),
      'mapping.json',
    );
    expect(mappingRuleFor(doc, 'instaloader/arijitsingh/2024/posts.csv')?.set).toEqual({ creator: 'arijitsingh' });
    expect(mappingRuleFor(doc, 'deep/down/x.JSONL')?.table).toBe('posts');
    expect(mappingRuleFor(doc, 'reels/a.csv')?.dateOrder).toBe('DMY');
    expect(mappingRuleFor(doc, 'reels/sub/a.csv')).toBeUndefined();
  });

  it.each([
    ['not JSON', '{rules:', /it is not JSON/],
    ['no rules array', '{"files": "x"}', /must be an object with a "rules" array/],
    ['an unknown rule field', '{"rules":[{"files":"x","sett":{}}]}', /rules\[0\]\.sett is not a rule field/],
    ['a rule without files', '{"rules":[{"set":{"creator":"a"}}]}', /rules\[0\]\.files must be a glob/],
    [
      'an unknown column',
      '{"rules":[{"files":"x","set":{"creatr":"a"}}]}',
      /"creatr" is not a column of posts or restaurants/,
    ],
    [
      'a column of the other table',
      '{"rules":[{"files":"x","table":"restaurants","map":{"a":"likes"}}]}',
      /"likes" is not a column of restaurants/,
    ],
    ['a value that is no string', '{"rules":[{"files":"x","set":{"likes":3}}]}', /set\.likes must be a string/],
    [
      'a value with a NUL character',
      '{"rules":[{"files":"x","set":{"creator":"a\\u0000b"}}]}',
      /rules\[0\]\.set\.creator contains a NUL character \(\\0\): remove it/,
    ],
    ['a bad table', '{"rules":[{"files":"x","table":"users"}]}', /table is "users": use posts or restaurants/],
    ['a bad date order', '{"rules":[{"files":"x","dateOrder":"YMD"}]}', /dateOrder is "YMD": use MDY/],
  ])('refuses %s with a message that says where', (_name, text, message) => {
    expect(() => parseIngestMapping(text, 's3://raw/config/mapping.json')).toThrow(message);
    expect(() => parseIngestMapping(text, 's3://raw/config/mapping.json')).toThrow(/s3:\/\/raw\/config\/mapping\.json/);
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes anything a shell would interpret', () => {
    expect(shellQuote('dlq/post_results.3f2a.csv')).toBe('dlq/post_results.3f2a.csv');
    expect(shellQuote('dlq/post_results_$(touch PWNED).csv')).toBe(`'dlq/post_results_$(touch PWNED).csv'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('a b;c`d`')).toBe(`'a b;c\`d\`'`);
    expect(shellCommand('instalake', 'replay', 'x y')).toBe(`instalake replay 'x y'`);
  });
});
