import { compileTopPosts, MEASURES, type TopPostsPlan } from '@instalake/semantic';
import type { AnswerSource, Cell } from '../../api/query-response';
import type { SqlRow } from '../../ports/sql-tool';
import { AnswerDraft, fmt, handleOf, instagramUrl, num, quoteData, str, times, count } from '../answer-draft';
import { type AnswerContext, methodNotes, type PlanAnswer, windowOf } from './answer-context';

export interface TopPostsRun {
  readonly sql: string;
  readonly rows: SqlRow[];
  readonly stats: { posts: number; accounts: number; missing: number; avg: number | null; median: number | null };
}

export async function runTopPosts(ctx: AnswerContext, plan: TopPostsPlan): Promise<TopPostsRun> {
  const { sql } = compileTopPosts(plan, ctx.anchor);
  const result = await ctx.sql.run(sql);
  const first = result.rows[0] ?? {};
  return {
    sql,
    rows: result.rows.filter((r) => r.post_id !== null && r.post_id !== undefined),
    stats: {
      posts: num(first.n_posts) ?? 0,
      accounts: num(first.n_accounts) ?? 0,
      missing: num(first.n_missing) ?? 0,
      avg: num(first.avg_value),
      median: num(first.median_value),
    },
  };
}

/** One post as a line: @creator, the numbers, date, link and quoted caption. */
export function postLine(
  draft: AnswerDraft,
  r: SqlRow,
  rank?: number,
  source?: Pick<AnswerSource, 'type' | 'detail'>,
): string {
  const url = instagramUrl(r.post_url);
  const cite = draft.cite({
    type: source?.type ?? 'sql',
    title: `post ${r.post_id} by ${handleOf(str(r.creator))}`,
    ...(source?.detail ? { detail: source.detail } : {}),
    ...(url ? { uri: url } : {}),
  });
  const who = `${handleOf(str(r.creator))}${r.name ? ` (${r.name})` : ''}`;
  return `${rank !== undefined ? `${rank}. ` : ''}${who}: ${fmt(num(r.likes))} likes, ${fmt(num(r.comments))} comments, engagement ${fmt(num(r.engagement))}, ${r.posted_date ?? ''}${r.city ? `, ${r.city}` : ''}, post ${r.post_id} ${url ?? ''} caption ${quoteData(str(r.caption))} ${cite}`.replace(
    / {2,}/g,
    ' ',
  );
}

export async function topPostsAnswer(ctx: AnswerContext, plan: TopPostsPlan): Promise<PlanAnswer> {
  const run = await runTopPosts(ctx, plan);
  const draft = new AnswerDraft();
  const m = MEASURES[plan.measure].label;
  const where = plan.filters.cities?.length ? ` in ${plan.filters.cities.join(' or ')}` : '';
  const window = windowOf(plan.filters, ctx);
  const cite = draft.cite({ type: 'sql', title: `Top posts by ${m}${where}, ${window}`, detail: run.sql });
  if (!run.rows.length) {
    draft.say(
      `No posts${where} in ${window} have ${m} data ${cite} (${count(run.stats.posts, 'post')} in scope). Widen the window or drop a filter.`,
    );
  } else {
    const best = run.rows[0];
    const ratio = run.stats.avg ? (num(best.value) ?? 0) / run.stats.avg : null;
    draft.say(
      `${plan.sort === 'recent' ? 'Latest' : plan.order === 'asc' ? 'Lowest' : 'Top'} ${run.rows.length} posts${where}${plan.sort === 'recent' ? '' : ` by ${m}`}, ${window}, out of ${count(run.stats.posts, 'post')} from ${count(run.stats.accounts, 'account')} ${cite}. ` +
        `#1 is ${handleOf(str(best.creator))}${best.name ? ` (${best.name})` : ''} with ${fmt(num(best.value))} ${m} (post ${best.post_id})${ratio ? `, ${times(ratio)} the average of ${fmt(run.stats.avg)}` : ''} ${cite}.`,
    );
    draft.bullets(run.rows.map((r, i) => postLine(draft, r, i + 1)));
    draft.say(
      `Baseline: the average post${where} in this window has ${fmt(run.stats.avg)} ${m} (median ${fmt(run.stats.median)}) ${cite}.`,
    );
    const creators = [...new Set(run.rows.map((r) => handleOf(str(r.creator))))];
    draft.recommend([
      `Study ${handleOf(str(best.creator))}'s post ${instagramUrl(best.post_url) ?? best.post_id}: reuse its subject and framing.`,
      `Aim above the median of ${fmt(run.stats.median)} ${m} per post${where}: the bar the top posts clear.`,
      `Engage with the accounts leading this list (${creators.slice(0, 3).join(', ')}).`,
      'Re-run it next week ("compare to last week") to see whether the same creators keep the lead.',
    ]);
    draft.withTable(
      ['rank', 'post_id', 'creator', 'posted_date', 'likes', 'comments', 'engagement', 'post_url'],
      run.rows.map(
        (r, i) =>
          [
            i + 1,
            r.post_id,
            handleOf(str(r.creator)),
            r.posted_date,
            r.likes,
            r.comments,
            r.engagement,
            instagramUrl(r.post_url) ?? null,
          ] as Cell[],
      ),
    );
    draft.withChart({
      kind: 'bar',
      title: `Top posts by ${m}`,
      labels: run.rows.map((r) => handleOf(str(r.creator))),
      series: [{ name: m, values: run.rows.map((r) => num(r.value) ?? 0) }],
    });
  }
  methodNotes(draft, plan, ctx, {
    posts: run.stats.posts,
    accounts: run.stats.accounts,
    missing: run.stats.missing,
    measures: [plan.measure],
  });
  return {
    answer: draft.build(run.stats.posts, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: {
      posts: run.rows.map((r) => String(r.post_id)),
      accounts: [...new Set(run.rows.map((r) => String(r.handle)))],
      hashtags: [],
      ...(run.rows[0] ? { top: { kind: 'account' as const, value: String(run.rows[0].handle) } } : {}),
    },
  };
}
