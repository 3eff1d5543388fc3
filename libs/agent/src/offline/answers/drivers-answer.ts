import { compileDrivers, type DriversPlan, MEASURES } from '@instalake/semantic';
import type { Cell } from '../../api/query-response';
import type { SqlRow } from '../../ports/sql-tool';
import { AnswerDraft, fmt, num, times, count } from '../answer-draft';
import { type AnswerContext, methodNotes, type PlanAnswer, windowOf } from './answer-context';

/** A driver worth naming: it beats the rest by at least this much, within accounts too. */
const MIN_LIFT = 1.1;

export async function driversAnswer(ctx: AnswerContext, plan: DriversPlan): Promise<PlanAnswer> {
  const { sql } = compileDrivers(plan, ctx.anchor);
  const rows = (await ctx.sql.run(sql)).rows;
  const draft = new AnswerDraft();
  const m = MEASURES[plan.measure].label;
  const topic = plan.filters.topics?.map((t) => t.label).join(' and ');
  const where = plan.filters.cities?.length ? ` in ${plan.filters.cities.join(' or ')}` : '';
  const scope = `${topic ? `${topic} ` : ''}posts${where}`;
  const cite = draft.cite({
    type: 'sql',
    title: `What lifts ${m} for ${scope}, ${windowOf(plan.filters, ctx)}`,
    detail: sql,
  });
  const first = rows[0] ?? {};
  const n = num(first.n_posts) ?? 0;
  const accounts = num(first.n_accounts) ?? 0;
  const tags = rows
    .filter((r) => r.factor === 'hashtag' && (num(r.relative_lift) ?? 0) >= MIN_LIFT && (num(r.lift) ?? 0) >= MIN_LIFT)
    .sort((a, b) => (num(b.relative_lift) ?? 0) - (num(a.relative_lift) ?? 0));
  const days = rows.filter((r) => r.factor === 'weekday');
  const daytype = new Map(rows.filter((r) => r.factor === 'daytype').map((r) => [String(r.key), r]));
  const tagLine = (r: SqlRow) =>
    `#${r.key}: ${fmt(num(r.avg_with))} ${m} per post with it vs ${fmt(num(r.avg_without))} without (${times(num(r.lift))}; ${times(num(r.relative_lift))} against each account's own average), ${count(num(r.n_with), 'post')} from ${count(num(r.accounts_with), 'account')} ${cite}`;
  const say: string[] = [];
  if (!n) {
    draft.say(
      `No ${scope} with ${m} data in ${windowOf(plan.filters, ctx)} ${cite}. Try a broader topic or drop the city.`,
    );
  } else {
    if (plan.factors.includes('hashtag')) {
      if (tags.length) {
        const lead = tags[0];
        say.push(
          `Across ${fmt(n)} ${scope} from ${count(accounts, 'account')} (average ${fmt(num(first.avg_value))} ${m}), the strongest driver is #${lead.key}: posts carrying it average ${fmt(num(lead.avg_with))} ${m} against ${fmt(num(lead.avg_without))} for the others, ${times(num(lead.lift))} ${cite}.`,
        );
      } else {
        say.push(
          `Across ${fmt(n)} ${scope} from ${count(accounts, 'account')}, no hashtag lifts ${m} by ${times(MIN_LIFT)} or more ${cite}.`,
        );
      }
    }
    if (plan.factors.includes('weekday') && days.length) {
      const best = [...days].sort((a, b) => (num(b.avg_with) ?? 0) - (num(a.avg_with) ?? 0))[0];
      const weekend = daytype.get('weekend');
      const weekday = daytype.get('weekday');
      say.push(
        `Best day: ${best.key}, ${fmt(num(best.avg_with))} ${m} per post against ${fmt(num(best.avg_without))} on the other days (${times(num(best.lift))}, ${count(num(best.n_with), 'post')}) ${cite}.` +
          (weekend && weekday
            ? ` Weekend posts average ${fmt(num(weekend.avg_with))} against ${fmt(num(weekday.avg_with))} on weekdays (${times(num(weekend.avg_with) !== null && num(weekday.avg_with) ? num(weekend.avg_with)! / num(weekday.avg_with)! : null)}) ${cite}.`
            : ''),
      );
    }
    draft.say(say.join(' '));
    if (tags.length) draft.bullets(tags.map(tagLine));
    if (plan.factors.includes('weekday') && days.length)
      draft.bullets(
        days.map(
          (d) =>
            `${d.key}: ${fmt(num(d.avg_with))} ${m} per post, ${count(num(d.n_with), 'post')} (${times(num(d.lift))} the other days) ${cite}`,
        ),
      );
    const bestDay = [...days].sort((a, b) => (num(b.avg_with) ?? 0) - (num(a.avg_with) ?? 0))[0];
    draft.recommend([
      tags[0] ? `Build posts around what #${tags[0].key} shows, and tag them with it.` : '',
      tags[1] ? `Also test #${tags[1].key} (${times(num(tags[1].lift))}).` : '',
      bestDay
        ? `Schedule your strongest ${topic ?? ''} content for ${bestDay.key}${daytype.get('weekend') ? ' and the weekend' : ''}.`.replace(
            / {2,}/g,
            ' ',
          )
        : '',
      `Measure new posts against the ${fmt(num(first.avg_value))} ${m} average of ${scope}.`,
    ]);
    draft.withTable(
      [
        'factor',
        'value',
        'posts_with',
        'accounts_with',
        `avg_${plan.measure}_with`,
        `avg_${plan.measure}_without`,
        'lift',
        'within_account_lift',
      ],
      [...tags, ...days].map(
        (r) =>
          [
            r.factor,
            r.factor === 'hashtag' ? `#${r.key}` : r.key,
            r.n_with,
            r.accounts_with,
            r.avg_with,
            r.avg_without,
            r.lift,
            r.relative_lift,
          ] as Cell[],
      ),
    );
    if (tags.length)
      draft.withChart({
        kind: 'bar',
        title: `${m} per post with each hashtag`,
        labels: ['all', ...tags.map((t) => `#${t.key}`)],
        series: [{ name: `avg ${m}`, values: [num(first.avg_value) ?? 0, ...tags.map((t) => num(t.avg_with) ?? 0)] }],
      });
  }
  methodNotes(draft, plan, ctx, {
    posts: n,
    accounts,
    missing: num(first.n_missing) ?? 0,
    measures: [plan.measure],
    extra:
      `Lift = average ${m} of the posts with the factor / average of the others; within-account lift compares each post with its own account's average, so a big account's tags do not win by size. ` +
      'Hashtags carried by more than half of the posts describe the topic rather than drive it, and location tags (#chicagoeats) follow audience size: both are left out, as are tags on fewer than 3 posts.',
  });
  return {
    answer: draft.build(n, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: {
      posts: [],
      accounts: [],
      hashtags: tags.map((t) => String(t.key)),
      ...(tags[0] ? { top: { kind: 'hashtag' as const, value: String(tags[0].key) } } : {}),
    },
  };
}
