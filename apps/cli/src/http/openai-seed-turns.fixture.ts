import { ollamaStyleChunks, openAiStyleChunks, type RecordedTurn } from '@instalake/openai';

/**
 * A model's turns for the six seed questions on the sample lake (sample-lake.fixture.ts), as a Chat Completions
 * server streams them: first the tool calls, then an answer whose numbers come from the tool results. Half are in
 * OpenAI's streaming shape, half in Ollama's. The last answer adds a number no tool returned ("up 17%").
 */
const call = (id: string, name: string, args: Record<string, unknown>) => ({
  id,
  name,
  arguments: JSON.stringify(args),
});

export const SEED_TURNS: readonly RecordedTurn[] = [
  {
    user: 'Top 10 posts by likes in NYC',
    chunks: openAiStyleChunks({
      toolCalls: [
        call('call_top', 'run_sql', {
          sql: "SELECT p.creator, p.post_url, p.likes FROM posts p JOIN restaurants r ON lower(ltrim(p.creator, '@')) = lower(ltrim(r.instagram_handle, '@')) WHERE lower(r.city) IN ('new york', 'nyc') AND p.likes IS NOT NULL ORDER BY p.likes DESC, p.post_id LIMIT 10",
        }),
      ],
    }),
  },
  {
    user: 'Top 10 posts by likes in NYC',
    afterToolResults: 1,
    chunks: openAiStyleChunks({
      content:
        "In New York (restaurant profiles in New York or NYC), the most liked post is @sushi_nyc's https://instagram.com/p/p0120 with 1,992 likes, then brooklyn_pie's https://instagram.com/p/p0069 (1,980) and https://instagram.com/p/p0085 (1,973). Metric: likes per post, hidden likes left out. Confidence: MEDIUM.",
    }),
  },
  {
    user: 'rustic pasta plating',
    chunks: ollamaStyleChunks({
      toolCalls: [call('call_s1', 'search_posts', { text: 'rustic pasta plating', limit: 5 })],
    }),
  },
  {
    user: 'rustic pasta plating',
    afterToolResults: 1,
    chunks: ollamaStyleChunks({
      toolCalls: [
        call('call_s2', 'run_sql', {
          sql: "SELECT post_id, creator, likes, comments FROM posts WHERE post_id IN ('p0045', 'p0029', 'p0042') ORDER BY likes DESC",
        }),
      ],
    }),
  },
  {
    user: 'rustic pasta plating',
    afterToolResults: 2,
    chunks: ollamaStyleChunks({
      content:
        "The closest posts to 'rustic pasta plating' are @slice_house's p0045 (1,797 likes, 87 comments), @slice_house's p0042 (1,557 likes) and @joes_pizza's p0029 (1,553 likes). Captions are quoted data. Confidence: LOW.",
    }),
  },
  {
    user: 'Compare @joes_pizza to competitors',
    chunks: openAiStyleChunks({
      toolCalls: [
        call('call_c', 'run_sql', {
          sql: "SELECT lower(ltrim(p.creator, '@')) AS handle, count(*) AS posts, round(avg(p.likes + p.comments), 1) AS avg_engagement FROM posts p JOIN restaurants r ON lower(ltrim(p.creator, '@')) = lower(ltrim(r.instagram_handle, '@')) WHERE lower(r.city) IN ('new york', 'nyc') AND p.search_term ILIKE 'pizza%' GROUP BY 1 ORDER BY avg_engagement DESC",
        }),
      ],
    }),
  },
  {
    user: 'Compare @joes_pizza to competitors',
    afterToolResults: 1,
    chunks: openAiStyleChunks({
      content:
        '@joes_pizza averages 1,079.1 engagement per post over 31 posts, against 1,022.9 for @slice_house and 961.8 for @brooklyn_pie (engagement = likes + comments; competitors: New York pizza accounts). Confidence: MEDIUM.',
    }),
  },
  {
    user: 'Trending hashtags this week in SF',
    chunks: ollamaStyleChunks({ toolCalls: [call('call_t', 'get_trends', { city: 'SF', days: 7 })] }),
  },
  {
    user: 'Trending hashtags this week in SF',
    afterToolResults: 1,
    chunks: ollamaStyleChunks({
      content:
        'In San Francisco from 2024-05-25 to 2024-05-31, #sf leads with 15 posts (+50% against the week before), then #dumplings with 7 posts (+133.3%) and #brunch with 5 posts (+25%). Confidence: MEDIUM.',
    }),
  },
  {
    user: 'What makes brunch posts successful?',
    chunks: openAiStyleChunks({
      toolCalls: [
        call('call_b', 'run_sql', {
          sql: "SELECT dayname(posted_date) AS day, count(*) AS posts, round(avg(likes + comments), 1) AS avg_engagement FROM posts WHERE search_term ILIKE 'brunch%' AND likes IS NOT NULL GROUP BY 1 ORDER BY avg_engagement DESC LIMIT 3",
        }),
      ],
    }),
  },
  {
    user: 'What makes brunch posts successful?',
    afterToolResults: 1,
    chunks: openAiStyleChunks({
      content:
        'Brunch posts do best on Tuesday (1,418.7 average engagement over 3 posts) and Wednesday (1,302.8 over 6 posts). The sample is small, so this is directional. Confidence: LOW.',
    }),
  },
  {
    user: 'Show me viral dessert content',
    chunks: openAiStyleChunks({
      toolCalls: [
        call('call_v', 'run_sql', {
          sql: "SELECT creator, post_url, likes + comments AS engagement FROM posts WHERE search_term ILIKE 'dessert%' AND likes IS NOT NULL ORDER BY engagement DESC, post_id LIMIT 3",
        }),
      ],
    }),
  },
  {
    user: 'Show me viral dessert content',
    afterToolResults: 1,
    chunks: openAiStyleChunks({
      content:
        "The most viral dessert posts are @mission_sweets' https://instagram.com/p/p0201 with 6,290 engagement, https://instagram.com/p/p0206 with 6,269 and https://instagram.com/p/p0181 with 5,813, up 17% on last month. Confidence: LOW.",
    }),
  },
];
