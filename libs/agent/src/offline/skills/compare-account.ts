import type { Cell } from '../../api/query-response';
import { AnswerDraft, fmt, num } from '../answer-draft';
import { CITIES, type City, cityByName, findCity } from '../cities';
import { ENGAGEMENT, PROFILES_CTE, regexAlternatives, scopedPostsCte, sqlString, textMatchSql } from '../lake-sql';
import { cityNote, ENGAGEMENT_NOTE, type SkillContext, type SkillResult } from './skill-context';

const GENERIC = new Set([
  'restaurant',
  'restaurants',
  'food',
  'best',
  'top',
  'near',
  'me',
  'the',
  'and',
  'in',
  'of',
  'eats',
  'foodie',
  'dining',
]);

export function accountSql(handle: string): string {
  return `WITH ${PROFILES_CTE},
acct AS (SELECT p.*, ${ENGAGEMENT} AS engagement FROM posts p WHERE lower(ltrim(rtrim(p.creator), ' @')) = ${sqlString(handle)})
SELECT (SELECT city FROM profiles WHERE handle = ${sqlString(handle)}) AS city,
       (SELECT followers FROM profiles WHERE handle = ${sqlString(handle)}) AS followers,
       count(*) AS n_posts, count(*) FILTER (WHERE likes IS NULL) AS n_hidden,
       avg(engagement) AS avg_engagement, avg(likes) AS avg_likes, avg(comments) AS avg_comments,
       mode(lower(search_term)) AS top_search_term,
       CAST(min(posted_date) AS VARCHAR) AS first_post, CAST(max(posted_date) AS VARCHAR) AS last_post
FROM acct`;
}

export function competitorsSql(handle: string, city: City, category: string | undefined): string {
  const categoryFilter = category
    ? `AND ${textMatchSql(['search_term', 'hashtags'], category, `(^|[^a-z])(${regexAlternatives([category])})`)}`
    : '';
  return `WITH ${scopedPostsCte({ city })},
peers AS (
  SELECT handle, count(*) AS n_posts, count(*) FILTER (WHERE likes IS NULL) AS n_hidden, avg(engagement) AS avg_engagement, max(followers) AS followers
  FROM scoped WHERE handle <> ${sqlString(handle)} ${categoryFilter}
  GROUP BY handle
)
SELECT handle, n_posts, avg_engagement, followers, avg_engagement / nullif(followers, 0) * 100 AS engagement_rate,
       (SELECT avg(avg_engagement) FROM peers) AS competitor_avg, (SELECT count(*) FROM peers) AS n_competitors,
       (SELECT sum(n_posts) FROM peers) AS competitor_posts, (SELECT sum(n_hidden) FROM peers) AS competitor_hidden
FROM peers ORDER BY avg_engagement DESC NULLS LAST, handle LIMIT 10`;
}

/** The account's category: its most frequent search term minus city words and generic words (e.g. "pizza nyc" -> "pizza"). */
export function categoryOf(searchTerm: string | null | undefined): string | undefined {
  if (!searchTerm) return undefined;
  const cityWords = new Set(CITIES.flatMap((c) => c.aliases.flatMap((a) => a.split(' '))));
  const words = searchTerm
    .toLowerCase()
    .replace(/[^a-z ]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 2 && !cityWords.has(w) && !GENERIC.has(w));
  return words[0];
}

export async function compareAccount(ctx: SkillContext, handle: string): Promise<SkillResult> {
  const draft = new AnswerDraft();
  const aSql = accountSql(handle);
  const account = (await ctx.sql.run(aSql)).rows[0] ?? {};
  const c1 = draft.cite({ type: 'sql', title: `Profile and posts of @${handle}`, detail: aSql });
  const posts = num(account.n_posts) ?? 0;
  const city =
    (account.city ? cityByName(String(account.city)) : undefined) ??
    (account.top_search_term ? findCity(String(account.top_search_term)) : undefined);
  if (posts === 0 && !account.city) {
    draft.say(
      `@${handle} has no posts and no restaurant profile in the lake ${c1}. Check the spelling of the handle, or ingest a scrape that includes it.`,
    );
    draft.recommend([
      'Ask "top posts in <city>" to see which handles the lake knows.',
      'Upload a post_results CSV that covers this account, then ask again.',
      'Handles are matched without "@" and case-insensitively.',
    ]);
    draft.note(ENGAGEMENT_NOTE);
    return { answer: draft.build(0, ctx.freshness) };
  }
  if (!city) {
    draft.say(
      `@${handle} has ${posts} posts ${c1}, but neither its profile nor its search terms name a city I know (${CITIES.map((c) => c.short).join(', ')}), so I cannot pick its competitors.`,
    );
    draft.recommend([
      'Ingest the restaurant profile CSV that lists this handle with its city.',
      "Ask for the city's top posts to compare by hand.",
      'Tell me the city, e.g. "compare @handle to competitors in NYC".',
    ]);
    draft.note(ENGAGEMENT_NOTE);
    return { answer: draft.build(posts, ctx.freshness) };
  }
  const category = categoryOf(account.top_search_term as string | null);
  const cSql = competitorsSql(handle, city, category);
  const peers = (await ctx.sql.run(cSql)).rows;
  const c2 = draft.cite({
    type: 'sql',
    title: `Competitors of @${handle} in ${city.short}${category ? ` (${category})` : ''}`,
    detail: cSql,
  });
  const own = num(account.avg_engagement);
  const followers = num(account.followers);
  const compAvg = num(peers[0]?.competitor_avg);
  const nComp = num(peers[0]?.n_competitors) ?? 0;
  const compPosts = num(peers[0]?.competitor_posts) ?? 0;
  const gap = own !== null && compAvg ? ((own - compAvg) / compAvg) * 100 : null;
  draft.say(
    `@${handle} (${city.name}${category ? `, ${category}` : ''}${followers !== null ? `, ${fmt(followers)} followers` : ''}) averages ${fmt(own)} engagement over ${posts} posts from ${account.first_post} to ${account.last_post} ${c1}. ` +
      (nComp
        ? `Its ${nComp} competitors (same city${category ? `, same category "${category}"` : ''}) average ${fmt(compAvg)} over ${fmt(compPosts)} posts, so @${handle} is ${gap === null ? 'not comparable' : `${fmt(Math.abs(gap))}% ${gap >= 0 ? 'above' : 'below'}`} the competitor average ${c2}.`
        : `I found no competitors in ${city.name}${category ? ` for "${category}"` : ''} ${c2}.`),
  );
  if (own !== null && followers)
    draft.say(`Engagement rate: ${fmt((own / followers) * 100)}% (average engagement / followers x 100) ${c1}.`);
  draft.bullets(
    peers.map(
      (p, i) =>
        `${i + 1}. @${p.handle}: ${fmt(num(p.avg_engagement))} average engagement over ${fmt(num(p.n_posts))} posts${num(p.followers) !== null ? `, ${fmt(num(p.followers))} followers, rate ${fmt(num(p.engagement_rate))}%` : ''} ${c2}`,
    ),
  );
  const leader = peers[0];
  draft.recommend([
    leader
      ? `Study @${leader.handle}, the category leader at ${fmt(num(leader.avg_engagement))} average engagement: compare its formats and posting days with yours.`
      : `Widen the comparison: ask for the top posts in ${city.short}.`,
    gap !== null && gap < 0
      ? `Close the ${fmt(Math.abs(gap))}% gap by posting your best-performing format more often and testing the leader's.`
      : `You lead the average: protect it by keeping cadence, and test one new format a week against it.`,
    `Track the competitor average (${fmt(compAvg)}) weekly as your baseline KPI.`,
    category
      ? `Use the category's rising tags: ask "trending hashtags this week in ${city.short}".`
      : `Tag your posts with your cuisine so competitors can be matched by category.`,
  ]);
  draft.withTable(
    ['account', 'posts', 'avg_engagement', 'followers', 'engagement_rate_pct'],
    [
      [`@${handle}`, posts, own, followers, own !== null && followers ? (own / followers) * 100 : null] as Cell[],
      ...peers.map((p) => [`@${p.handle}`, p.n_posts, p.avg_engagement, p.followers, p.engagement_rate] as Cell[]),
    ],
  );
  draft.withChart({
    kind: 'bar',
    title: 'Average engagement per post',
    labels: [`@${handle}`, 'competitor avg', ...peers.slice(0, 5).map((p) => `@${p.handle}`)],
    series: [
      {
        name: 'avg engagement',
        values: [own ?? 0, compAvg ?? 0, ...peers.slice(0, 5).map((p) => num(p.avg_engagement) ?? 0)],
      },
    ],
  });
  draft.note(
    `${ENGAGEMENT_NOTE} Competitor average = mean of the other accounts' averages, excluding @${handle}. Engagement rate uses one follower snapshot per profile.`,
  );
  draft.note(cityNote(city));
  draft.note(
    `Category: "${category ?? 'none'}", read from @${handle}'s most frequent search term ("${account.top_search_term ?? ''}"); competitors are accounts in the same city whose search terms or hashtags name it.`,
  );
  draft.note(`Window: all posts in the lake (@${handle}: ${account.first_post} to ${account.last_post}).`);
  draft.note(
    `Sample: ${posts} posts of @${handle} (${num(account.n_hidden) ?? 0} with hidden likes), ${fmt(compPosts)} posts from ${nComp} competitors (${num(peers[0]?.competitor_hidden) ?? 0} hidden).`,
  );
  return {
    answer: draft.build(posts + compPosts, ctx.freshness),
    context: { intent: { kind: 'compare-account', handle }, asOf: ctx.asOf, posts: [] },
  };
}
