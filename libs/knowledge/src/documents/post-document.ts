import { createHash } from 'node:crypto';
import { maskPhonesInText } from '@instalake/lake-schema';
import { engagementOf } from '@instalake/semantic';
import { PostRecord } from '../post-record';
import { PostMetadata } from './post-metadata';
import { hashtagsOf, normaliseCreator, oneLine, truncate } from './text';

/** Bump when the rendered text or metadata changes shape: the next sync then rewrites every document. */
export const DOCUMENT_FORMAT_VERSION = 2;

/** Bedrock Knowledge Bases refuse metadata files above 10 KB; stay well below. */
export const MAX_SIDECAR_BYTES = 9_000;
const MAX_ATTRIBUTE_CHARS = 500;
const MAX_TEXT_HASHTAGS = 50;
const MAX_METADATA_HASHTAGS = 30;

/** One post as a knowledge-base document: text to embed plus typed, filterable metadata. */
export interface PostDocument {
  /** File-name-safe id, unique per post_id (see documentIdFor). */
  readonly docId: string;
  readonly text: string;
  readonly metadata: PostMetadata;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * Object-key-safe document id. Instagram shortcodes are used as they are; anything else becomes a hash
 * (`h_<md5 hex>`) so odd ids never produce odd keys.
 */
export function documentIdFor(postId: string): string {
  return SAFE_ID.test(postId) ? postId : `h_${createHash('md5').update(postId).digest('hex')}`;
}

/**
 * Renders the document (phone-like numbers in its text masked, whatever the post source did):
 * `Caption: ... | Image: ...` on the first line (the image part only when there is a description), then
 * hashtags, search term, creator and city lines when known: they carry the words people search with.
 */
export function renderPostDocument(post: PostRecord): PostDocument {
  const caption = maskPhonesInText(oneLine(post.caption));
  const image = maskPhonesInText(oneLine(post.image_description));
  const tags = hashtagsOf(post.hashtags, post.caption);
  const creator = normaliseCreator(post.creator);
  const searchTerm = maskPhonesInText(oneLine(post.search_term));

  const first = [`Caption: ${caption || '(no caption)'}`, image && `Image: ${image}`].filter(Boolean).join(' | ');
  const lines = [first];
  if (tags.length > 0)
    lines.push(
      `Hashtags: ${tags
        .slice(0, MAX_TEXT_HASHTAGS)
        .map((t) => `#${t}`)
        .join(' ')}`,
    );
  if (searchTerm) lines.push(`Search term: ${searchTerm}`);
  lines.push(`Creator: @${creator}${post.city ? ` | City: ${post.city}` : ''}`);

  const engagement = engagementOf(post.likes, post.comments);
  const metadata: PostMetadata = {
    post_id: post.post_id,
    creator,
    hashtags: tags.slice(0, MAX_METADATA_HASHTAGS).map((t) => truncate(t, 100)),
    ...(post.city ? { city: post.city } : {}),
    ...(post.likes != null ? { likes: post.likes } : {}),
    ...(post.comments != null ? { comments: post.comments } : {}),
    ...(engagement != null ? { engagement } : {}),
    ...(post.posted_date
      ? { posted_date: post.posted_date, posted_at: Date.parse(`${post.posted_date}T00:00:00Z`) / 1000 }
      : {}),
    ...(post.post_url ? { post_url: truncate(post.post_url, MAX_ATTRIBUTE_CHARS) } : {}),
    ...(searchTerm ? { search_term: truncate(searchTerm, MAX_ATTRIBUTE_CHARS) } : {}),
  };
  return { docId: documentIdFor(post.post_id), text: `${lines.join('\n')}\n`, metadata };
}

/** The fields the text was rendered from, for local search (inverse of renderPostDocument's text). */
export interface PostDocumentFields {
  readonly caption: string;
  readonly image: string;
  readonly hashtags: string;
  readonly searchTerm: string;
}

export function parsePostDocumentText(text: string): PostDocumentFields {
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  const imageAt = first.lastIndexOf(' | Image: ');
  const caption = (imageAt >= 0 ? first.slice(0, imageAt) : first)
    .replace(/^Caption: /, '')
    .replace(/^\(no caption\)$/, '');
  const image = imageAt >= 0 ? first.slice(imageAt + ' | Image: '.length) : '';
  const field = (prefix: string) => lines.find((l) => l.startsWith(prefix))?.slice(prefix.length) ?? '';
  return { caption, image, hashtags: field('Hashtags: ').replace(/#/g, ''), searchTerm: field('Search term: ') };
}
