import { describePlan } from '../plan/describe-plan';
import type { Filters, Plan, Window } from '../plan/plan';
import type { ParseContext, Suggestion } from './parse-question';
import type { Slots } from './read-slots';

const WEEK: Window = { kind: 'rolling', days: 7, endsDaysAgo: 0 };
const ALL: Window = { kind: 'all' };

/**
 * The closest runnable plans to a question that could not be read: built from the slots it did name (a city, an
 * account, a topic, a measure), else from what the lake holds. Never empty, so no question is a dead end.
 */
export function suggestPlans(slots: Slots, ctx: ParseContext): Suggestion[] {
  const city = slots.cities.find((c) => c.inLake)?.city ?? slots.cities[0]?.city;
  const account = slots.accounts[0]?.handle;
  const topic = slots.topics[0]?.topic;
  const measure = slots.measures.find((m) => m === 'likes' || m === 'comments' || m === 'engagement') as
    'likes' | 'comments' | 'engagement' | undefined;
  const scope = (window: Window): Filters => ({
    window,
    ...(city ? { cities: [city] } : {}),
    ...(topic ? { topics: [topic] } : {}),
  });
  const plans: Plan[] = [];
  if (account) {
    plans.push({ op: 'profile', filters: { window: ALL }, handle: account });
    plans.push({
      op: 'top-posts',
      filters: { window: ALL, creators: [account] },
      measure: measure ?? 'likes',
      order: 'desc',
      limit: 5,
    });
    plans.push({ op: 'peers', filters: { window: ALL }, handle: account, measure: measure ?? 'engagement' });
  }
  if (topic && !account) {
    plans.push({
      op: 'drivers',
      filters: scope(ALL),
      measure: measure ?? 'engagement',
      factors: ['hashtag', 'weekday'],
    });
    plans.push({
      op: 'aggregate',
      filters: scope(ALL),
      measure: 'post_count',
      aggregation: 'count',
      order: 'desc',
      limit: 1,
    });
  }
  plans.push({ op: 'top-posts', filters: scope(WEEK), measure: measure ?? 'likes', order: 'desc', limit: 10 });
  if (!topic)
    plans.push({
      op: 'trend',
      filters: scope(WEEK),
      dimension: 'hashtag',
      measure: 'post_count',
      order: 'desc',
      limit: 10,
    });
  if (city) {
    plans.push({ op: 'rank-accounts', filters: scope(ALL), measure: 'followers', order: 'desc', limit: 10 });
  } else {
    const busiest = [...ctx.vocabulary.lakeCities.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (busiest && !topic)
      plans.push({
        op: 'trend',
        filters: { window: WEEK, cities: [busiest] },
        dimension: 'hashtag',
        measure: 'post_count',
        order: 'desc',
        limit: 10,
      });
    plans.push({
      op: 'aggregate',
      filters: { window: ALL },
      measure: measure ?? 'likes',
      aggregation: 'avg',
      by: 'city',
      order: 'desc',
      limit: 100,
    });
  }
  const seen = new Set<string>();
  return plans
    .map((plan) => ({ question: describePlan(plan), plan }))
    .filter((s) => !seen.has(s.question) && seen.add(s.question))
    .slice(0, 3);
}
