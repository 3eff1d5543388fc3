import { normaliseHeaderName, parseCsvHeader, readCsvHeader } from './csv-header';
import { ColumnSource, FileLayout, resolveFileLayout, resolveLayout, tableFromFileName } from './file-layout';
import { closestKnownLayout } from './known-layouts';

const source = (layout: FileLayout, column: string): ColumnSource =>
  layout.bindings.find((b) => b.column === column)!.source;
const fieldName = (layout: FileLayout, column: string): string | undefined => {
  const s = source(layout, column);
  return s.kind === 'field' ? s.field.name : undefined;
};

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
  it('says whether the header ended inside the text (a file with no newline has no header)', () => {
    expect(readCsvHeader('a,b\nx,y')).toEqual({ fields: ['a', 'b'], complete: true });
    expect(readCsvHeader('a,b,c')).toEqual({ fields: ['a', 'b', 'c'], complete: false });
    expect(readCsvHeader('\r\n\na,"b\nc"\rx')).toEqual({ fields: ['a', 'b\nc'], complete: true });
  });
});

describe('normaliseHeaderName', () => {
  it.each([
    ['likesCount', 'likes_count'],
    ['likes_count', 'likes_count'],
    ['Likes Count', 'likes_count'],
    ['LIKES_COUNT', 'likes_count'],
    ['ownerUsername', 'owner_username'],
    ['owner.username', 'owner_username'],
    ['owner/username', 'owner_username'],
    ['hashtags/0', 'hashtags_0'],
    ['shortCode', 'short_code'],
    ['postID', 'post_id'],
    [' Post ID ', 'post_id'],
    ['Image-Description', 'image_description'],
    ['URLPath', 'url_path'],
    ['mediaid', 'mediaid'],
  ])('%j -> %j', (raw, expected) => {
    expect(normaliseHeaderName(raw)).toBe(expected);
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

  it('lets the header decide, with a note, when the name and the header disagree', () => {
    const layout = resolveFileLayout('uploads/post_results_x.csv', ['restaurant_name', 'city', 'phone'])!;
    expect(layout.table.name).toBe('restaurants');
    expect(layout.decidedBy).toBe('header');
    expect(layout.notes.join()).toMatch(/named like a posts file, but its columns are those of restaurants/);
  });

  it('keeps the named table when the header fits neither (the rejection names what is missing)', () => {
    const layout = resolveFileLayout('uploads/post_results.csv', ['post_id', 'likes'])!;
    expect(layout).toMatchObject({ decidedBy: 'file-name', missingRequired: ['creator', 'posted_date'] });
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
    expect(fieldName(layout, 'posts_count')).toBe('Posts');
    expect(fieldName(layout, 'city')).toBe('CITY');
    expect(fieldName(layout, 'restaurant_name')).toBe('Restaurant_Name');
    expect(source(layout, 'bio').kind).toBe('absent');
    expect(layout.extraColumns).toEqual(['favourite_colour']);
    expect(layout.missingRequired).toEqual([]);
    expect(layout.missingOptional).toEqual(expect.arrayContaining(['bio', 'website', 'followers']));
  });

  it('reads the three restaurant header variants of the seed scraper', () => {
    for (const header of [
      'restaurant_name,city,zip_code,phone,instagram_handle,followers,posts,bio,website,status',
      'restaurant_name,city,phone,instagram_handle,followers,posts,bio,website,status',
      'restaurant_name,city,instagram_handle,followers,posts,bio,website,status',
    ]) {
      const layout = resolveFileLayout('instagram_results_1.csv', header.split(','))!;
      expect(layout.missingRequired).toEqual([]);
      expect(layout.knownLayout?.id).toBe('seed-restaurants');
      expect(layout.extraColumns).toEqual(header.includes('zip_code') ? ['zip_code'] : []);
    }
  });

  it('reports a column given twice', () => {
    const layout = resolveFileLayout('post_results.csv', ['post_id', 'creator', 'username', 'posted_date'])!;
    expect(layout.duplicateColumns).toEqual(['username']);
  });

  it('reads an Apify instagram-scraper CSV without a mapping', () => {
    const header = [
      'alt',
      'caption',
      'commentsCount',
      'hashtags/0',
      'hashtags/1',
      'hashtags/10',
      'hashtags/2',
      'id',
      'likesCount',
      'mentions/0',
      'ownerFullName',
      'ownerUsername',
      'shortCode',
      'timestamp',
      'type',
      'url',
    ];
    const layout = resolveFileLayout('dataset_instagram-scraper_2025-11-24.csv', header)!;
    expect(layout.table.name).toBe('posts');
    expect(layout.knownLayout?.id).toBe('apify-instagram-scraper');
    expect(layout.missingRequired).toEqual([]);
    expect(source(layout, 'post_id')).toEqual({
      kind: 'post-id',
      shortcode: { index: 12, name: 'shortCode' },
      id: { index: 7, name: 'id' },
      url: { index: 15, name: 'url' },
    });
    const tags = source(layout, 'hashtags');
    expect(tags.kind === 'tags' && tags.fields.map((f) => f.name)).toEqual([
      'hashtags/0',
      'hashtags/1',
      'hashtags/2',
      'hashtags/10',
    ]);
    expect(fieldName(layout, 'creator')).toBe('ownerUsername');
    expect(fieldName(layout, 'likes')).toBe('likesCount');
    expect(fieldName(layout, 'comments')).toBe('commentsCount');
    expect(fieldName(layout, 'image_description')).toBe('alt');
    expect(fieldName(layout, 'posted_date')).toBe('timestamp');
    expect(fieldName(layout, 'post_url')).toBe('url');
    expect(layout.extraColumns).toEqual(['mentions/0', 'ownerFullName', 'type']);
  });

  it('reads the hashtag scraper (no id, only the URL) and the reels tracker', () => {
    const hashtag = resolveFileLayout('export.csv', [
      'queryTag',
      'url',
      'caption',
      'likesCount',
      'commentsCount',
      'timestamp',
      'ownerUsername',
    ])!;
    expect(source(hashtag, 'post_id')).toEqual({ kind: 'post-id', url: { index: 1, name: 'url' } });
    expect(fieldName(hashtag, 'search_term')).toBe('queryTag');
    const reels = resolveFileLayout('reels.csv', [
      'code',
      'owner_username',
      'like_count',
      'comment_count',
      'created_at',
      'checked_at',
    ])!;
    expect(reels.missingRequired).toEqual([]);
    expect(fieldName(reels, 'likes')).toBe('like_count');
    expect(fieldName(reels, 'posted_date')).toBe('created_at');
    expect(source(reels, 'post_url')).toEqual({ kind: 'post-url-from-id' });
  });

  it('reads JSON fields: nested owner.username and a hashtag list', () => {
    const layout = resolveLayout('dataset.json', [
      { index: 0, name: 'shortCode' },
      { index: 1, name: 'owner.username' },
      { index: 2, name: 'hashtags', list: true },
      { index: 3, name: 'timestamp' },
    ])!;
    expect(fieldName(layout, 'creator')).toBe('owner.username');
    expect(source(layout, 'hashtags')).toEqual({ kind: 'tags', fields: [{ index: 2, name: 'hashtags', list: true }] });
  });

  it('needs the owner of an Instaloader file from a mapping, and takes renames and defaults from it', () => {
    const header = ['mediaid', 'shortcode', 'date_utc', 'caption', 'likes', 'comments'];
    const bare = resolveFileLayout('arijitsingh.csv', header)!;
    expect(bare.knownLayout?.id).toBe('instaloader');
    expect(bare.missingRequired).toEqual(['creator']);
    const mapped = resolveFileLayout('arijitsingh.csv', header, { set: { creator: 'arijitsingh' } })!;
    expect(mapped.missingRequired).toEqual([]);
    expect(mapped.bindings.find((b) => b.column === 'creator')).toEqual({
      column: 'creator',
      source: { kind: 'absent' },
      defaultValue: 'arijitsingh',
    });
    const renamed = resolveFileLayout('export.csv', ['code', 'who', 'when'], {
      table: 'posts',
      map: { who: 'creator', When: 'posted_date', nothere: 'caption', code: 'nonsense' },
    })!;
    expect(renamed.decidedBy).toBe('mapping');
    expect(fieldName(renamed, 'creator')).toBe('who');
    expect(fieldName(renamed, 'posted_date')).toBe('when');
    expect(renamed.notes).toEqual([
      'mapping nothere=caption: the file has no field nothere',
      'mapping code=nonsense: posts has no column nonsense',
    ]);
  });

  it('reads a post_id column as an id that a media id in it gives way to the URL for, and a mapped field likewise', () => {
    expect(source(resolveFileLayout('post_results.csv', ['post_id', 'creator', 'post_url'])!, 'post_id')).toEqual({
      kind: 'post-id',
      id: { index: 0, name: 'post_id' },
      url: { index: 2, name: 'post_url' },
    });
    expect(
      source(resolveFileLayout('post_results.csv', ['pk', 'shortcode', 'post_id', 'creator'])!, 'post_id'),
    ).toEqual({
      kind: 'post-id',
      shortcode: { index: 1, name: 'shortcode' },
      id: { index: 2, name: 'post_id' },
    });
    const mapped = (field: string) =>
      source(resolveFileLayout('post_results.csv', [field, 'creator'], { map: { [field]: 'post_id' } })!, 'post_id');
    expect(mapped('media')).toEqual({ kind: 'post-id', id: { index: 0, name: 'media' } });
  });

  it('names the closest known layout of an unknown file', () => {
    const fields = new Set(['caption', 'likes_count', 'owner_username', 'whatever'].map(normaliseHeaderName));
    expect(closestKnownLayout(fields)?.layout.id).toBe('apify-hashtag-scraper');
    expect(closestKnownLayout(new Set(['a', 'b']))).toBeUndefined();
  });
});
