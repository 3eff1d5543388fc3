import { compileRankAccounts, MEASURES, type RankAccountsPlan } from '@instalake/semantic';
import type { Cell } from '../../api/query-response';
import type { SqlRow } from '../../ports/sql-tool';
import { AnswerDraft, fmt, num, str, count } from '../answer-draft';
import { type AnswerContext, methodNotes, type PlanAnswer } from './answer-context';

/** "@handle (Name, City)" */
export function accountName(r: SqlRow, key = 'handle'): string {
  const extras = [str(r.name), str(r.city) ?? str(r.profile_city)].filter(Boolean);
  return `@${r[key]}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/** Followers as scraped and as a number: "64.8K (64,800)". */
export function followersText(r: SqlRow): string {
  const count = num(r.followers);
  if (count === null) return 'no follower count';
  const scraped = str(r.followers_text);
  return scraped && scraped !== String(count) ? `${scraped} (${fmt(count)}) followers` : `${fmt(count)} followers`;
}

export async function rankAccountsAnswer(ctx: AnswerContext, plan: RankAccountsPlan): Promise<PlanAnswer> {
  const { sql } = compileRankAccounts(plan, ctx.anchor);
  const rows = (await ctx.sql.run(sql)).rows;
  const draft = new AnswerDraft();
  const label = MEASURES[plan.measure].label;
  const where = plan.filters.cities?.length ? ` in ${plan.filters.cities.join(' or ')}` : '';
  const topic = plan.filters.topics?.length ? ` (${plan.filters.topics.map((t) => t.label).join(', ')})` : '';
  const cite = draft.cite({ type: 'sql', title: `Accounts${where}${topic} by ${label}`, detail: sql });
  const n = num(rows[0]?.n_accounts) ?? 0;
  const value = (r: SqlRow) =>
    plan.measure === 'followers'
      ? followersText(r)
      : plan.measure === 'engagement_rate'
        ? `${fmt(num(r.engagement_rate))}% engagement rate (${fmt(num(r.avg_engagement))} average engagement over ${count(num(r.n_posts), 'post')}, ${followersText(r)})`
        : `${count(num(r.posts_count), 'post')} on the profile (${fmt(num(r.n_posts))} in the lake)`;
  if (!rows.length) {
    draft.say(`No accounts${where}${topic} have ${label} data ${cite}.`);
  } else {
    const best = rows[0];
    draft.say(
      `${plan.order === 'asc' ? 'Lowest' : 'Highest'} ${label}${where}${topic}: ${accountName(best)} with ${value(best)} ${cite}, out of ${count(n, 'account')} (median ${fmt(num(best.median_value))}).`,
    );
    draft.bullets(
      rows.map((r, i) => `${i + 1}. ${accountName(r)}: ${value(r)}${r.cuisine ? `, ${r.cuisine}` : ''} ${cite}`),
    );
    draft.withTable(
      ['rank', 'handle', 'name', 'city', 'cuisine', 'followers', 'posts_count', 'lake_posts', 'engagement_rate_pct'],
      rows.map(
        (r, i) =>
          [
            i + 1,
            `@${r.handle}`,
            r.name,
            r.city,
            r.cuisine,
            r.followers,
            r.posts_count,
            r.n_posts,
            r.engagement_rate,
          ] as Cell[],
      ),
    );
    draft.withChart({
      kind: 'bar',
      title: `Accounts by ${label}`,
      labels: rows.map((r) => `@${r.handle}`),
      series: [{ name: label, values: rows.map((r) => num(r.value) ?? 0) }],
    });
    draft.recommend([
      `Benchmark against ${accountName(best)}: ask "how does @${best.handle} compare with its competitors?".`,
      plan.measure === 'followers'
        ? 'Followers measure reach, not response: check engagement rate too ("accounts with the highest engagement rate").'
        : 'Pair this with follower counts to separate reach from response.',
    ]);
  }
  methodNotes(draft, plan, ctx, {
    posts: num(rows[0]?.scope_posts) ?? 0,
    accounts: n,
    measures: [plan.measure],
    extra: `Ranked ${count(n, 'account')}.`,
  });
  return {
    answer: draft.build(n, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: {
      posts: [],
      accounts: rows.map((r) => String(r.handle)),
      hashtags: [],
      ...(rows[0] ? { top: { kind: 'account' as const, value: String(rows[0].handle) } } : {}),
    },
  };
}
