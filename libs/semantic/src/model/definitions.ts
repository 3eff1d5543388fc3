import { CITY_MEMBERSHIP_DEFINITION } from './city-membership';
import { DIMENSIONS } from './dimensions';
import { COMPETITOR_AVERAGE_DEFINITION, HASHTAG_PERFORMANCE_DEFINITION, MEASURES } from './measures';
import { TOPIC_DEFINITION } from './topic';

/**
 * The semantic layer in words: every measure, dimension and rule, as the LLM's tools and system prompt, the
 * answers' method notes and the documentation state them.
 */
export function describeSemanticModel(): string {
  const measures = Object.values(MEASURES).map((m) => `- ${m.label} (${m.id}): ${m.definition}.`);
  const dimensions = Object.values(DIMENSIONS).map((d) => `- ${d.label}: ${d.definition}.`);
  return [
    'Measures:',
    ...measures,
    `- hashtag performance: ${HASHTAG_PERFORMANCE_DEFINITION}.`,
    `- competitor average: ${COMPETITOR_AVERAGE_DEFINITION}; competitors are accounts in the same city with the same cuisine.`,
    'Dimensions:',
    ...dimensions,
    'Rules:',
    `- City membership: ${CITY_MEMBERSHIP_DEFINITION}.`,
    `- Topic: ${TOPIC_DEFINITION}.`,
    '- Accounts: posts.creator matches restaurants.instagram_handle ignoring a leading "@" and case.',
    '- Windows are rolling and count back from the latest posted_date in the lake (never after today): "this week" is the last 7 days, "this month" and "last month" the last 30 days, "the week before" the 7 days before that.',
    '- Growth (trends) compares a window with the window of the same length just before it.',
  ].join('\n');
}
