import type { PostRecord } from './post-record';

/** A post as a PostSource hands it over (fingerprint left to the source), for use-case tests. */
export function postFixture(post_id: string, caption: string): Omit<PostRecord, 'fingerprint'> {
  return {
    post_id,
    creator: '@a',
    search_term: null,
    posted_date: '2024-05-01',
    likes: 1,
    comments: 0,
    hashtags: null,
    caption,
    image_description: null,
    post_url: null,
    city: null,
  };
}
