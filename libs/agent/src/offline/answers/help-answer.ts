import type { Suggestion } from '@instalake/semantic';
import type { AgentAnswer } from '../../ports/agent-port';

/** Questions that show what the agent answers (the seed questions of the product). */
export const EXAMPLE_QUESTIONS = [
  'Top 10 posts by likes in NYC',
  "Find posts similar to 'rustic pasta plating'",
  'Compare @joes_pizza to competitors',
  'Trending hashtags this week in SF',
  'What makes brunch posts successful?',
  'Show me viral dessert content',
];

export interface HelpContext {
  /** Cities the lake holds, most posts first. */
  readonly cities: readonly string[];
  readonly posts?: number;
  readonly accounts?: number;
}

/**
 * The answer to a question the agent cannot answer from the lake: why, and the closest questions it can answer
 * ("Did you mean ..."), never an exception or a dead end.
 */
export function helpAnswer(reason: string, suggestions: readonly Suggestion[], lake: HelpContext): AgentAnswer {
  const did = suggestions.map((s) => s.question);
  const holds =
    lake.posts !== undefined
      ? `The lake holds ${lake.posts} Instagram posts${lake.accounts !== undefined ? ` from ${lake.accounts} accounts` : ''}${lake.cities.length ? ` in ${lake.cities.slice(0, 12).join(', ')}${lake.cities.length > 12 ? ` and ${lake.cities.length - 12} more cities` : ''}` : ''}.`
      : 'I answer questions about the Instagram posts and restaurant profiles in the lake.';
  const response = [
    reason,
    did.length ? `Did you mean:\n${did.map((q) => `- ${q}`).join('\n')}` : '',
    `${holds} I can rank posts and accounts, total, average and count likes, comments, engagement and followers by city, account, hashtag, cuisine or weekday, find trending hashtags, compare periods and competitors, look up profiles, find similar posts and say what lifts engagement.`,
    `More examples:\n${EXAMPLE_QUESTIONS.map((q) => `- ${q}`).join('\n')}`,
    'Follow-ups in the same session change the previous question: "and in Seattle?", "what about comments?", "only last week", "show me similar ones", "compare to last week".',
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    response,
    sources: [],
    confidence: 'LOW',
    data: {
      recommendations: did.length ? did : EXAMPLE_QUESTIONS.slice(0, 3),
      suggestions: did,
      dataPoints: 0,
    },
  };
}
