import type { Cell } from '../../api/query-response';
import { AnswerDraft, fmt, handleOf, num, quoteData, shiftDay } from '../answer-draft';
import type { Intent } from '../intent';
import { scopedPostsCte } from '../lake-sql';
import { cityNote, ENGAGEMENT_NOTE, type SkillContext, type SkillResult } from './skill-context';

type TopPostsIntent = Extract<Intent, { kind: 'top-posts' }>;

/** Default window when a question names none: the 30 days up to the data's latest day. */
export const DEFAULT_TOP_DAYS = 30;

export interface TopPostsRun {
  readonly from: string;
  readonly to: string;
  readonly rows: Record<string, Cell>[];
  readonly stats: {
    posts: number;
    accounts: number;
    hidden: number;
    avgMetric: number | null;
    medianMetric: number | null;
  };
  readonly sql: string;
}

export function topPostsSql(intent: TopPostsIntent, from: string, to: string): string {
  const m = intent.metric;
  return `WITH ${scopedPostsCte({ city: intent.city, from, to })},
stats AS (
  SELECT count(*) AS n_posts, count(DISTINCT handle) AS n_accounts, count(*) FILTER (WHERE likes IS NULL) AS n_hidden,
         avg(${m}) AS avg_metric, median(${m}) AS median_metric
  FROM scoped
),
top_posts AS (
  SELECT post_id, creator, CAST(posted_date AS VARCHAR) AS posted_date, likes, comments, engagement, post_url, caption, image_description, hashtags
  FROM scoped WHERE ${m} IS NOT NULL ORDER BY ${m} DESC, post_id LIMIT ${intent.limit}
)
SELECT t.*, s.* FROM stats s LEFT JOIN top_posts t ON true ORDER BY t.${m} DESC NULLS LAST, t.post_id`;
}

export async function runTopPosts(ctx: SkillContext, intent: TopPostsIntent, to: string): Promise<TopPostsRun> {
  const days = intent.days ?? DEFAULT_TOP_DAYS;
  const from = shiftDay(to, -(days - 1));
  const sql = topPostsSql(intent, from, to);
  const result = await ctx.sql.run(sql);
  const first = result.rows[0] ?? {};
  return {
    from,
    to,
    sql,
    rows: result.rows.filter((r) => r.post_id !== null && r.post_id !== undefined),
    stats: {
      posts: num(first.n_posts) ?? 0,
      accounts: num(first.n_accounts) ?? 0,
      hidden: num(first.n_hidden) ?? 0,
      avgMetric: num(first.avg_metric),
      medianMetric: num(first.median_metric),
    },
  };
}

export async function topPosts(ctx: SkillContext, intent: TopPostsIntent): Promise<SkillResult> {
  const run = await runTopPosts(ctx, intent, ctx.asOf);
  const draft = new AnswerDraft();
  const where = intent.city ? ` in ${intent.city.short}` : '';
  const cite = draft.cite({
    type: 'sql',
    title: `Top ${intent.limit} posts by ${intent.metric}${where}, ${run.from} to ${run.to}`,
    detail: run.sql,
  });
  const m = intent.metric;
  if (run.rows.length === 0) {
    draft.say(
      `No posts${where} between ${run.from} and ${run.to} have ${m} data ${cite}, out of ${fmt(run.stats.posts)} posts in that window.`,
    );
  } else {
    const best = run.rows[0];
    const ratio = run.stats.avgMetric ? (num(best[m]) ?? 0) / run.stats.avgMetric : null;
    draft.say(
      `The top ${run.rows.length} posts${where} by ${m} from ${run.from} to ${run.to}, out of ${fmt(run.stats.posts)} posts from ${fmt(run.stats.accounts)} accounts ${cite}. ` +
        `#1 is ${handleOf(best.creator as string)} with ${fmt(num(best[m]))} ${m}${ratio ? `, ${fmt(ratio)}x the average of ${fmt(run.stats.avgMetric)}` : ''} ${cite}.`,
    );
    draft.bullets(
      run.rows.map(
        (r, i) =>
          `${i + 1}. ${handleOf(r.creator as string)}: ${fmt(num(r.likes))} likes, ${fmt(num(r.comments))} comments, engagement ${fmt(num(r.engagement))} (${r.posted_date}) ${r.post_url ?? ''} ${quoteData(r.caption as string)} ${draft.cite({ type: 'sql', title: `post ${r.post_id}`, uri: (r.post_url as string) ?? undefined })}`,
      ),
    );
    draft.say(
      `Baseline: the average post${where} in the window has ${fmt(run.stats.avgMetric)} ${m} (median ${fmt(run.stats.medianMetric)}) ${cite}.`,
    );
    const creators = [...new Set(run.rows.map((r) => handleOf(r.creator as string)))];
    const recs = [
      `Study ${handleOf(best.creator as string)}'s post ${best.post_url ?? best.post_id}: it reached ${fmt(num(best[m]))} ${m}; reuse its subject and framing in your next post.`,
      `Aim above the median of ${fmt(run.stats.medianMetric)} ${m} per post${where}: that is the bar the top posts clear.`,
      `Engage with the accounts leading this list (${creators.slice(0, 3).join(', ')}): comment, collaborate or co-promote to reach their audience.`,
      `Re-run this question weekly ("compare to last week") to see whether the same creators keep the lead.`,
    ];
    if (run.stats.posts < 30)
      recs.push(
        `Only ${run.stats.posts} posts are in scope: treat this ranking as directional and widen the window (e.g. "last 90 days").`,
      );
    draft.recommend(recs);
    draft.withTable(
      ['rank', 'creator', 'posted_date', 'likes', 'comments', 'engagement', 'post_url'],
      run.rows.map((r, i) => [
        i + 1,
        handleOf(r.creator as string),
        r.posted_date,
        r.likes,
        r.comments,
        r.engagement,
        r.post_url,
      ]),
    );
    draft.withChart({
      kind: 'bar',
      title: `Top posts by ${m}`,
      labels: run.rows.map((r) => handleOf(r.creator as string)),
      series: [{ name: m, values: run.rows.map((r) => num(r[m]) ?? 0) }],
    });
  }
  draft.note(
    intent.metricAssumed
      ? `${ENGAGEMENT_NOTE} No metric was named, so I ranked by engagement.`
      : m === 'engagement'
        ? ENGAGEMENT_NOTE
        : `Metric: ${m} per post, as scraped; engagement = likes + comments is shown alongside.`,
  );
  draft.note(cityNote(intent.city));
  draft.note(
    `Window: ${run.from} to ${run.to}${intent.days ? '' : ` (no period named: I used the ${DEFAULT_TOP_DAYS} days up to the latest post in the lake)`}.`,
  );
  draft.note(
    `Sample: ${run.stats.posts} posts from ${run.stats.accounts} accounts; ${run.stats.hidden} with hidden likes left out.`,
  );
  return {
    answer: draft.build(run.stats.posts, ctx.freshness),
    context: {
      intent,
      asOf: ctx.asOf,
      posts: run.rows.map((r) => ({
        postId: String(r.post_id),
        text: [r.caption, r.image_description, r.hashtags].filter(Boolean).join(' '),
      })),
    },
  };
}

/** "Compare to last week": the same top-N question over the current and the previous week. */
export async function compareTopPosts(
  ctx: SkillContext,
  intent: TopPostsIntent,
  days: number,
  anchor: string,
): Promise<SkillResult> {
  const scoped = { ...intent, days };
  const current = await runTopPosts(ctx, scoped, anchor);
  const previous = await runTopPosts(ctx, scoped, shiftDay(anchor, -days));
  const draft = new AnswerDraft();
  const where = intent.city ? ` in ${intent.city.short}` : '';
  const m = intent.metric;
  const c1 = draft.cite({
    type: 'sql',
    title: `Top ${intent.limit} posts by ${m}${where}, ${current.from} to ${current.to}`,
    detail: current.sql,
  });
  const c2 = draft.cite({
    type: 'sql',
    title: `Top ${intent.limit} posts by ${m}${where}, ${previous.from} to ${previous.to}`,
    detail: previous.sql,
  });
  const change = (a: number | null, b: number | null) =>
    a !== null && b ? `${a >= b ? '+' : ''}${fmt(((a - b) / b) * 100)}%` : 'n/a';
  draft.say(
    `I read "compare to last week" as the same question (top ${intent.limit} posts${where} by ${m}) for ${current.from} to ${current.to} against the ${days} days before, ${previous.from} to ${previous.to}.`,
  );
  draft.bullets([
    `This period: ${fmt(current.stats.posts)} posts from ${fmt(current.stats.accounts)} accounts, average ${fmt(current.stats.avgMetric)} ${m}, #1 ${current.rows[0] ? `${handleOf(current.rows[0].creator as string)} with ${fmt(num(current.rows[0][m]))}` : 'none'} ${c1}.`,
    `Previous period: ${fmt(previous.stats.posts)} posts from ${fmt(previous.stats.accounts)} accounts, average ${fmt(previous.stats.avgMetric)} ${m}, #1 ${previous.rows[0] ? `${handleOf(previous.rows[0].creator as string)} with ${fmt(num(previous.rows[0][m]))}` : 'none'} ${c2}.`,
    `Change: posts ${change(current.stats.posts, previous.stats.posts)}, average ${m} ${change(current.stats.avgMetric, previous.stats.avgMetric)} ${c1} ${c2}.`,
  ]);
  const stayed = current.rows
    .map((r) => handleOf(r.creator as string))
    .filter((h) => previous.rows.some((p) => handleOf(p.creator as string) === h));
  draft.recommend([
    stayed.length
      ? `${[...new Set(stayed)].slice(0, 3).join(', ')} ranked in both periods: their formats are consistently strong, model yours on them.`
      : 'No creator ranked in both periods: the leaderboard is volatile, so judge formats over several weeks rather than one.',
    (current.stats.avgMetric ?? 0) >= (previous.stats.avgMetric ?? 0)
      ? `Average ${m} rose: keep the current posting cadence and double down on this week's best formats.`
      : `Average ${m} fell: revisit the previous period's top posts and bring back what worked.`,
    `Use the median of ${fmt(current.stats.medianMetric)} ${m} this period as the target for your next posts.`,
  ]);
  draft.withTable(
    ['period', 'rank', 'creator', 'posted_date', m, 'post_url'],
    [
      ...current.rows.map(
        (r, i) => ['this', i + 1, handleOf(r.creator as string), r.posted_date, r[m], r.post_url] as Cell[],
      ),
      ...previous.rows.map(
        (r, i) => ['previous', i + 1, handleOf(r.creator as string), r.posted_date, r[m], r.post_url] as Cell[],
      ),
    ],
  );
  draft.withChart({
    kind: 'bar',
    title: `Average ${m} per post`,
    labels: [`${previous.from}..${previous.to}`, `${current.from}..${current.to}`],
    series: [{ name: `avg ${m}`, values: [previous.stats.avgMetric ?? 0, current.stats.avgMetric ?? 0] }],
  });
  draft.note(m === 'engagement' ? ENGAGEMENT_NOTE : `Metric: ${m} per post, as scraped.`);
  draft.note(cityNote(intent.city));
  draft.note(`Windows: ${current.from} to ${current.to} vs ${previous.from} to ${previous.to}.`);
  draft.note(
    `Sample: ${current.stats.posts} + ${previous.stats.posts} posts; ${current.stats.hidden + previous.stats.hidden} with hidden likes left out.`,
  );
  return {
    answer: draft.build(current.stats.posts + previous.stats.posts, ctx.freshness),
    context: {
      intent: scoped,
      asOf: anchor,
      posts: current.rows.map((r) => ({
        postId: String(r.post_id),
        text: [r.caption, r.image_description, r.hashtags].filter(Boolean).join(' '),
      })),
    },
  };
}
