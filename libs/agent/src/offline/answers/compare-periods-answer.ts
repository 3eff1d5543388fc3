import {
  type AggregatePlan,
  compileAggregate,
  type ComparePeriodsPlan,
  describePlan,
  MEASURES,
  resolveWindow,
  type TopPostsPlan,
  windowText,
} from '@instalake/semantic';
import type { Cell } from '../../api/query-response';
import { AnswerDraft, fmt, handleOf, num, str, count } from '../answer-draft';
import { type AnswerContext, methodNotes, type PlanAnswer } from './answer-context';
import { runTopPosts } from './top-posts-answer';
import { trendAnswer } from './trend-answer';

function change(now: number | null, before: number | null): string {
  if (now === null || before === null) return 'n/a';
  if (before === 0) return now === 0 ? 'no change' : 'new';
  const pct = ((now - before) / before) * 100;
  return `${pct >= 0 ? '+' : ''}${fmt(pct)}%`;
}

/** The same question over the current window and an earlier one, side by side. */
export async function comparePeriodsAnswer(ctx: AnswerContext, plan: ComparePeriodsPlan): Promise<PlanAnswer> {
  const base = plan.base;
  if (base.op === 'trend') return trendAnswer(ctx, { ...base, previous: plan.previous });
  const nowText = windowText(resolveWindow(base.filters.window, ctx.anchor));
  const beforeText = windowText(resolveWindow(plan.previous, ctx.anchor));
  const earlier = { ...base, filters: { ...base.filters, window: plan.previous } };
  const draft = new AnswerDraft();
  draft.say(`I read this as the same question, ${describePlan(base)}, for ${nowText} against ${beforeText}.`);
  if (base.op === 'top-posts') {
    const [now, before] = await Promise.all([runTopPosts(ctx, base), runTopPosts(ctx, earlier as TopPostsPlan)]);
    const m = MEASURES[base.measure].label;
    const c1 = draft.cite({ type: 'sql', title: `${describePlan(base)}, ${nowText}`, detail: now.sql });
    const c2 = draft.cite({ type: 'sql', title: `${describePlan(base)}, ${beforeText}`, detail: before.sql });
    const lead = (run: typeof now) =>
      run.rows[0]
        ? `${handleOf(str(run.rows[0].creator))} with ${fmt(num(run.rows[0].value))} ${m} (post ${run.rows[0].post_id})`
        : 'none';
    draft.bullets([
      `${nowText}: ${count(now.stats.posts, 'post')} from ${count(now.stats.accounts, 'account')}, average ${fmt(now.stats.avg)} ${m}, #1 ${lead(now)} ${c1}.`,
      `${beforeText}: ${count(before.stats.posts, 'post')} from ${count(before.stats.accounts, 'account')}, average ${fmt(before.stats.avg)} ${m}, #1 ${lead(before)} ${c2}.`,
      `Change: posts ${change(now.stats.posts, before.stats.posts)}, average ${m} ${change(now.stats.avg, before.stats.avg)} ${c1} ${c2}.`,
    ]);
    draft.withTable(
      ['period', 'rank', 'creator', 'post_id', m, 'post_url'],
      [
        ...now.rows.map((r, i) => [nowText, i + 1, handleOf(str(r.creator)), r.post_id, r.value, r.post_url] as Cell[]),
        ...before.rows.map(
          (r, i) => [beforeText, i + 1, handleOf(str(r.creator)), r.post_id, r.value, r.post_url] as Cell[],
        ),
      ],
    );
    methodNotes(draft, plan, ctx, {
      posts: now.stats.posts + before.stats.posts,
      missing: now.stats.missing + before.stats.missing,
      measures: [base.measure],
    });
    return {
      answer: draft.build(now.stats.posts + before.stats.posts, ctx.freshness, { plan, assumptions: ctx.readings }),
      focus: {
        posts: now.rows.map((r) => String(r.post_id)),
        accounts: [...new Set(now.rows.map((r) => String(r.handle)))],
        hashtags: [],
      },
    };
  }
  const nowQ = compileAggregate(base, ctx.anchor);
  const beforeQ = compileAggregate(earlier as AggregatePlan, ctx.anchor);
  const [nowRows, beforeRows] = await Promise.all([ctx.sql.run(nowQ.sql), ctx.sql.run(beforeQ.sql)]);
  const c1 = draft.cite({ type: 'sql', title: `${describePlan(base)}, ${nowText}`, detail: nowQ.sql });
  const c2 = draft.cite({ type: 'sql', title: `${describePlan(base)}, ${beforeText}`, detail: beforeQ.sql });
  const unit = base.measure === 'post_count' ? ' posts' : ` ${MEASURES[base.measure].unit}`;
  if (!base.by) {
    const a = num(nowRows.rows[0]?.overall_value);
    const b = num(beforeRows.rows[0]?.overall_value);
    draft.bullets([
      `${nowText}: ${fmt(a)}${unit} over ${count(num(nowRows.rows[0]?.overall_posts), 'post')} ${c1}.`,
      `${beforeText}: ${fmt(b)}${unit} over ${count(num(beforeRows.rows[0]?.overall_posts), 'post')} ${c2}.`,
      `Change: ${change(a, b)} ${c1} ${c2}.`,
    ]);
  } else {
    const before = new Map(beforeRows.rows.map((r) => [String(r.key), num(r.value)]));
    draft.bullets(
      nowRows.rows
        .filter((r) => r.key !== null && r.key !== undefined)
        .map(
          (r) =>
            `${r.key}: ${fmt(num(r.value))}${unit} vs ${fmt(before.get(String(r.key)) ?? null)} (${change(num(r.value), before.get(String(r.key)) ?? null)}) ${c1} ${c2}`,
        ),
    );
  }
  const posts = (num(nowRows.rows[0]?.overall_posts) ?? 0) + (num(beforeRows.rows[0]?.overall_posts) ?? 0);
  methodNotes(draft, plan, ctx, { posts, measures: [base.measure] });
  return {
    answer: draft.build(posts, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: { posts: [], accounts: [], hashtags: [] },
  };
}
