import { compileTrend, MEASURES, type TrendPlan, windowText } from '@instalake/semantic';
import type { Cell } from '../../api/query-response';
import type { SqlRow } from '../../ports/sql-tool';
import { AnswerDraft, fmt, num, count } from '../answer-draft';
import { type AnswerContext, methodNotes, type PlanAnswer } from './answer-context';

function keyText(plan: TrendPlan, r: SqlRow): string {
  if (plan.dimension === 'hashtag') return `#${r.key}`;
  if (plan.dimension === 'creator') return `@${r.key}${r.name ? ` (${r.name})` : ''}`;
  return String(r.key);
}

export async function trendAnswer(ctx: AnswerContext, plan: TrendPlan): Promise<PlanAnswer> {
  const compiled = compileTrend(plan, ctx.anchor);
  const rows = (await ctx.sql.run(compiled.sql)).rows;
  const items = rows.filter((r) => r.key !== null && r.key !== undefined);
  const draft = new AnswerDraft();
  const now = windowText(compiled.window);
  const before = windowText(compiled.previousWindow!);
  const where = plan.filters.cities?.length ? ` in ${plan.filters.cities.join(' or ')}` : ' across all cities';
  const subject = plan.dimension === 'hashtag' ? 'hashtags' : plan.dimension === 'cuisine' ? 'cuisines' : 'accounts';
  const unit = plan.measure === 'post_count' ? 'posts' : MEASURES[plan.measure].label;
  const cite = draft.cite({
    type: 'sql',
    title: `Trending ${subject}${where}, ${now} vs ${before}`,
    detail: compiled.sql,
  });
  const first = rows[0] ?? {};
  const windowPosts = num(first.window_posts) ?? 0;
  const previousPosts = num(first.previous_window_posts) ?? 0;
  const change = (r: SqlRow, dated = true) => {
    const pct = num(r.growth_pct);
    const growth = num(r.growth) ?? 0;
    const delta = `${growth >= 0 ? '+' : ''}${fmt(growth)}${pct === null ? ', new' : `, ${pct >= 0 ? '+' : ''}${fmt(pct)}%`}`;
    return dated
      ? `${fmt(num(r.current_value))} ${unit} ${now} vs ${fmt(num(r.previous_value))} ${before} (${delta})`
      : `${fmt(num(r.current_value))} ${unit} vs ${fmt(num(r.previous_value))} before (${delta})`;
  };
  const rising = items.filter((r) => (num(r.growth) ?? 0) * (plan.order === 'asc' ? -1 : 1) > 0);
  if (!rising.length) {
    draft.say(
      `No ${subject}${where} ${plan.order === 'asc' ? 'fell' : 'grew'} from ${before} to ${now} ${cite} (${count(windowPosts, 'post')} now, ${fmt(previousPosts)} before).`,
    );
    draft.recommend(['Widen the window ("this month") or drop the city.', 'Ask for the top posts instead.']);
  } else {
    const top = rising[0];
    if (plan.previous)
      draft.say(
        `Compared with ${before}: ${count(windowPosts, 'post')}${where} ${now} against ${fmt(previousPosts)} before ${cite}.`,
      );
    draft.say(
      `${plan.order === 'asc' ? 'Fading' : 'Trending'} ${subject}${where} (${now} against ${before}) ${cite}: ${keyText(plan, top)} leads with ${change(top)}, on ${count(num(top.current_accounts), 'account')} ${cite}.`,
    );
    draft.bullets(
      rising.map(
        (r, i) =>
          `${i + 1}. ${keyText(plan, r)}: ${change(r, false)}, ${count(num(r.current_accounts), 'account')}, ${fmt(num(r.current_avg_engagement))} average engagement ${cite}`,
      ),
    );
    draft.say(`Baseline: ${count(windowPosts, 'post')}${where} ${now}, ${fmt(previousPosts)} ${before} ${cite}.`);
    if (plan.dimension === 'hashtag')
      draft.recommend([
        `Use ${rising
          .slice(0, 3)
          .map((r) => `#${r.key}`)
          .join(' ')} while they are rising${where}.`,
        `Ask "who's posting it the most?" to find the accounts behind ${keyText(plan, top)}.`,
        'Check again next week ("compare to last week") to catch tags that fade.',
      ]);
    draft.withTable(
      ['rank', plan.dimension, `${unit}_now`, `${unit}_before`, 'growth', 'growth_pct', 'accounts'],
      rising.map(
        (r, i) =>
          [
            i + 1,
            keyText(plan, r),
            r.current_value,
            r.previous_value,
            r.growth,
            r.growth_pct,
            r.current_accounts,
          ] as Cell[],
      ),
    );
    draft.withChart({
      kind: 'bar',
      title: `${subject}: ${unit} ${now} vs ${before}`,
      labels: rising.map((r) => keyText(plan, r)),
      series: [
        { name: before, values: rising.map((r) => num(r.previous_value) ?? 0) },
        { name: now, values: rising.map((r) => num(r.current_value) ?? 0) },
      ],
    });
  }
  methodNotes(draft, plan, ctx, {
    posts: windowPosts,
    accounts: num(first.window_accounts) ?? 0,
    measures: plan.measure === 'post_count' ? ['post_count', 'engagement'] : [plan.measure],
    extra: `Growth compares ${now} with ${before}; ${subject} need at least ${plan.filters.minPosts ?? 2} posts in the window.`,
  });
  const keys = rising.map((r) => String(r.key));
  return {
    answer: draft.build(windowPosts + previousPosts, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: {
      posts: [],
      accounts: plan.dimension === 'creator' ? keys : [],
      hashtags: plan.dimension === 'hashtag' ? keys : [],
      ...(keys[0]
        ? {
            top: {
              kind:
                plan.dimension === 'hashtag'
                  ? ('hashtag' as const)
                  : plan.dimension === 'creator'
                    ? ('account' as const)
                    : ('cuisine' as const),
              value: keys[0],
            },
          }
        : {}),
    },
  };
}
