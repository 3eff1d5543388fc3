import { FRESHNESS_SQL } from '@instalake/semantic';
import type { AgentAnswer, AgentPort } from '../ports/agent-port';
import type { AgentClock } from '../ports/clock';
import { type AnswerSource, confidenceFor } from '../api/query-response';
import { instagramUrl } from '../offline/answer-draft';
import type { AgentTools } from '../offline/answers/answer-context';
import { type ChatMessage, type ChatModel, ChatModelError, type ToolCall } from './chat-model';
import { LAKE_TOOLS } from './lake-tools';
import { checkNumbers } from './number-check';
import { RESPONSE_RULES } from './response-rules';
import { ToolRunner } from './tool-runner';

export interface LlmAgentOptions {
  /** Tool-call rounds before the model must answer (default 6). */
  readonly maxToolRounds?: number;
  /** Earlier question/answer pairs of a session sent with a new question (default 4). */
  readonly historyTurns?: number;
  readonly maxSessions?: number;
  /** Answers when the model is unreachable or fails: the offline agent. */
  readonly fallback?: AgentPort;
  /** Reports a model or tool failure (no user text). */
  readonly onError?: (error: unknown, stage: 'model' | 'tool') => void;
}

const LINK = /\bhttps?:\/\/[^\s)\]>"']+/g;

/**
 * `AGENT=openai-compatible`: a language model the user has (hosted, Ollama, llama.cpp, vLLM, LM Studio) answers
 * through the same three tools as every agent, with the semantic layer's definitions and the response rules.
 * Numbers the tool results do not hold are removed from its answer, and the answer says so. When the model is
 * unreachable or fails, the fallback (the offline agent) answers instead.
 */
export class LlmAgent implements AgentPort {
  readonly kind = 'openai-compatible';
  private readonly history = new Map<string, ChatMessage[]>();
  private readonly maxToolRounds: number;
  private readonly historyTurns: number;

  constructor(
    private readonly model: ChatModel,
    private readonly tools: AgentTools,
    private readonly clock: AgentClock,
    private readonly options: LlmAgentOptions = {},
  ) {
    this.maxToolRounds = options.maxToolRounds ?? 6;
    this.historyTurns = options.historyTurns ?? 4;
  }

  async ask(sessionId: string, text: string): Promise<AgentAnswer> {
    let anchor = this.clock.now().toISOString().slice(0, 10);
    let freshness: { latestPostedDate?: string; loadedAt?: string } = {};
    try {
      const row = (await this.tools.sql.run(FRESHNESS_SQL)).rows[0] ?? {};
      const latest = typeof row.latest_posted_date === 'string' ? row.latest_posted_date.slice(0, 10) : undefined;
      if (latest && latest < anchor) anchor = latest;
      freshness = {
        ...(latest ? { latestPostedDate: latest } : {}),
        ...(typeof row.loaded_at === 'string' ? { loadedAt: row.loaded_at.slice(0, 19) } : {}),
      };
      return await this.converse(sessionId, text, anchor, freshness);
    } catch (error) {
      this.options.onError?.(error, error instanceof ChatModelError ? 'model' : 'tool');
      if (!this.options.fallback) throw error;
      const answer = await this.options.fallback.ask(sessionId, text);
      const reason = error instanceof ChatModelError ? error.failure : 'failed';
      return {
        ...answer,
        response: `The language model (${this.model.model}) could not answer (${reason}); this answer comes from the offline agent.\n\n${answer.response}`,
      };
    }
  }

  private async converse(
    sessionId: string,
    text: string,
    anchor: string,
    freshness: { latestPostedDate?: string; loadedAt?: string },
  ): Promise<AgentAnswer> {
    const runner = new ToolRunner(this.tools, () => anchor);
    const system = [
      RESPONSE_RULES,
      `The data's latest day is ${freshness.latestPostedDate ?? 'unknown (the lake may be empty)'}${freshness.loadedAt ? `, loaded ${freshness.loadedAt} UTC` : ''}.`,
      `Rolling windows ("this week", "this month") count back from ${anchor}: this week is the 7 days ending ${anchor}.`,
      'Answer in plain text. Use the tools; do not answer from memory.',
    ].join('\n');
    const messages: ChatMessage[] = [
      { role: 'system', content: system },
      ...(this.history.get(sessionId) ?? []),
      { role: 'user', content: text },
    ];
    // Numbers of earlier answers in this session were checked then; a follow-up may repeat them.
    const results: string[] = [text, system, ...(this.history.get(sessionId) ?? []).map((m) => m.content ?? '')];
    const sources: AnswerSource[] = [];
    let dataPoints = 0;
    for (let round = 0; round <= this.maxToolRounds; round++) {
      const turn = await this.model.complete(messages, round < this.maxToolRounds ? LAKE_TOOLS : []);
      if (!turn.toolCalls.length) {
        const content = turn.content?.trim();
        if (!content) throw new ChatModelError('bad-response', 'The model returned neither text nor tool calls.');
        const answer = this.finish(content, results, sources, dataPoints, freshness);
        this.remember(sessionId, text, answer.response);
        return answer;
      }
      messages.push({ role: 'assistant', content: turn.content, toolCalls: turn.toolCalls });
      for (const call of turn.toolCalls) {
        const outcome = await this.runTool(runner, call);
        results.push(outcome.content);
        if (outcome.source) sources.push(outcome.source);
        dataPoints = Math.max(dataPoints, outcome.dataPoints);
        messages.push({ role: 'tool', toolCallId: call.id, content: outcome.content });
      }
    }
    throw new ChatModelError('bad-response', `The model kept calling tools after ${this.maxToolRounds} rounds.`);
  }

  private async runTool(runner: ToolRunner, call: ToolCall) {
    const outcome = await runner.run(call);
    if (!outcome.ok) this.options.onError?.(new Error(outcome.content), 'tool');
    return outcome;
  }

  private finish(
    content: string,
    results: readonly string[],
    sources: AnswerSource[],
    dataPoints: number,
    freshness: { latestPostedDate?: string; loadedAt?: string },
  ): AgentAnswer {
    // Links: only https Instagram URLs the tools returned stay, and they become sources.
    const returned = results.join('\n');
    const linked = content.replace(LINK, (url) => {
      const clean = instagramUrl(url.replace(/[.,;:]+$/, ''));
      if (clean && returned.includes(clean)) {
        if (!sources.some((s) => s.uri === clean)) sources.push({ type: 'sql', title: `post ${clean}`, uri: clean });
        return url;
      }
      return '[link removed]';
    });
    const checked = checkNumbers(linked, results);
    const notes: string[] = [];
    if (checked.removed.length)
      notes.push(
        `Number check: ${checked.removed.length} number${checked.removed.length === 1 ? '' : 's'} in the model's answer did not come from the tool results and ${checked.removed.length === 1 ? 'was' : 'were'} removed (marked [unverified]).`,
      );
    if (!sources.length) notes.push('No tool was called, so no number in this answer is backed by the data.');
    notes.push(
      freshness.latestPostedDate
        ? `Data freshness: latest post ${freshness.latestPostedDate}${freshness.loadedAt ? `, loaded ${freshness.loadedAt} UTC` : ''}.`
        : 'Data freshness: the lake has no posts yet.',
    );
    return {
      response: `${checked.text}\n\n${notes.map((n) => `- ${n}`).join('\n')}`,
      sources,
      confidence: confidenceFor(sources.length ? dataPoints : 0),
      data: {
        dataPoints,
        freshness,
        ...(checked.removed.length
          ? { assumptions: [`Removed numbers not found in the tool results: ${checked.removed.length}.`] }
          : {}),
      },
    };
  }

  private remember(sessionId: string, question: string, answer: string): void {
    const turns = [
      ...(this.history.get(sessionId) ?? []),
      { role: 'user', content: question } as const,
      { role: 'assistant', content: answer } as const,
    ];
    this.history.delete(sessionId);
    this.history.set(sessionId, turns.slice(-2 * this.historyTurns));
    const max = this.options.maxSessions ?? 1000;
    while (this.history.size > max) this.history.delete(this.history.keys().next().value as string);
  }
}
