import { PostRecord } from '../post-record';
import { documentIdFor, MAX_SIDECAR_BYTES, parsePostDocumentText, renderPostDocument } from './post-document';
import { metadataFromSidecar, metadataSidecar } from './sidecar';

const post = (over: Partial<PostRecord> = {}): PostRecord => ({
  post_id: 'C1a2B3',
  creator: '@Joes_Pizza',
  search_term: 'pizza nyc',
  posted_date: '2024-05-01',
  likes: 120,
  comments: 8,
  hashtags: '#Pizza #nyc',
  caption: 'Our "famous" slice 🍕\r\nsecond line\n\n#cheesy #pizza',
  image_description: null,
  post_url: 'https://www.instagram.com/p/C1a2B3/',
  city: 'New York',
  fingerprint: 'x',
  ...over,
});

describe('renderPostDocument', () => {
  it('masks phone numbers in the text whatever the post source gave it', () => {
    const doc = renderPostDocument(
      post({
        caption: 'Book: 212\u2013555\u20130199',
        image_description: 'a sign reading \uFF12\uFF11\uFF12 \uFF15\uFF15\uFF15 \uFF10\uFF11\uFF19\uFF19',
        search_term: 'pizza +81-3-1234-5678',
      }),
    );
    expect(doc.text).toContain('Caption: Book: 212****99 | Image: a sign reading \uFF12\uFF11\uFF12****\uFF19\uFF19');
    expect(doc.text).toContain('Search term: pizza +81****78');
    expect(doc.metadata.search_term).toBe('pizza +81****78');
  });

  it('keeps quotes and emoji, folds newlines, leaves out a missing image description', () => {
    const doc = renderPostDocument(post());
    expect(doc.docId).toBe('C1a2B3');
    expect(doc.text).toBe(
      [
        'Caption: Our "famous" slice 🍕 second line #cheesy #pizza',
        'Hashtags: #pizza #nyc #cheesy',
        'Search term: pizza nyc',
        'Creator: @joes_pizza | City: New York',
        '',
      ].join('\n'),
    );
    expect(doc.metadata).toEqual({
      post_id: 'C1a2B3',
      creator: 'joes_pizza',
      city: 'New York',
      likes: 120,
      comments: 8,
      engagement: 128,
      hashtags: ['pizza', 'nyc', 'cheesy'],
      posted_date: '2024-05-01',
      posted_at: 1714521600,
      post_url: 'https://www.instagram.com/p/C1a2B3/',
      search_term: 'pizza nyc',
    });
  });

  it('writes the typed Bedrock sidecar: NUMBER counts, STRING city/creator, STRING_LIST hashtags, no nulls', () => {
    const sidecar = metadataSidecar(renderPostDocument(post({ likes: null, city: null })));
    const attrs = sidecar.metadataAttributes;
    expect(attrs.creator).toEqual({ value: { type: 'STRING', stringValue: 'joes_pizza' }, includeForEmbedding: false });
    expect(attrs.comments).toEqual({ value: { type: 'NUMBER', numberValue: 8 }, includeForEmbedding: false });
    expect(attrs.hashtags).toEqual({
      value: { type: 'STRING_LIST', stringListValue: ['pizza', 'nyc', 'cheesy'] },
      includeForEmbedding: false,
    });
    // Hidden likes: neither likes nor engagement (likes + comments) exist; no city: no attribute at all.
    expect(Object.keys(attrs).sort()).toEqual([
      'comments',
      'creator',
      'hashtags',
      'post_id',
      'post_url',
      'posted_at',
      'posted_date',
      'search_term',
    ]);
    // Round trip through JSON, as the knowledge base reads it.
    expect(metadataFromSidecar(JSON.parse(JSON.stringify(sidecar)))).toEqual(
      renderPostDocument(post({ likes: null, city: null })).metadata,
    );
  });

  it('keeps the sidecar under the Bedrock 10 KB limit however many hashtags a post has', () => {
    const tags = Array.from({ length: 400 }, (_, i) => `#${'verylonghashtag'.repeat(6)}${i}`).join(' ');
    const sidecar = metadataSidecar(renderPostDocument(post({ hashtags: tags })));
    expect(Buffer.byteLength(JSON.stringify(sidecar))).toBeLessThanOrEqual(MAX_SIDECAR_BYTES);
    expect(sidecar.metadataAttributes.hashtags).toBeDefined();
  });

  it('writes a placeholder for an empty caption and a hash id for unsafe post ids', () => {
    const doc = renderPostDocument(
      post({ caption: null, hashtags: null, search_term: null, city: null, post_id: 'a/b c' }),
    );
    expect(doc.text).toBe('Caption: (no caption)\nCreator: @joes_pizza\n');
    expect(doc.docId).toMatch(/^h_[0-9a-f]{32}$/);
    expect(documentIdFor('a/b c')).toBe(doc.docId);
    expect(documentIdFor('a/b d')).not.toBe(doc.docId);
  });

  it('parses its own text back into fields for local indexing', () => {
    const doc = renderPostDocument(post({ image_description: 'a slice | with basil' }));
    expect(parsePostDocumentText(doc.text)).toEqual({
      caption: 'Our "famous" slice 🍕 second line #cheesy #pizza',
      image: 'a slice | with basil',
      hashtags: 'pizza nyc cheesy',
      searchTerm: 'pizza nyc',
    });
  });
});
