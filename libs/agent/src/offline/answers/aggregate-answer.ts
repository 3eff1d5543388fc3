import { type AggregatePlan, compileAggregate, DIMENSIONS, isAccountMeasure, MEASURES } from '@instalake/semantic';
import type { Cell } from '../../api/query-response';
import type { SqlRow } from '../../ports/sql-tool';
import { AnswerDraft, fmt, num, count } from '../answer-draft';
import { type AnswerContext, methodNotes, type PlanAnswer, windowOf } from './answer-context';

const AGGREGATION_WORDS: Record<string, string> = {
  avg: 'Average',
  sum: 'Total',
  count: 'Number of',
  median: 'Median',
  max: 'Highest',
  min: 'Lowest',
};

function what(plan: AggregatePlan): string {
  const m = MEASURES[plan.measure];
  if (plan.measure === 'post_count' || plan.aggregation === 'count')
    return isAccountMeasure(plan.measure) ? 'Number of accounts' : 'Number of posts';
  return `${AGGREGATION_WORDS[plan.aggregation]} ${m.label}${m.grain === 'post' && plan.aggregation !== 'sum' ? ' per post' : ''}`;
}

function scopeText(plan: AggregatePlan): string {
  const f = plan.filters;
  const parts: string[] = [];
  if (f.topics?.length) parts.push(`about ${f.topics.map((t) => t.label).join(' and ')}`);
  if (f.hashtags?.length) parts.push(`with ${f.hashtags.map((h) => `#${h}`).join(' ')}`);
  if (f.creators?.length) parts.push(`by ${f.creators.map((c) => `@${c}`).join(', ')}`);
  if (f.cities?.length) parts.push(`in ${f.cities.join(' or ')}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

export async function aggregateAnswer(ctx: AnswerContext, plan: AggregatePlan): Promise<PlanAnswer> {
  const { sql } = compileAggregate(plan, ctx.anchor);
  const rows = (await ctx.sql.run(sql)).rows;
  const draft = new AnswerDraft();
  const window = windowOf(plan.filters, ctx);
  const title = `${what(plan)}${plan.by ? ` by ${DIMENSIONS[plan.by].label}` : ''}${scopeText(plan)}, ${window}`;
  const cite = draft.cite({ type: 'sql', title, detail: sql });
  const account = isAccountMeasure(plan.measure);
  const counting = plan.measure === 'post_count' || plan.aggregation === 'count';
  const unit = counting ? (isAccountMeasure(plan.measure) ? ' accounts' : ' posts') : ` ${MEASURES[plan.measure].unit}`;
  const first = rows[0] ?? {};
  const posts = num(first.overall_posts) ?? 0;
  const accounts = num(first.overall_accounts) ?? 0;

  if (!plan.by) {
    const value = num(first.overall_value);
    const sample = account
      ? `over ${count(accounts, 'account')}`
      : `over ${count(posts, 'post')} from ${count(accounts, 'account')}${num(first.overall_missing) ? ` (${fmt(num(first.overall_missing))} with hidden likes left out)` : ''}`;
    const detail =
      plan.measure === 'engagement' && plan.aggregation === 'sum'
        ? ` (${fmt(num(first.overall_likes))} likes + ${fmt(num(first.overall_comments))} comments on posts with visible likes)`
        : '';
    draft.say(`${what(plan)}${scopeText(plan)}, ${window}: ${fmt(value)}${unit}${detail} ${sample} ${cite}.`);
    const baseline = await baselineOf(ctx, plan);
    if (baseline) {
      const bCite = draft.cite({
        type: 'sql',
        title: `Baseline: ${what(plan)} across the lake, ${window}`,
        detail: baseline.sql,
      });
      const bValue = num(baseline.row.overall_value);
      const share =
        plan.measure === 'post_count' || plan.aggregation === 'count' || plan.aggregation === 'sum'
          ? value !== null && bValue
            ? `, so this is ${fmt((value / bValue) * 100)}% of it`
            : ''
          : value !== null && bValue
            ? `, so this is ${fmt(value / bValue)}x it`
            : '';
      draft.say(`Baseline: across the whole lake in the same window it is ${fmt(bValue)}${unit}${share} ${bCite}.`);
    }
    draft.withTable(['measure', 'value', 'posts', 'accounts'], [[what(plan), value, posts, accounts] as Cell[]]);
  } else {
    const groups = rows.filter((r) => r.key !== null && r.key !== undefined);
    const label = (r: SqlRow) => (plan.by === 'creator' ? `@${r.key}${r.name ? ` (${r.name})` : ''}` : String(r.key));
    const overall = num(first.overall_value);
    if (!groups.length) {
      draft.say(`No ${DIMENSIONS[plan.by].plural}${scopeText(plan)} have data in ${window} ${cite}.`);
    } else {
      const top = groups[0];
      const ordered = plan.by === 'weekday' || plan.by === 'month' || plan.by === 'week' || plan.by === 'date';
      const best = ordered
        ? [...groups].sort((a, b) => (num(b.value) ?? -Infinity) - (num(a.value) ?? -Infinity))[0]
        : top;
      draft.say(
        `${what(plan)} by ${DIMENSIONS[plan.by].label}${scopeText(plan)}, ${window} ${cite}: ${plan.order === 'asc' && !ordered ? 'lowest' : 'highest'} is ${label(best)} with ${fmt(num(best.value))}${unit}${counting ? '' : ` (${count(num(best.n_posts), 'post')}${account ? '' : ` from ${count(num(best.n_accounts), 'account')}`})`}.` +
          (overall !== null
            ? counting
              ? ` ${fmt(overall)}${unit} in all.`
              : ` Across all of them: ${fmt(overall)}${unit}${account ? '' : ` over ${count(posts, 'post')}`}.`
            : ''),
      );
      draft.bullets(
        groups.map(
          (r, i) =>
            `${ordered ? '' : `${i + 1}. `}${label(r)}: ${fmt(num(r.value))}${unit}${r.share_pct !== undefined && r.share_pct !== null ? ` (${fmt(num(r.share_pct))}% of the total)` : ''}${counting ? '' : `, ${fmt(num(r.n_posts ?? r.n_accounts))} ${account ? 'accounts' : 'posts'}`}${num(r.n_missing) ? `, ${fmt(num(r.n_missing))} with hidden likes left out` : ''} ${cite}`,
        ),
      );
      const n = num(first.n_groups) ?? groups.length;
      if (n > groups.length) draft.say(`Showing ${groups.length} of ${fmt(n)} ${DIMENSIONS[plan.by].plural}.`);
      draft.withTable(
        [DIMENSIONS[plan.by].label, 'value', 'posts', 'accounts', 'hidden_likes'],
        groups.map((r) => [label(r), r.value, r.n_posts ?? null, r.n_accounts ?? null, r.n_missing ?? null] as Cell[]),
      );
      draft.withChart({
        kind: ordered ? 'line' : 'bar',
        title: `${what(plan)} by ${DIMENSIONS[plan.by].label}`,
        labels: groups.map((r) => (plan.by === 'creator' ? `@${r.key}` : String(r.key))),
        series: [{ name: what(plan), values: groups.map((r) => num(r.value) ?? 0) }],
      });
      if (plan.by === 'city')
        draft.recommend([`Drill into ${label(best)}: ask for its top posts or trending hashtags.`]);
      if (plan.by === 'creator') draft.recommend([`Look at @${best.key}'s posts: "top posts by @${best.key}".`]);
    }
  }
  methodNotes(draft, plan, ctx, {
    posts,
    accounts,
    missing: num(first.overall_missing) ?? 0,
    measures: [plan.measure],
    ...(plan.filters.minPosts ? { extra: `Groups with fewer than ${plan.filters.minPosts} posts are left out.` } : {}),
  });
  const groups = rows.filter((r) => r.key !== null && r.key !== undefined).map((r) => String(r.key));
  return {
    answer: draft.build(account ? accounts : posts, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: {
      posts: [],
      accounts: plan.by === 'creator' ? groups : (plan.filters.creators ?? []).slice(),
      hashtags: plan.by === 'hashtag' ? groups : (plan.filters.hashtags ?? []).slice(),
      ...(plan.by && groups[0]
        ? {
            top: {
              kind:
                plan.by === 'creator'
                  ? ('account' as const)
                  : plan.by === 'hashtag'
                    ? ('hashtag' as const)
                    : plan.by === 'city'
                      ? ('city' as const)
                      : ('cuisine' as const),
              value: groups[0],
            },
          }
        : {}),
    },
  };
}

/** The same aggregate over the whole lake (same window), when the plan narrows it. */
async function baselineOf(ctx: AnswerContext, plan: AggregatePlan): Promise<{ sql: string; row: SqlRow } | undefined> {
  const f = plan.filters;
  if (!f.cities?.length && !f.topics?.length && !f.hashtags?.length && !f.creators?.length) return undefined;
  const { sql } = compileAggregate({ ...plan, filters: { window: f.window } }, ctx.anchor);
  const row = (await ctx.sql.run(sql)).rows[0];
  return row ? { sql, row } : undefined;
}
