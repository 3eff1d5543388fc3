import { compileShare, describePlan, MEASURES, type SharePlan } from '@instalake/semantic';
import { AnswerDraft, fmt, num, count } from '../answer-draft';
import { type AnswerContext, methodNotes, type PlanAnswer, NO_FOCUS, windowOf } from './answer-context';

export async function shareAnswer(ctx: AnswerContext, plan: SharePlan): Promise<PlanAnswer> {
  const { sql } = compileShare(plan, ctx.anchor);
  const row = (await ctx.sql.run(sql)).rows[0] ?? {};
  const draft = new AnswerDraft();
  const cite = draft.cite({ type: 'sql', title: describePlan(plan), detail: sql });
  const unit = plan.measure === 'post_count' ? 'posts' : MEASURES[plan.measure].label;
  const part = [
    ...(plan.part.hashtags ?? []).map((h) => `#${h}`),
    ...(plan.part.topics ?? []).map((t) => `"${t.label}"`),
    ...(plan.part.creators ?? []).map((c) => `@${c}`),
    ...(plan.part.cities ?? []),
  ].join(' and ');
  draft.say(
    `${fmt(num(row.share_pct))}% of the ${unit}${plan.filters.cities?.length ? ` in ${plan.filters.cities.join(' or ')}` : ''}, ${windowOf(plan.filters, ctx)}, come from ${part || 'the part asked about'}: ${fmt(num(row.part_value))} of ${fmt(num(row.whole_value))} ${unit} (${fmt(num(row.part_posts))} of ${count(num(row.whole_posts), 'post')}, ${fmt(num(row.part_accounts))} of ${count(num(row.whole_accounts), 'account')}) ${cite}.`,
  );
  methodNotes(draft, plan, ctx, {
    posts: num(row.whole_posts) ?? 0,
    accounts: num(row.whole_accounts) ?? 0,
    measures: [plan.measure],
  });
  return {
    answer: draft.build(num(row.whole_posts) ?? 0, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: NO_FOCUS,
  };
}
