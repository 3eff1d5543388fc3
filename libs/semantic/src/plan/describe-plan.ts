import { DIMENSIONS } from '../model/dimensions';
import { MEASURES, type MeasureId } from '../model/measures';
import type { Filters, Plan, Window } from './plan';

/** A window as a question would say it ("this week", "in the last 14 days", "from 2026-03-01 to 2026-03-31"). */
export function windowWords(window: Window): string {
  switch (window.kind) {
    case 'all':
      return '';
    case 'rolling':
      if (window.endsDaysAgo === 0) {
        if (window.days === 7) return 'this week';
        if (window.days === 30) return 'this month';
        if (window.days === 1) return 'today';
        return `in the last ${window.days} days`;
      }
      if (window.endsDaysAgo === window.days && window.days === 7) return 'the week before';
      if (window.endsDaysAgo === window.days && window.days === 30) return 'the month before';
      return `in the ${window.days} days ending ${window.endsDaysAgo} days ago`;
    case 'range':
      return window.from === window.to ? `on ${window.from}` : `from ${window.from} to ${window.to}`;
  }
}

function measureWords(measure: MeasureId): string {
  return MEASURES[measure].label;
}

function scopeWords(filters: Filters, options: { window?: boolean } = {}): string {
  const parts: string[] = [];
  if (filters.topics?.length) parts.push(`about ${filters.topics.map((t) => t.label).join(' and ')}`);
  if (filters.hashtags?.length) parts.push(`with ${filters.hashtags.map((h) => `#${h}`).join(' ')}`);
  if (filters.creators?.length) parts.push(`by ${filters.creators.map((c) => `@${c}`).join(', ')}`);
  if (filters.cities?.length) parts.push(`in ${filters.cities.join(' or ')}`);
  if (filters.postIds?.length) parts.push(`among the ${filters.postIds.length} posts shown before`);
  if (options.window !== false) {
    const w = windowWords(filters.window);
    if (w) parts.push(w);
  }
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/**
 * The plan as a plain question, e.g. "Top 5 posts by likes in Chicago this week". Suggestions are written with it,
 * and the parser reads them back to the same plan.
 */
export function describePlan(plan: Plan): string {
  switch (plan.op) {
    case 'top-posts':
      if (plan.sort === 'recent') return `Latest ${plan.limit} posts${scopeWords(plan.filters)}`;
      return `${plan.order === 'asc' ? 'Bottom' : 'Top'} ${plan.limit} posts by ${measureWords(plan.measure)}${scopeWords(plan.filters)}`;
    case 'rank-accounts':
      return `Accounts with the ${plan.order === 'asc' ? 'fewest' : 'most'} ${plan.measure === 'engagement_rate' ? 'engagement rate' : measureWords(plan.measure)}${scopeWords(plan.filters)}`;
    case 'aggregate': {
      const what =
        plan.measure === 'post_count' || plan.aggregation === 'count'
          ? plan.by === 'creator'
            ? 'Accounts with the most posts'
            : 'How many posts'
          : `${plan.aggregation === 'sum' ? 'Total' : plan.aggregation === 'median' ? 'Median' : plan.aggregation === 'max' ? 'Highest' : 'Average'} ${measureWords(plan.measure)}${MEASURES[plan.measure].grain === 'post' && plan.aggregation !== 'sum' ? ' per post' : ''}`;
      const by =
        plan.by && !(plan.by === 'creator' && plan.measure === 'post_count') ? ` by ${DIMENSIONS[plan.by].label}` : '';
      return `${what}${by}${scopeWords(plan.filters)}`;
    }
    case 'share':
      return `Share of ${plan.measure === 'post_count' ? 'posts' : measureWords(plan.measure)}${scopeWords({ ...plan.part, window: { kind: 'all' } }, { window: false })} out of all${scopeWords(plan.filters)}`;
    case 'compare-periods':
      return `${describePlan(plan.base)} compared with ${windowWords(plan.previous) || 'all time'}`;
    case 'compare-accounts':
      return `Compare ${plan.handles.map((h) => `@${h}`).join(' and ')} on ${measureWords(plan.measure)}${scopeWords({ ...plan.filters, creators: undefined })}`;
    case 'peers':
      return `How does @${plan.handle} compare with its competitors on ${measureWords(plan.measure)}${scopeWords(plan.filters)}`;
    case 'trend': {
      const subject =
        plan.dimension === 'hashtag' ? 'hashtags' : plan.dimension === 'cuisine' ? 'cuisines' : 'accounts';
      return `${plan.order === 'asc' ? 'Fading' : 'Trending'} ${subject}${scopeWords(plan.filters)}`;
    }
    case 'profile':
      return `Profile of @${plan.handle}`;
    case 'similar':
      return plan.seedPostIds?.length
        ? 'Show me similar ones'
        : `Posts similar to "${plan.text}"${scopeWords(plan.filters)}`;
    case 'drivers': {
      if (plan.factors.length === 1 && plan.factors[0] === 'weekday')
        return `When should I post${scopeWords(plan.filters)}`;
      const topic = plan.filters.topics?.map((t) => t.label).join(' and ');
      const rest = scopeWords({ ...plan.filters, topics: undefined });
      return `What makes ${topic ? `${topic} ` : ''}posts get more ${measureWords(plan.measure)}${rest}`;
    }
  }
}
