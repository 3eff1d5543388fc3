import type { AgentAnswer } from '../../ports/agent-port';
import { CITIES } from '../cities';

export const EXAMPLE_QUESTIONS = [
  'Top 10 posts by likes in NYC',
  "Find posts similar to 'rustic pasta plating'",
  'Compare @joes_pizza to competitors',
  'Trending hashtags this week in SF',
  'What makes brunch posts successful?',
  'Show me viral dessert content',
];

/** The answer to a question the offline agent does not understand: what it can do, never an exception. */
export function helpAnswer(reason?: string): AgentAnswer {
  const response = [
    reason ??
      "I didn't recognise that question. I answer questions about the Instagram posts and restaurant profiles in the lake.",
    `Try one of these:\n${EXAMPLE_QUESTIONS.map((q) => `- ${q}`).join('\n')}`,
    'Follow-ups in the same session: "Show me similar ones" (after a list of posts) and "Compare to last week" (after a ranking or a trend question).',
    `Cities I know: ${CITIES.map((c) => `${c.short} (${c.name})`).join(', ')}.`,
  ].join('\n\n');
  return {
    response,
    sources: [],
    confidence: 'LOW',
    data: {
      recommendations: [
        'Name a city and a metric (likes, comments or engagement) for rankings.',
        'Put a visual description in quotes to find similar posts.',
        'Use an @handle to benchmark an account against its competitors.',
      ],
      dataPoints: 0,
    },
  };
}
