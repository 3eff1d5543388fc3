import {
  compileCompareAccounts,
  compilePeers,
  COMPETITOR_AVERAGE_DEFINITION,
  type CompareAccountsPlan,
  MEASURES,
  type PeersPlan,
} from '@instalake/semantic';
import type { Cell } from '../../api/query-response';
import type { SqlRow } from '../../ports/sql-tool';
import { AnswerDraft, fmt, num, str, count } from '../answer-draft';
import { type AnswerContext, methodNotes, type PlanAnswer, windowOf } from './answer-context';
import { accountName, followersText } from './rank-accounts-answer';

function metric(r: SqlRow, measure: string): number | null {
  return num(measure === 'engagement_rate' ? r.engagement_rate : r[`avg_${measure}`]);
}

/** The numbers of one account: averages per post, followers, engagement rate, posts. */
function accountLine(r: SqlRow): string {
  return `${accountName(r)}: ${fmt(num(r.avg_likes))} average likes and ${fmt(num(r.avg_engagement))} average engagement per post over ${count(num(r.n_posts), 'post')}, ${followersText(r)}, engagement rate ${fmt(num(r.engagement_rate))}%${r.cuisine ? `, ${r.cuisine}` : ''}`;
}

function table(draft: AnswerDraft, rows: SqlRow[]): void {
  draft.withTable(
    ['handle', 'name', 'city', 'cuisine', 'posts', 'avg_likes', 'avg_engagement', 'followers', 'engagement_rate_pct'],
    rows.map(
      (r) =>
        [
          `@${r.handle}`,
          r.name,
          r.city,
          r.cuisine,
          r.n_posts,
          r.avg_likes,
          r.avg_engagement,
          r.followers,
          r.engagement_rate,
        ] as Cell[],
    ),
  );
}

export async function compareAccountsAnswer(ctx: AnswerContext, plan: CompareAccountsPlan): Promise<PlanAnswer> {
  const { sql } = compileCompareAccounts(plan, ctx.anchor);
  const rows = (await ctx.sql.run(sql)).rows;
  const draft = new AnswerDraft();
  const label = MEASURES[plan.measure].label;
  const cite = draft.cite({
    type: 'sql',
    title: `Accounts compared: ${plan.handles.map((h) => `@${h}`).join(', ')}`,
    detail: sql,
  });
  const missing = plan.handles.filter((h) => !rows.some((r) => r.handle === h));
  const ranked = [...rows].sort(
    (a, b) => (metric(b, plan.measure) ?? -Infinity) - (metric(a, plan.measure) ?? -Infinity),
  );
  if (ranked.length >= 2) {
    const [a, b] = ranked;
    const ratio = metric(b, plan.measure) ? (metric(a, plan.measure) ?? 0) / metric(b, plan.measure)! : null;
    draft.say(
      `On ${label} per post (${windowOf(plan.filters, ctx)}), @${a.handle} leads: ${fmt(metric(a, plan.measure))} against ${fmt(metric(b, plan.measure))} for @${b.handle}${ratio ? ` (${fmt(ratio)}x)` : ''} ${cite}.`,
    );
  } else if (ranked.length === 1) {
    draft.say(`Only @${ranked[0].handle} has data in the lake ${cite}.`);
  }
  draft.bullets(ranked.map((r) => `${accountLine(r)} ${cite}`));
  if (missing.length) draft.say(`No profile or posts in the lake for ${missing.map((h) => `@${h}`).join(', ')}.`);
  if (ranked.length) {
    const reach = [...ranked].sort((a, b) => (num(b.followers) ?? 0) - (num(a.followers) ?? 0))[0];
    draft.recommend([
      `Reach and response differ: @${reach.handle} has the biggest audience; compare engagement rate, not only totals.`,
      `Ask "how does @${ranked[0].handle} compare with its competitors?" for the whole peer set.`,
    ]);
  }
  table(draft, ranked);
  const posts = ranked.reduce((s, r) => s + (num(r.n_posts) ?? 0), 0);
  methodNotes(draft, plan, ctx, {
    posts,
    accounts: ranked.length,
    missing: ranked.reduce((s, r) => s + (num(r.n_missing) ?? 0), 0),
    measures: ['likes', 'engagement', 'followers', 'engagement_rate'],
  });
  return {
    answer: draft.build(posts, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: {
      posts: [],
      accounts: ranked.map((r) => String(r.handle)),
      hashtags: [],
      ...(ranked[0] ? { top: { kind: 'account' as const, value: String(ranked[0].handle) } } : {}),
    },
  };
}

export async function peersAnswer(ctx: AnswerContext, plan: PeersPlan): Promise<PlanAnswer> {
  const { sql } = compilePeers(plan, ctx.anchor, { city: ctx.vocabulary?.account(plan.handle)?.city });
  const rows = (await ctx.sql.run(sql)).rows;
  const draft = new AnswerDraft();
  const label = MEASURES[plan.measure].label;
  const target = rows.find((r) => r.is_target === true || r.is_target === 'true');
  const peers = rows.filter((r) => r !== target);
  const cite = draft.cite({
    type: 'sql',
    title: `@${plan.handle} and its competitors${target?.city ? ` in ${target.city}` : ''}${target?.cuisine ? ` (${target.cuisine})` : ''}`,
    detail: sql,
  });
  if (!target) {
    draft.say(
      `@${plan.handle} has no profile or posts in the lake ${cite}, so I cannot pick its competitors. Check the handle, or ingest a scrape that includes it.`,
    );
    methodNotes(draft, plan, ctx, { posts: 0, measures: [plan.measure] });
    return {
      answer: draft.build(0, ctx.freshness, { plan, assumptions: ctx.readings }),
      focus: { posts: [], accounts: [], hashtags: [] },
    };
  }
  const own = metric(target, plan.measure);
  const competitorAvg = num(target.competitor_avg);
  const gap = own !== null && competitorAvg ? ((own - competitorAvg) / competitorAvg) * 100 : null;
  const set = `${target.city ?? 'its city'}${target.cuisine ? `, ${target.cuisine}` : ''}`;
  draft.say(
    peers.length
      ? `@${plan.handle}${target.name ? ` (${target.name})` : ''} against its ${peers.length} competitors (${set}): ${fmt(own)} ${label} per post against a competitor average of ${fmt(competitorAvg)}, ${gap === null ? 'not comparable' : `${fmt(Math.abs(gap))}% ${gap >= 0 ? 'above' : 'below'}`} ${cite}. Competitors: ${peers.map((p) => `@${p.handle}`).join(', ')}.`
      : `I found no competitors for @${plan.handle} (${set}) in the lake ${cite}.`,
  );
  draft.bullets([`${accountLine(target)} ${cite}`, ...peers.map((p) => `${accountLine(p)} ${cite}`)]);
  const leader = [...rows].sort(
    (a, b) => (metric(b, plan.measure) ?? -Infinity) - (metric(a, plan.measure) ?? -Infinity),
  )[0];
  draft.recommend([
    leader && leader.handle !== plan.handle
      ? `Study @${leader.handle}, the leader on ${label} (${fmt(metric(leader, plan.measure))} per post): compare its formats and posting days with yours.`
      : `@${plan.handle} leads its set on ${label}: keep the cadence and test one new format a week.`,
    `Track the competitor average (${fmt(competitorAvg)}) as your weekly baseline.`,
    `Ask "what makes ${str(target.cuisine) ?? 'these'} posts successful?" for the hashtags and days that lift the category.`,
  ]);
  table(draft, rows);
  draft.withChart({
    kind: 'bar',
    title: `${label} per post`,
    labels: [...rows.map((r) => `@${r.handle}`), 'competitor avg'],
    series: [{ name: label, values: [...rows.map((r) => metric(r, plan.measure) ?? 0), competitorAvg ?? 0] }],
  });
  const posts = rows.reduce((s, r) => s + (num(r.n_posts) ?? 0), 0);
  methodNotes(draft, plan, ctx, {
    posts,
    accounts: rows.length,
    missing: rows.reduce((s, r) => s + (num(r.n_missing) ?? 0), 0),
    measures: [plan.measure, 'followers', 'engagement_rate'],
    extra: `Competitors: accounts in the same city with the same cuisine (the cuisine of the search terms that found their posts). ${COMPETITOR_AVERAGE_DEFINITION}.`,
  });
  return {
    answer: draft.build(posts, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: {
      posts: [],
      accounts: rows.map((r) => String(r.handle)),
      hashtags: [],
      top: { kind: 'account', value: plan.handle },
    },
  };
}
