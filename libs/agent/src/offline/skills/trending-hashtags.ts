import type { Cell } from '../../api/query-response';
import { AnswerDraft, fmt } from '../answer-draft';
import type { City } from '../cities';
import { cityNote, type SkillContext, type SkillResult } from './skill-context';

export async function trendingHashtags(
  ctx: SkillContext,
  city: City,
  days: number,
  asOf = ctx.asOf,
): Promise<SkillResult> {
  const report = await ctx.trends.get({ city: city.name, days, asOf });
  const draft = new AnswerDraft();
  const cite = draft.cite({
    type: 'trends',
    title: `Trends for ${city.short}, ${report.window.from} to ${report.window.to}`,
    detail: `get_trends(city=${city.name}, days=${days}, as_of=${asOf})`,
  });
  const tags = report.hashtags.slice(0, 10);
  if (tags.length === 0) {
    draft.say(`No hashtags in ${city.short} posts between ${report.window.from} and ${report.window.to} ${cite}.`);
    draft.recommend([
      `Widen the window: "trending hashtags this month in ${city.short}".`,
      'Check the data freshness below; upload a newer scrape.',
      'Ask for top posts in another city.',
    ]);
  } else {
    const top = tags[0];
    draft.say(
      `Trending hashtags in ${city.short} from ${report.window.from} to ${report.window.to}, over ${fmt(report.dataPoints)} posts ${cite}: ` +
        `#1 ${top.tag} with ${fmt(top.posts)} posts averaging ${fmt(top.avgEngagement)} engagement${top.growthPct === null ? ' (new this period)' : `, ${top.growthPct >= 0 ? '+' : ''}${fmt(top.growthPct)}% posts vs the previous ${days} days`} ${cite}.`,
    );
    draft.bullets(
      tags.map(
        (t, i) =>
          `${i + 1}. ${t.tag}: ${fmt(t.posts)} posts${t.accounts !== undefined ? ` from ${fmt(t.accounts)} accounts` : ''}, ${fmt(t.avgEngagement)} average engagement, growth ${t.growthPct === null ? 'new' : `${fmt(t.growthPct)}%`} ${cite}`,
      ),
    );
    const patterns = report.patterns.slice(0, 3);
    if (patterns.length)
      draft.say(
        `Best content patterns: ${patterns.map((p) => `${p.kind} ${p.value} (${fmt(p.avgEngagement)} avg engagement, ${fmt(p.posts)} posts)`).join('; ')} ${cite}.`,
      );
    const rising = tags.filter((t) => t.growthPct === null || t.growthPct > 0).slice(0, 3);
    const best = [...tags].sort((a, b) => b.avgEngagement - a.avgEngagement)[0];
    draft.recommend([
      `Add ${rising.length ? rising.map((t) => t.tag).join(' ') : top.tag} to this week's posts: ${rising.length ? 'they are rising' : 'it leads'} in ${city.short}.`,
      `${best.tag} earns the most engagement per post (${fmt(best.avgEngagement)}): build one post around it.`,
      patterns[0]
        ? `Follow the strongest pattern: ${patterns[0].kind} ${patterns[0].value}.`
        : `Post when your audience is active and keep 3-5 relevant hashtags per post.`,
      `Check again next week ("compare to last week") to catch tags that fade.`,
    ]);
    draft.withTable(
      ['tag', 'posts', 'avg_engagement', 'total_engagement', 'growth_pct'],
      tags.map((t) => [t.tag, t.posts, t.avgEngagement, t.totalEngagement, t.growthPct] as Cell[]),
    );
    draft.withChart({
      kind: 'bar',
      title: `Trending hashtags in ${city.short}`,
      labels: tags.map((t) => t.tag),
      series: [{ name: 'posts', values: tags.map((t) => t.posts) }],
    });
  }
  draft.note(
    'Metric: hashtag performance = mean engagement (likes + comments) of the posts carrying the tag; growth compares post counts with the previous window of the same length.',
  );
  draft.note(cityNote(city));
  draft.note(
    `Window: ${report.window.from} to ${report.window.to}${report.previousWindow ? ` vs ${report.previousWindow.from} to ${report.previousWindow.to}` : ''} (the ${days} days up to ${asOf}).`,
  );
  draft.note(`Sample: ${report.dataPoints} posts.`);
  return {
    answer: draft.build(report.dataPoints, ctx.freshness),
    context: { intent: { kind: 'trending-hashtags', city, days }, asOf, posts: [] },
  };
}
