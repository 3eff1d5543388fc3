import { parseCsvHeader, normaliseHeaderName } from './csv-header';
import { resolveFileLayout, tableFromFileName } from './file-layout';

describe('parseCsvHeader', () => {
  it('strips a BOM, stops at CRLF and unquotes names', () => {
    expect(parseCsvHeader('\uFEFFpost_id,"Creator","a ""quoted"" name"\r\np1,@a,x\r\n')).toEqual([
      'post_id',
      'Creator',
      'a "quoted" name',
    ]);
  });
  it('returns no columns for an empty file', () => {
    expect(parseCsvHeader('')).toEqual([]);
  });
  it('normalises names case- and separator-insensitively', () => {
    expect(normaliseHeaderName(' Post ID ')).toBe('post_id');
    expect(normaliseHeaderName('Image-Description')).toBe('image_description');
  });
});

describe('file kind', () => {
  it.each([
    ['uploads/post_results_2024.csv', 'posts'],
    ['uploads/instagram_results.csv', 'restaurants'],
    ['uploads/instagram_restaurant_results-nyc.csv', 'restaurants'],
    ['uploads/POST_RESULTS.CSV', 'posts'],
    ['uploads/export.csv', undefined],
  ])('%s -> %s', (key, table) => {
    expect(tableFromFileName(key)).toBe(table);
  });

  it('lets the header decide when the name says nothing', () => {
    expect(resolveFileLayout('uploads/x.csv', ['restaurant_name', 'city', 'phone', 'posts'])?.table.name).toBe(
      'restaurants',
    );
    expect(resolveFileLayout('uploads/x.csv', ['post_id', 'creator', 'posted_date', 'likes'])?.table.name).toBe(
      'posts',
    );
    expect(resolveFileLayout('uploads/x.csv', ['a', 'b'])).toBeUndefined();
  });
});

describe('header binding', () => {
  it('maps posts -> posts_count, ignores and reports extra columns, accepts any order and case', () => {
    const layout = resolveFileLayout('instagram_results.csv', [
      'Posts',
      'CITY',
      'Restaurant_Name',
      'favourite_colour',
      'phone',
    ])!;
    const bound = Object.fromEntries(layout.bindings.map((b) => [b.column, b.sourceIndex]));
    expect(bound).toMatchObject({ posts_count: 0, city: 1, restaurant_name: 2, phone: 4, bio: -1 });
    expect(layout.extraColumns).toEqual(['favourite_colour']);
    expect(layout.missingRequired).toEqual([]);
    expect(layout.missingOptional).toEqual(expect.arrayContaining(['bio', 'website', 'followers']));
  });

  it('reports missing required columns', () => {
    const layout = resolveFileLayout('post_results.csv', ['post_id', 'likes'])!;
    expect(layout.missingRequired).toEqual(['creator', 'posted_date']);
  });

  it('reports a column given twice', () => {
    const layout = resolveFileLayout('post_results.csv', ['post_id', 'creator', 'username', 'posted_date'])!;
    expect(layout.duplicateColumns).toEqual(['username']);
  });
});
