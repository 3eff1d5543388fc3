import type { DimensionId } from '../model/dimensions';
import type { Aggregation, MeasureId, PostMeasureId } from '../model/measures';

/**
 * A date window. Rolling windows count back from the anchor day (the latest day with data, never after today):
 * `{ days: 7, endsDaysAgo: 0 }` is "this week", `{ days: 7, endsDaysAgo: 7 }` the week before it.
 */
export type Window =
  | { readonly kind: 'all' }
  | { readonly kind: 'rolling'; readonly days: number; readonly endsDaysAgo: number }
  | { readonly kind: 'range'; readonly from: string; readonly to: string };

/** A topic: posts whose caption, hashtags, search term or image description contain one of the terms. */
export interface Topic {
  readonly label: string;
  /** Lower-case words or phrases, matched as whole words (plural forms too). */
  readonly terms: readonly string[];
}

export interface Filters {
  /** Canonical city names (lake-schema's city table); several mean any of them. */
  readonly cities?: readonly string[];
  readonly window: Window;
  /** Account keys (handle without @, lower case). */
  readonly creators?: readonly string[];
  /** Every topic must match (each by any of its terms). */
  readonly topics?: readonly Topic[];
  /** Hashtags without "#", lower case; a post must carry all of them. */
  readonly hashtags?: readonly string[];
  /** Restricts to these posts (follow-ups on an earlier list). */
  readonly postIds?: readonly string[];
  /** Groups with fewer posts are left out of grouped results. */
  readonly minPosts?: number;
}

export type Order = 'desc' | 'asc';

export interface TopPostsPlan {
  readonly op: 'top-posts';
  readonly filters: Filters;
  readonly measure: PostMeasureId;
  readonly order: Order;
  readonly limit: number;
  /** `recent`: the latest posts first (the measure is shown, not ranked by). */
  readonly sort?: 'recent';
}

/** Accounts ranked by a profile attribute (followers, posts on the profile) or by engagement rate. */
export interface RankAccountsPlan {
  readonly op: 'rank-accounts';
  readonly filters: Filters;
  readonly measure: 'followers' | 'posts_count' | 'engagement_rate';
  readonly order: Order;
  readonly limit: number;
}

/** A total, average or count; with `by`, one per group, ranked. */
export interface AggregatePlan {
  readonly op: 'aggregate';
  readonly filters: Filters;
  readonly measure: MeasureId;
  readonly aggregation: Aggregation;
  readonly by?: DimensionId;
  readonly order: Order;
  readonly limit: number;
}

/** The share of the scope (posts, or a measure's total) that also matches `part`. */
export interface SharePlan {
  readonly op: 'share';
  readonly filters: Filters;
  readonly part: Pick<Filters, 'cities' | 'creators' | 'topics' | 'hashtags'>;
  readonly measure: MeasureId;
}

/** The same question over two windows. */
export interface ComparePeriodsPlan {
  readonly op: 'compare-periods';
  readonly base: TopPostsPlan | AggregatePlan | TrendPlan;
  readonly previous: Window;
}

export interface CompareAccountsPlan {
  readonly op: 'compare-accounts';
  readonly filters: Filters;
  readonly handles: readonly string[];
  readonly measure: PostMeasureId;
}

/** An account against its peers: same city, same cuisine. */
export interface PeersPlan {
  readonly op: 'peers';
  readonly filters: Filters;
  readonly handle: string;
  readonly measure: PostMeasureId;
}

/** Growth against the previous window of the same length, per hashtag, cuisine or account. */
export interface TrendPlan {
  readonly op: 'trend';
  readonly filters: Filters;
  readonly dimension: 'hashtag' | 'cuisine' | 'creator';
  readonly measure: 'post_count' | 'engagement' | 'likes';
  /** Default: the window of the same length just before. */
  readonly previous?: Window;
  /** `asc` ranks what fell the most ("fading"). */
  readonly order: Order;
  readonly limit: number;
}

export interface ProfilePlan {
  readonly op: 'profile';
  readonly filters: Filters;
  readonly handle: string;
}

/** Knowledge search for posts that look or read like a description, or like earlier posts. */
export interface SimilarPlan {
  readonly op: 'similar';
  readonly filters: Filters;
  readonly text: string;
  /** Posts the search starts from ("show me similar ones"). */
  readonly seedPostIds?: readonly string[];
  readonly limit: number;
}

/** What lifts a measure inside the scope: hashtags carried by posts that beat the others, and weekdays. */
export interface DriversPlan {
  readonly op: 'drivers';
  readonly filters: Filters;
  readonly measure: 'likes' | 'comments' | 'engagement';
  readonly factors: readonly ('hashtag' | 'weekday')[];
}

export type Plan =
  | TopPostsPlan
  | RankAccountsPlan
  | AggregatePlan
  | SharePlan
  | ComparePeriodsPlan
  | CompareAccountsPlan
  | PeersPlan
  | TrendPlan
  | ProfilePlan
  | SimilarPlan
  | DriversPlan;

export type Operation = Plan['op'];

export const ALL_TIME: Window = { kind: 'all' };

/** The filters of a plan (a period comparison carries those of its base). */
export function filtersOf(plan: Plan): Filters {
  return plan.op === 'compare-periods' ? plan.base.filters : plan.filters;
}

/** The plan with other filters (the base's, for a period comparison). */
export function withFilters<P extends Plan>(plan: P, filters: Filters): P {
  if (plan.op === 'compare-periods') return { ...plan, base: { ...plan.base, filters } };
  return { ...plan, filters };
}
