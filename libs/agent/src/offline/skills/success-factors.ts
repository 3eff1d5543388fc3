import type { Cell } from '../../api/query-response';
import { AnswerDraft, fmt, handleOf, num, quoteData } from '../answer-draft';
import type { City } from '../cities';
import { ENGAGEMENT, scopedPostsCte } from '../lake-sql';
import { cityNote, ENGAGEMENT_NOTE, type SkillContext, type SkillResult } from './skill-context';

export function successSql(topic: string, city: City | undefined): string {
  return `WITH ${scopedPostsCte({ city, topic })},
features AS (
  SELECT *, length(coalesce(caption, '')) AS caption_len,
         -- Distinct #tags of hashtags + caption; most captions have no '#', and lower-casing them was half the query.
         CASE WHEN contains(caption, '#') THEN length(list_distinct(regexp_extract_all(lower(concat_ws(' ', hashtags, caption)), '#[a-z0-9_]+')))
              ELSE length(list_distinct(regexp_extract_all(lower(coalesce(hashtags, '')), '#[a-z0-9_]+'))) END AS n_tags,
         dayname(posted_date) AS weekday,
         CASE WHEN coalesce(ltrim(rtrim(image_description)), '') <> '' THEN 1 ELSE 0 END AS has_image_desc
  FROM scoped
),
ranked AS (SELECT *, ntile(4) OVER (ORDER BY engagement, post_id) AS quartile FROM features WHERE engagement IS NOT NULL),
bands AS (
  SELECT CASE WHEN quartile = 4 THEN 'top 25%' ELSE 'other 75%' END AS band, count(*) AS n_posts, avg(engagement) AS avg_engagement,
         avg(caption_len) AS avg_caption_len, avg(n_tags) AS avg_tags, avg(has_image_desc) AS share_image_desc
  FROM ranked GROUP BY 1
)
SELECT b.*,
  (SELECT count(*) FROM features) AS topic_posts,
  (SELECT count(DISTINCT handle) FROM features) AS topic_accounts,
  (SELECT count(*) FILTER (WHERE likes IS NULL) FROM features) AS topic_hidden,
  (SELECT avg(${ENGAGEMENT}) FROM posts p) AS lake_avg,
  (SELECT weekday FROM ranked GROUP BY weekday ORDER BY avg(engagement) DESC, weekday LIMIT 1) AS best_weekday,
  (SELECT avg(engagement) FROM ranked GROUP BY weekday ORDER BY avg(engagement) DESC, weekday LIMIT 1) AS best_weekday_avg
FROM bands b ORDER BY b.band DESC`;
}

export async function successFactors(ctx: SkillContext, topic: string, city: City | undefined): Promise<SkillResult> {
  const draft = new AnswerDraft();
  const hits = await ctx.knowledge.search(`${topic} posts`, city ? { city: city.name } : {}, 5);
  const kCite = draft.cite({ type: 'knowledge', title: `Knowledge search: ${topic} posts`, detail: topic });
  const sql = successSql(topic, city);
  const rows = (await ctx.sql.run(sql)).rows;
  const sCite = draft.cite({
    type: 'sql',
    title: `Top quartile vs the rest of ${topic} posts${city ? ` in ${city.short}` : ''}`,
    detail: sql,
  });
  const top = rows.find((r) => r.band === 'top 25%');
  const rest = rows.find((r) => r.band === 'other 75%');
  const first = rows[0] ?? {};
  const n = num(first.topic_posts) ?? 0;
  if (!top) {
    draft.say(
      `I found ${n} ${topic} posts${city ? ` in ${city.short}` : ''} with visible likes ${sCite}: too few to say what makes them work. Try a broader topic.`,
    );
    draft.recommend([
      'Use a broader topic word (e.g. "pasta" instead of a dish name).',
      'Drop the city to use the whole lake.',
      'Ask "show me viral <topic> content" for examples.',
    ]);
  } else {
    const lift = (a: unknown, b: unknown) =>
      num(a) !== null && num(b) ? `${fmt(((num(a)! - num(b)!) / num(b)!) * 100)}%` : 'n/a';
    draft.say(
      `Across ${fmt(n)} ${topic} posts from ${fmt(num(first.topic_accounts))} accounts${city ? ` in ${city.short}` : ''}, the top 25% (${fmt(num(top.n_posts))} posts) average ${fmt(num(top.avg_engagement))} engagement against ${fmt(num(rest?.avg_engagement))} for the rest and ${fmt(num(first.lake_avg))} for all posts in the lake ${sCite}.`,
    );
    draft.bullets([
      `Captions: ${fmt(num(top.avg_caption_len))} characters on average in the top quarter vs ${fmt(num(rest?.avg_caption_len))} in the rest (${lift(top.avg_caption_len, rest?.avg_caption_len)}) ${sCite}.`,
      `Hashtags: ${fmt(num(top.avg_tags))} per post in the top quarter vs ${fmt(num(rest?.avg_tags))} (${lift(top.avg_tags, rest?.avg_tags)}) ${sCite}.`,
      `Image descriptions present: ${fmt((num(top.share_image_desc) ?? 0) * 100)}% of top posts vs ${fmt((num(rest?.share_image_desc) ?? 0) * 100)}% ${sCite}.`,
      `Best weekday: ${first.best_weekday} (${fmt(num(first.best_weekday_avg))} average engagement) ${sCite}.`,
    ]);
    if (hits.length) {
      draft.say(`Examples the knowledge search ranks as most ${topic}-like ${kCite}:`);
      draft.bullets(
        hits.map(
          (h) =>
            `${handleOf(h.creator)} ${h.postUrl ?? h.postId}: ${quoteData(h.snippet)} ${draft.cite({ type: 'knowledge', title: `post ${h.postId}`, ...(h.uri ? { detail: h.uri } : {}), ...(h.postUrl ? { uri: h.postUrl } : {}) })}`,
        ),
      );
    }
    const longer = (num(top.avg_caption_len) ?? 0) >= (num(rest?.avg_caption_len) ?? 0);
    const moreTags = (num(top.avg_tags) ?? 0) >= (num(rest?.avg_tags) ?? 0);
    draft.recommend([
      `Post ${topic} content on ${first.best_weekday}s, the best day in this data.`,
      `Write ${longer ? 'longer' : 'shorter'} captions: about ${fmt(num(top.avg_caption_len))} characters, like the top quarter.`,
      `Use about ${fmt(Math.round(num(top.avg_tags) ?? 0))} hashtags per post (${moreTags ? 'more' : 'fewer'} than the rest).`,
      `Model your shots on the examples above and measure each new post against the ${fmt(num(rest?.avg_engagement))} baseline of the other 75%.`,
    ]);
    draft.withTable(
      ['band', 'posts', 'avg_engagement', 'avg_caption_len', 'avg_tags', 'share_image_desc'],
      rows.map(
        (r) => [r.band, r.n_posts, r.avg_engagement, r.avg_caption_len, r.avg_tags, r.share_image_desc] as Cell[],
      ),
    );
    draft.withChart({
      kind: 'bar',
      title: `${topic}: average engagement`,
      labels: ['top 25%', 'other 75%', 'all posts'],
      series: [
        {
          name: 'avg engagement',
          values: [num(top.avg_engagement) ?? 0, num(rest?.avg_engagement) ?? 0, num(first.lake_avg) ?? 0],
        },
      ],
    });
  }
  draft.note(`${ENGAGEMENT_NOTE} Top 25% = the highest quartile of ${topic} posts by engagement.`);
  draft.note(
    `Topic: a post is about "${topic}" when its caption, hashtags, search term or image description contains the word.`,
  );
  draft.note(cityNote(city));
  draft.note('Window: all posts in the lake.');
  draft.note(
    `Sample: ${n} posts from ${num(first.topic_accounts) ?? 0} accounts; ${num(first.topic_hidden) ?? 0} with hidden likes left out.${n < 30 ? ' Small sample: directional only.' : ''}`,
  );
  return {
    answer: draft.build(n, ctx.freshness),
    context: { intent: { kind: 'success-factors', topic, city }, asOf: ctx.asOf, posts: [] },
  };
}
