/** The dimensions questions group and filter by. SQL refers to the columns of the compiler's `scope` rows. */
export type DimensionId = 'city' | 'creator' | 'hashtag' | 'cuisine' | 'date' | 'week' | 'month' | 'weekday';

export interface DimensionDefinition {
  readonly id: DimensionId;
  /** Singular and plural as answers write them. */
  readonly label: string;
  readonly plural: string;
  readonly definition: string;
}

export const DIMENSIONS: Readonly<Record<DimensionId, DimensionDefinition>> = {
  city: {
    id: 'city',
    label: 'city',
    plural: 'cities',
    definition: 'the canonical city of the post (see city membership)',
  },
  creator: {
    id: 'creator',
    label: 'account',
    plural: 'accounts',
    definition: 'the account that posted (creator, matched to instagram_handle ignoring @ and case)',
  },
  hashtag: {
    id: 'hashtag',
    label: 'hashtag',
    plural: 'hashtags',
    definition: 'lower-cased tags from the hashtags column and #tags in the caption, counted once per post',
  },
  cuisine: {
    id: 'cuisine',
    label: 'cuisine',
    plural: 'cuisines',
    definition:
      'the cuisine or topic words of the search term that found the post, its city removed ("pizza nyc" -> pizza)',
  },
  date: { id: 'date', label: 'day', plural: 'days', definition: 'posted_date (UTC day)' },
  week: { id: 'week', label: 'week', plural: 'weeks', definition: 'the ISO week (Monday start) of posted_date' },
  month: { id: 'month', label: 'month', plural: 'months', definition: 'the calendar month of posted_date' },
  weekday: {
    id: 'weekday',
    label: 'weekday',
    plural: 'weekdays',
    definition: 'the day of the week of posted_date (UTC)',
  },
};

/** Group key of a dimension over `scope` rows (the hashtag dimension unnests `tags` in its own CTE). */
export function dimensionKeySql(id: DimensionId): string {
  switch (id) {
    case 'city':
      return 'city';
    case 'creator':
      return 'handle';
    case 'hashtag':
      return 'tag';
    case 'cuisine':
      return 'cuisine';
    case 'date':
      return 'CAST(posted_date AS VARCHAR)';
    case 'week':
      return "strftime(date_trunc('week', posted_date), '%Y-%m-%d')";
    case 'month':
      return "strftime(posted_date, '%Y-%m')";
    case 'weekday':
      return 'dayname(posted_date)';
  }
}

/** Natural order of time dimensions (others sort by value). */
export function dimensionOrderSql(id: DimensionId): string | undefined {
  if (id === 'weekday') return 'any_value(isodow(posted_date))';
  if (id === 'date' || id === 'week' || id === 'month') return 'key';
  return undefined;
}
