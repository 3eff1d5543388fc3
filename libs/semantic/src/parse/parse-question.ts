import type { DimensionId } from '../model/dimensions';
import {
  type Aggregation,
  isAccountMeasure,
  isPostMeasure,
  MEASURES,
  type MeasureId,
  type PostMeasureId,
} from '../model/measures';
import { describePlan } from '../plan/describe-plan';
import {
  ALL_TIME,
  type Filters,
  filtersOf,
  type Order,
  type Plan,
  type Topic,
  type TrendPlan,
  type Window,
  withFilters,
} from '../plan/plan';
import { previousWindow, resolveWindow, windowText } from '../plan/window';
import type { EntityWord } from './lexicon';
import type { VocabularyIndex } from './link-values';
import { readSlots, type Slots } from './read-slots';
import { suggestPlans } from './suggest';

/** What an answer showed, for follow-ups to refer to ("those", "their", "it"). */
export interface Focus {
  readonly posts: readonly string[];
  readonly accounts: readonly string[];
  readonly hashtags: readonly string[];
  /** The first item of the answer: the account, hashtag or post a pronoun most likely means. */
  readonly top?: { readonly kind: 'account' | 'hashtag' | 'post' | 'city' | 'cuisine'; readonly value: string };
}

export interface Turn {
  readonly plan: Plan;
  readonly focus: Focus;
  /** The last ranking or aggregate of the conversation, when this turn was not one ("compare to last week" after "show me similar ones"). */
  readonly basis?: Plan;
}

export interface ParseContext {
  /** The day rolling windows count back from (YYYY-MM-DD). */
  readonly anchor: string;
  readonly vocabulary: VocabularyIndex;
  readonly previous?: Turn;
}

export interface Suggestion {
  readonly question: string;
  readonly plan: Plan;
}

export type ParseOutcome =
  | {
      readonly kind: 'plan';
      readonly plan: Plan;
      /** How ambiguous parts were read ("'seatle' read as Seattle"), for the answer to state. */
      readonly readings: readonly string[];
      readonly followUp: boolean;
    }
  | {
      readonly kind: 'unanswerable';
      readonly reason: 'out-of-scope' | 'not-understood' | 'needs-context';
      readonly message: string;
      readonly suggestions: readonly Suggestion[];
    };

const DEFAULT_LIMIT = 10;
const SINGULAR_LIMIT = 5;
const TREND_WINDOW: Window = { kind: 'rolling', days: 7, endsDaysAgo: 0 };

/**
 * Reads a question into a plan of the semantic layer's algebra. Slots come from the lake's vocabulary and the
 * lexicon; the operation from the cues; follow-ups change the previous plan. Pure: no SQL runs here, and nothing
 * in the question is ever executed as an instruction.
 */
export function parseQuestion(text: string, ctx: ParseContext): ParseOutcome {
  const slots = readSlots(text, ctx.vocabulary, ctx.anchor);
  return new PlanBuilder(slots, ctx).build();
}

class PlanBuilder {
  private readonly readings: string[] = [];
  private readonly previous?: Turn;

  constructor(
    private readonly s: Slots,
    private readonly ctx: ParseContext,
  ) {
    this.previous = ctx.previous;
  }

  build(): ParseOutcome {
    const s = this.s;
    const blocked = this.outOfScope();
    if (blocked) return blocked;
    this.noteLinks();

    const followUp = this.followUp();
    if (followUp) return this.done(followUp, true);

    const fresh = this.fresh();
    if (fresh) return this.done(fresh, this.usesPrevious);

    // Only a description ("pho on a snowy patio", "brisket being carved on a board"): find posts that look like it.
    if (
      !this.operationCue &&
      !s.measures.length &&
      !s.entities.length &&
      s.leftovers.length >= 1 &&
      s.description.length >= 2
    ) {
      return this.done(
        {
          op: 'similar',
          filters: clean({
            window: this.windows().current ?? ALL_TIME,
            ...(this.cities.length ? { cities: this.cities } : {}),
          }),
          text: s.description.join(' '),
          limit: DEFAULT_LIMIT,
        },
        false,
      );
    }

    if (this.previous && this.hasSlots()) {
      const changed = this.override(this.previous.plan);
      if (changed) return this.done(changed, true);
    }
    if (this.previous && s.cues.has('follow-up') && !this.hasSlots()) {
      return this.unanswerable(
        'not-understood',
        `I could not tell what to change in the previous question ("${describePlan(this.previous.plan)}").`,
      );
    }
    return this.unanswerable(
      'not-understood',
      "I could not read that as a question about the lake's posts, accounts, hashtags or cities.",
    );
  }

  private usesPrevious = false;

  // ---------------------------------------------------------------- slots

  private get cities(): string[] {
    return this.s.cities.map((c) => c.city);
  }

  private get handles(): string[] {
    return this.s.accounts.map((a) => a.handle);
  }

  private get hashtags(): string[] {
    return this.s.hashtags.map((h) => h.tag);
  }

  private get topics(): Topic[] {
    return this.s.topics.map((t) => t.topic);
  }

  private hasSlots(): boolean {
    const s = this.s;
    return Boolean(
      s.cities.length ||
      s.accounts.length ||
      s.hashtags.length ||
      s.topics.length ||
      s.windows.length ||
      s.measures.length ||
      s.limit !== undefined ||
      s.cues.has('all-cities') ||
      s.cues.has('all-time') ||
      s.cues.has('lowest') ||
      s.groupBy,
    );
  }

  private has(cue: Parameters<Slots['cues']['has']>[0]): boolean {
    if (cue === 'count') return this.s.cues.has('count') || (this.s.cues.has('count-soft') && !this.s.cues.has('rank'));
    return this.s.cues.has(cue);
  }

  private entity(e: EntityWord): boolean {
    return this.s.entities.includes(e);
  }

  private get operationCue(): boolean {
    return [
      'rank',
      'average',
      'total',
      'count',
      'share',
      'trend',
      'compare',
      'peers',
      'profile',
      'similar',
      'drivers',
      'timing',
    ].some((c) => this.s.cues.has(c as never));
  }

  /** The windows the question names: the current one and, in a comparison, the earlier one. */
  private windows(): { current?: Window; previous?: Window } {
    const ws = this.s.windows;
    if (!ws.length) return this.has('all-time') ? { current: ALL_TIME } : {};
    const comparing = this.has('compare') || this.has('trend');
    if (ws.length >= 2) {
      const [a, b] = ws;
      const prev =
        b.relative || b.lastPeriod
          ? b.lastPeriod
            ? ({
                kind: 'rolling',
                days: b.lastPeriod === 'week' ? 7 : 30,
                endsDaysAgo: b.lastPeriod === 'week' ? 7 : 30,
              } as Window)
            : this.relativeTo(b.window, a.window)
          : b.window;
      this.noteWindow(a.phrase, a.window);
      return { current: a.window, previous: prev };
    }
    const only = ws[0];
    if (only.lastPeriod && comparing && this.startsWithCompare()) {
      const days = only.lastPeriod === 'week' ? 7 : 30;
      return { previous: { kind: 'rolling', days, endsDaysAgo: days } };
    }
    if (only.relative && comparing) return { previous: only.window };
    if (only.lastPeriod)
      this.readings.push(`"${only.phrase}" read as the last ${only.lastPeriod === 'week' ? 7 : 30} days.`);
    return { current: only.window };
  }

  /** "compare to last week": the comparison names only the earlier period. */
  private startsWithCompare(): boolean {
    const at = this.s.cueAt.get('compare');
    const w = this.s.windows[0];
    return at !== undefined && w !== undefined && at < w.at;
  }

  private relativeTo(window: Window, base: Window): Window {
    if (window.kind === 'rolling' && base.kind !== 'all') {
      const prev = previousWindow(base);
      if (prev.kind === 'rolling' && window.days === prev.days) return prev;
    }
    return window;
  }

  private noteWindow(phrase: string, window: Window): void {
    if (window.kind === 'rolling' && /last (week|month)/.test(phrase))
      this.readings.push(`"${phrase}" read as the last ${window.days} days.`);
  }

  private measure(): MeasureId | undefined {
    return this.s.measures[0];
  }

  private postMeasure(fallback: PostMeasureId = 'engagement'): PostMeasureId {
    const m = this.s.measures.find(isPostMeasure);
    if (m) return m;
    if (this.s.measures.length === 0 && this.has('average') && this.previousMeasure()) {
      const prev = this.previousMeasure();
      if (prev && isPostMeasure(prev)) {
        this.usesPrevious = true;
        return prev;
      }
    }
    if (!this.s.measures.length) this.readings.push(`No measure named: ${MEASURES[fallback].definition}.`);
    return fallback;
  }

  private previousMeasure(): MeasureId | undefined {
    const p = this.previous?.plan;
    if (!p) return undefined;
    if (p.op === 'compare-periods') return p.base.measure;
    return 'measure' in p ? (p.measure as MeasureId) : undefined;
  }

  private limit(fallback = DEFAULT_LIMIT): number {
    if (this.s.limit !== undefined) return Math.min(Math.max(this.s.limit, 1), 50);
    return this.has('singular') && !this.s.entities.includes('cities') ? SINGULAR_LIMIT : fallback;
  }

  private order(): Order {
    return this.has('lowest') ? 'asc' : 'desc';
  }

  private filters(window: Window | undefined, defaults: { window: Window }): Filters {
    const cities = this.has('all-cities') && !this.cities.length ? [] : this.cities;
    const w = window ?? defaults.window;
    if (!window && w.kind === 'all') this.readings.push('No period named: all dates in the lake.');
    return clean({
      window: w,
      ...(cities.length ? { cities } : {}),
      ...(this.handles.length ? { creators: this.handles } : {}),
      ...(this.topics.length ? { topics: this.topics } : {}),
      ...(this.hashtags.length ? { hashtags: this.hashtags } : {}),
    });
  }

  // ---------------------------------------------------------------- refusals and notes

  private outOfScope(): ParseOutcome | undefined {
    // Weather words inside a description ("pho in the snow") are not a weather question; "help me grow" is a question.
    const bare = !this.operationCue && !this.s.entities.length && !this.has('visual');
    const out = this.s.outOfScope.filter(
      (o) => (o.kind !== 'world' && o.kind !== 'help') || (bare && (o.kind !== 'help' || !this.hasSlots())),
    );

    if (!out.length) return undefined;
    const hard = out.find((o) => o.kind !== 'measure');
    const inLakeMeasure = this.s.measures.length > 0;
    if (!hard && inLakeMeasure) return undefined;
    const first = hard ?? out[0];
    const reason =
      first.kind === 'platform'
        ? `The lake holds Instagram posts and restaurant profiles only, so I have no data from "${first.written}".`
        : first.kind === 'measure'
          ? `The lake has no "${first.written}": it holds likes, comments, engagement (likes + comments), followers and post counts.`
          : first.kind === 'help'
            ? 'Ask me about the posts, accounts, hashtags and cities in the lake, in your own words.'
            : first.kind === 'action'
              ? `I only analyse the data in the lake: I cannot act on "${first.written}" (no bookings, orders or messages).`
              : first.kind === 'instruction'
                ? 'I answer questions about the data in the lake; I do not change my rules, reveal configuration or personal data (phone numbers stay masked).'
                : first.kind === 'sql'
                  ? 'I do not run SQL written into a question. Ask in plain words, or use `instalake sql` for guarded read-only SQL.'
                  : `That is outside the lake: it holds Instagram posts, restaurant profiles, hashtags and cities, not "${first.written}".`;
    return this.unanswerable('out-of-scope', reason);
  }

  private noteLinks(): void {
    for (const a of this.s.accounts) {
      if (a.how === 'typo') this.readings.push(`"${a.written}" read as @${a.handle}.`);
      if (a.how === 'name') this.readings.push(`"${a.written}" read as the account @${a.handle}.`);
    }
    for (const c of this.s.cities) {
      if (c.how === 'typo') this.readings.push(`"${c.written}" read as ${c.city}.`);
      else if (c.written.toLowerCase() !== c.city.toLowerCase())
        this.readings.push(`"${c.written}" read as ${c.city}.`);
    }
    for (const h of this.s.hashtags)
      if (h.known && `#${h.tag}` !== h.written.toLowerCase()) this.readings.push(`"${h.written}" read as #${h.tag}.`);
  }

  private done(plan: Plan, followUp: boolean): ParseOutcome {
    return { kind: 'plan', plan, readings: [...new Set(this.readings)], followUp };
  }

  private unanswerable(reason: 'out-of-scope' | 'not-understood' | 'needs-context', message: string): ParseOutcome {
    return { kind: 'unanswerable', reason, message, suggestions: suggestPlans(this.s, this.ctx) };
  }

  // ---------------------------------------------------------------- follow-ups

  private followUp(): Plan | undefined {
    const p = this.previous;
    if (!p) return undefined;
    const s = this.s;
    const refs = new Set(s.references);

    // "show me similar ones", "more like these"
    if ((this.has('similar') || this.has('visual')) && !s.description.length && p.focus.posts.length) {
      return {
        op: 'similar',
        filters: { window: ALL_TIME, ...(this.cities.length ? { cities: this.cities } : {}) },
        text: '',
        seedPostIds: p.focus.posts.slice(0, 10),
        limit: DEFAULT_LIMIT,
      };
    }

    // "compare to last week", "how does that compare with the month before"
    const { current, previous } = this.windows();
    if (
      (this.has('compare') || this.has('trend')) &&
      previous &&
      !this.handles.length &&
      !this.operationCueBesides('compare', 'trend')
    ) {
      const base = comparable(p.plan) ?? (p.basis ? comparable(p.basis) : undefined);
      if (base) return this.comparePeriods(base, current, previous);
    }

    // "which of those got the most likes?", "which one has the biggest following?"; a bare "which was most liked?"
    // right after a list means that list too.
    const bareWhich =
      s.question.tokens[0]?.text === 'which' &&
      !s.entities.length &&
      !this.hasFilterSlots() &&
      s.leftovers.length === 0;
    if ((refs.has('list') || bareWhich) && (this.has('rank') || s.measures.length)) {
      const m = this.measure();
      const wantsAccounts = this.entity('accounts') || (m !== undefined && isAccountMeasure(m));
      if (p.focus.accounts.length && (wantsAccounts || !p.focus.posts.length)) {
        return {
          op: 'rank-accounts',
          filters: { window: ALL_TIME, creators: p.focus.accounts },
          measure: m === 'posts_count' || m === 'engagement_rate' ? m : 'followers',
          order: this.order(),
          limit: Math.max(p.focus.accounts.length, 1),
        };
      }
      if (p.focus.posts.length) {
        return {
          op: 'top-posts',
          filters: { window: ALL_TIME, postIds: p.focus.posts },
          measure: this.postMeasure('likes'),
          order: this.order(),
          limit: Math.min(p.focus.posts.length, this.limit(SINGULAR_LIMIT)),
        };
      }
    }

    // "compare that with Atlanta": the same aggregate for both cities, side by side.
    if (
      this.has('compare') &&
      this.cities.length === 1 &&
      !this.handles.length &&
      p.plan.op === 'aggregate' &&
      !p.plan.by
    ) {
      const before = p.plan.filters.cities ?? [];
      if (before.length === 1 && before[0] !== this.cities[0]) {
        return {
          ...p.plan,
          filters: { ...p.plan.filters, cities: [before[0], this.cities[0]] },
          by: 'city',
          limit: 100,
        };
      }
    }

    // "show me the top 3", "now the worst ones": a ranking word with no new scope re-ranks the previous answer.
    const onlyRanking = [...s.cues].every((c) => ['rank', 'lowest', 'show', 'singular', 'follow-up'].includes(c));
    const noScope =
      !s.cities.length && !s.accounts.length && !s.topics.length && !s.hashtags.length && !s.entities.length;
    if (
      onlyRanking &&
      noScope &&
      (s.limit !== undefined || this.has('lowest') || s.measures.length) &&
      !s.leftovers.length
    ) {
      return this.override(p.plan);
    }

    // An elliptical question only changes slots: "and in Seattle?", "what about comments?", "only this week".
    const elliptical =
      !this.operationCue && !s.entities.length && this.hasSlots() && !refs.size && s.leftovers.length < 2;
    if (elliptical || (s.cues.has('follow-up') && !this.operationCue && this.hasSlots())) return this.override(p.plan);
    return undefined;
  }

  private operationCueBesides(...allowed: string[]): boolean {
    return ['rank', 'average', 'total', 'count', 'share', 'peers', 'profile', 'similar', 'drivers', 'timing'].some(
      (c) => !allowed.includes(c) && this.s.cues.has(c as never),
    );
  }

  private comparePeriods(
    base: Extract<Plan, { op: 'top-posts' | 'aggregate' | 'trend' }>,
    current: Window | undefined,
    previous: Window,
  ): Plan {
    const baseWindow = current ?? (base.filters.window.kind === 'all' ? previousLength(previous) : base.filters.window);
    const rebased = { ...base, filters: { ...base.filters, window: baseWindow } } as typeof base;
    if (rebased.op === 'trend') return { ...rebased, previous } satisfies TrendPlan;
    return { op: 'compare-periods', base: rebased, previous };
  }

  /** The previous plan with the slots this question names replaced. */
  private override(plan: Plan): Plan | undefined {
    const s = this.s;
    const f = filtersOf(plan);
    const { current } = this.windows();
    const next: Filters = clean({
      ...f,
      ...(this.cities.length ? { cities: this.cities } : this.has('all-cities') ? { cities: undefined } : {}),
      ...(current ? { window: current } : {}),
      ...(this.handles.length && plan.op !== 'peers' && plan.op !== 'profile' && plan.op !== 'compare-accounts'
        ? { creators: this.handles }
        : {}),
      ...(this.topics.length ? { topics: this.topics } : {}),
      ...(this.hashtags.length ? { hashtags: this.hashtags } : {}),
      postIds: undefined,
    });
    const m = this.measure();
    let out: Plan = withFilters(plan, next);
    if (m) out = withMeasure(out, m) ?? out;
    if (s.limit !== undefined && 'limit' in out) out = { ...out, limit: this.limit() } as Plan;
    if (this.has('lowest') && 'order' in out) out = { ...out, order: 'asc' } as Plan;
    if (out.op === 'peers' && this.handles.length) out = { ...out, handle: this.handles[0] };
    if (out.op === 'profile' && this.handles.length) out = { ...out, handle: this.handles[0] };
    if (out.op === 'compare-accounts' && this.handles.length >= 2) out = { ...out, handles: this.handles };
    if (s.groupBy && out.op === 'aggregate') out = { ...out, by: s.groupBy };
    if (out.op === 'trend' && out.filters.window.kind === 'all')
      out = withFilters(out, { ...out.filters, window: TREND_WINDOW });
    return JSON.stringify(out) === JSON.stringify(plan) && !this.hasSlots() ? undefined : out;
  }

  // ---------------------------------------------------------------- fresh questions

  private fresh(): Plan | undefined {
    const s = this.s;
    const p = this.previous;
    let handles = this.handles;
    let hashtags = this.hashtags;
    let inherited: Filters | undefined;
    // Pronouns reach into the previous answer: "their most liked post", "who's posting it the most?".
    if (p && s.references.includes('account') && !handles.length) {
      const top = p.focus.top?.kind === 'account' ? p.focus.top.value : p.focus.accounts[0];
      if (top) {
        handles = [top];
        this.usesPrevious = true;
      }
    }
    if (p && s.references.includes('hashtag') && !hashtags.length) {
      const top = p.focus.top?.kind === 'hashtag' ? p.focus.top.value : p.focus.hashtags[0];
      if (top) {
        hashtags = [top];
        inherited = filtersOf(p.plan);
        this.usesPrevious = true;
      }
    }
    const scope = (defaults: Window): Filters => {
      const base = this.filters(this.windows().current, { window: inherited?.window ?? defaults });
      return clean({
        ...base,
        ...(inherited?.cities && !this.cities.length && !this.has('all-cities') ? { cities: inherited.cities } : {}),
        ...(handles.length ? { creators: handles } : {}),
        ...(hashtags.length ? { hashtags } : {}),
      });
    };
    const rankish = this.has('rank') || this.has('viral');

    // Looks and descriptions: "show me cozy ramen shots", "posts similar to 'rustic pasta plating'".
    const similar =
      this.has('similar') ||
      (this.has('visual') &&
        !rankish &&
        !this.has('average') &&
        !this.has('total') &&
        !this.has('count') &&
        !this.has('trend') &&
        !this.has('drivers'));
    if (similar && (s.question.quoted || s.description.length)) {
      const text = s.question.quoted ?? s.description.join(' ');
      return {
        op: 'similar',
        filters: clean({
          window: this.windows().current ?? ALL_TIME,
          ...(this.cities.length ? { cities: this.cities } : {}),
        }),
        text,
        limit: this.limit(),
      };
    }

    if (this.has('drivers') || (this.has('timing') && !rankish && !s.measures.length)) {
      const measure = this.postMeasure('engagement');
      const factors: ('hashtag' | 'weekday')[] =
        this.has('timing') && !this.entity('hashtags')
          ? ['weekday']
          : this.entity('hashtags')
            ? ['hashtag']
            : ['hashtag', 'weekday'];
      return {
        op: 'drivers',
        filters: scope(ALL_TIME),
        measure: measure === 'engagement_rate' ? 'engagement' : measure,
        factors,
      };
    }

    // "is engagement going up in Atlanta?": the measure against the window before, not a ranking of tags.
    const m0 = this.measure();
    if (
      this.has('trend') &&
      m0 &&
      m0 !== 'post_count' &&
      !this.entity('hashtags') &&
      !this.entity('cuisines') &&
      !this.entity('accounts') &&
      !this.entity('posts') &&
      !this.hashtags.length
    ) {
      const { current, previous } = this.windows();
      const window = current ?? TREND_WINDOW;
      const base: Plan = {
        op: 'aggregate',
        filters: { ...scope(TREND_WINDOW), window },
        measure: m0,
        aggregation: isAccountMeasure(m0) ? 'sum' : this.has('total') ? 'sum' : 'avg',
        order: 'desc',
        limit: 1,
      };
      return { op: 'compare-periods', base, previous: previous ?? previousWindow(window) };
    }
    const trending = this.has('trend') || (this.has('viral') && this.entity('hashtags') && !this.entity('posts'));
    if (trending && !(this.entity('posts') && !this.entity('hashtags'))) {
      const dimension: TrendPlan['dimension'] = this.entity('cuisines')
        ? 'cuisine'
        : this.entity('accounts') && !this.entity('hashtags')
          ? 'creator'
          : 'hashtag';
      const { previous } = this.windows();
      const m = this.measure();
      const filters = scope(TREND_WINDOW);
      // A trend needs a bounded window: "all time" becomes the default week, and the answer says so.
      if (filters.window.kind === 'all')
        this.readings.push('A trend compares two windows: read as the last 7 days against the 7 before.');
      return {
        op: 'trend',
        filters: filters.window.kind === 'all' ? { ...filters, window: TREND_WINDOW } : filters,
        dimension,
        measure: m === 'likes' ? 'likes' : m === 'engagement' ? 'engagement' : 'post_count',
        ...(previous ? { previous } : {}),
        order: this.has('fading') ? 'asc' : 'desc',
        limit: this.limit(),
      };
    }
    if (this.has('trend') && this.entity('posts')) {
      return {
        op: 'top-posts',
        filters: scope(TREND_WINDOW),
        measure: this.postMeasure(),
        order: 'desc',
        limit: this.limit(),
      };
    }

    if (handles.length >= 2 && (this.has('compare') || this.has('peers') || s.accounts.length >= 2)) {
      const m = this.measure();
      return {
        op: 'compare-accounts',
        filters: { window: this.windows().current ?? ALL_TIME },
        handles,
        measure: m && isPostMeasure(m) ? m : 'engagement',
      };
    }
    if (handles.length === 1 && (this.has('peers') || this.has('compare'))) {
      const m = this.measure();
      return {
        op: 'peers',
        filters: { window: this.windows().current ?? ALL_TIME },
        handle: handles[0],
        measure: m && isPostMeasure(m) ? m : 'engagement',
      };
    }
    if (!handles.length && this.has('peers') && p) {
      const top = p.focus.top?.kind === 'account' ? p.focus.top.value : p.focus.accounts[0];
      if (top) {
        this.usesPrevious = true;
        return { op: 'peers', filters: { window: ALL_TIME }, handle: top, measure: 'engagement' };
      }
    }
    if (this.cities.length >= 2 && this.has('compare')) {
      const measure = this.measure() ?? 'engagement';
      return {
        op: 'aggregate',
        filters: scope(ALL_TIME),
        measure,
        aggregation: this.aggregation(measure),
        by: 'city',
        order: 'desc',
        limit: 100,
      };
    }
    // "pizza posts vs burger posts": one value per cuisine, over posts about either.
    if (this.has('compare') && this.topics.length >= 2 && !handles.length) {
      const measure = this.measure() ?? 'engagement';
      const either: Topic = {
        label: this.topics.map((t) => t.label).join(' or '),
        terms: this.topics.flatMap((t) => t.terms),
      };
      return {
        op: 'aggregate',
        filters: { ...scope(ALL_TIME), topics: [either] },
        measure,
        aggregation: this.aggregation(measure),
        by: 'cuisine',
        order: 'desc',
        limit: 100,
      };
    }
    if (this.has('compare') && this.windows().previous) {
      // "compare this week to last week for houston": without a named ranking, the average post and the volume.
      const base = this.freshBase(scope, rankish) ?? {
        op: 'aggregate' as const,
        filters: scope(ALL_TIME),
        measure: this.measure() ?? 'engagement',
        aggregation: this.aggregation(this.measure() ?? 'engagement'),
        order: 'desc' as const,
        limit: 1,
      };
      if (base.op === 'top-posts' || base.op === 'aggregate' || base.op === 'trend') {
        return this.comparePeriods(base, this.windows().current, this.windows().previous!);
      }
    }

    if (handles.length === 1 && this.isProfileQuestion()) {
      return { op: 'profile', filters: { window: this.windows().current ?? ALL_TIME }, handle: handles[0] };
    }
    return this.freshBase(scope, rankish);
  }

  private isProfileQuestion(): boolean {
    const s = this.s;
    if (this.has('profile')) return true;
    // "how popular is @x", "how big is Rose City Donuts": a question about the account itself.
    if (s.question.tokens[0]?.text === 'how' && !s.entities.length && !this.has('count') && !this.has('compare'))
      return true;
    const m = this.measure();
    const asks = this.has('rank') || this.has('average') || this.has('total') || this.has('count') || this.has('trend');
    if (m === 'engagement_rate' && !asks) return true;
    if (m === 'followers' || m === 'posts_count') return !this.has('rank') || this.entity('accounts') === false;
    if (m === 'post_count' && this.has('count') && !s.windows.length) return true;
    return !this.operationCue && !s.measures.length && !this.entity('posts');
  }

  private aggregation(measure: MeasureId): Aggregation {
    if (measure === 'post_count') return 'count';
    if (this.has('total')) return 'sum';
    if (this.has('average')) return 'avg';
    if (this.has('count') && isPostMeasure(measure)) return 'sum';
    if (isAccountMeasure(measure)) return 'max';
    return 'avg';
  }

  /** Rankings, groupings and aggregates. */
  private freshBase(scope: (defaults: Window) => Filters, rankish: boolean): Plan | undefined {
    const s = this.s;
    const m = this.measure();
    const group = this.groupDimension(rankish);

    if (this.has('share')) {
      const whole = scope(ALL_TIME);
      const part = clean({
        ...(whole.hashtags ? { hashtags: whole.hashtags } : {}),
        ...(whole.topics ? { topics: whole.topics } : {}),
        ...(whole.creators ? { creators: whole.creators } : {}),
      });
      const hasPart = Object.keys(part).length > 0;
      return {
        op: 'share',
        filters: clean({
          ...whole,
          hashtags: undefined,
          topics: undefined,
          creators: undefined,
          cities: hasPart ? whole.cities : undefined,
        }),
        part: hasPart ? part : { cities: whole.cities },
        measure: m ?? 'post_count',
      };
    }

    if (group) {
      if (
        group === 'creator' &&
        (!m || isAccountMeasure(m) || m === 'engagement_rate') &&
        !this.has('average') &&
        !this.has('total') &&
        !(this.has('count') && !m)
      ) {
        return {
          op: 'rank-accounts',
          filters: scope(ALL_TIME),
          measure: m === 'posts_count' || m === 'engagement_rate' ? m : 'followers',
          order: this.order(),
          limit: this.limit(),
        };
      }
      // "how many restaurants are in Miami": a count of accounts.
      if (group === 'creator' && this.has('count') && !m) return countAccounts(scope(ALL_TIME));
      const measure = this.groupMeasure(group, m);
      const filters = scope(ALL_TIME);
      const previous = this.previous?.plan;
      const inherited = !m && this.usesPrevious && previous?.op === 'aggregate' ? previous.aggregation : undefined;
      return {
        op: 'aggregate',
        // A hashtag's or an account's average needs a few posts to mean anything.
        filters:
          (group === 'hashtag' || group === 'creator') && measure !== 'post_count'
            ? { ...filters, minPosts: 3 }
            : filters,
        measure,
        aggregation: inherited ?? this.aggregation(measure),
        by: group,
        order: this.order(),
        limit:
          s.limit !== undefined
            ? this.limit()
            : group === 'city' || group === 'weekday' || group === 'month' || group === 'week' || group === 'cuisine'
              ? 100
              : this.limit(),
      };
    }

    if (this.has('average') || this.has('total') || this.has('count')) {
      const measure = m ?? this.elidedMeasure() ?? (this.has('count') ? 'post_count' : 'engagement');
      if (this.entity('accounts') && !m && this.has('count')) return countAccounts(scope(ALL_TIME));
      if (!m && !this.elidedMeasure() && !this.has('count'))
        this.readings.push(`No measure named: ${MEASURES[measure].definition}.`);
      return {
        op: 'aggregate',
        filters: scope(ALL_TIME),
        measure,
        aggregation: this.aggregation(measure),
        order: 'desc',
        limit: 1,
      };
    }

    if (rankish || this.entity('posts') || (s.measures.length && !this.entity('accounts'))) {
      if (m && isAccountMeasure(m)) {
        return { op: 'rank-accounts', filters: scope(ALL_TIME), measure: m, order: this.order(), limit: this.limit() };
      }
      if (m === 'post_count') {
        return {
          op: 'aggregate',
          filters: scope(ALL_TIME),
          measure: 'post_count',
          aggregation: 'count',
          by: 'creator',
          order: this.order(),
          limit: this.limit(),
        };
      }
      if (!rankish && !this.entity('posts') && !this.hasFilterSlots()) return undefined;
      if (this.has('recent') && !this.s.measures.length && !this.has('rank'))
        return {
          op: 'top-posts',
          filters: scope(ALL_TIME),
          measure: 'engagement',
          order: 'desc',
          limit: this.limit(),
          sort: 'recent',
        };
      return {
        op: 'top-posts',
        filters: scope(ALL_TIME),
        measure: this.postMeasure(),
        order: this.order(),
        limit: this.limit(),
      };
    }
    return undefined;
  }

  private hasFilterSlots(): boolean {
    return Boolean(
      this.s.cities.length ||
      this.s.accounts.length ||
      this.s.topics.length ||
      this.s.hashtags.length ||
      this.s.windows.length,
    );
  }

  /** "which city has the highest average?": the measure the conversation was about. */
  private elidedMeasure(): MeasureId | undefined {
    const prev = this.previousMeasure();
    if (!prev || this.s.measures.length) return undefined;
    if (
      this.has('average') ||
      this.has('total') ||
      this.has('follow-up') ||
      /\b(that|this|it)\b/.test(this.s.question.normalised)
    ) {
      this.usesPrevious = true;
      return prev;
    }
    return undefined;
  }

  private groupMeasure(group: DimensionId, m: MeasureId | undefined): MeasureId {
    if (m) return m;
    const elided = this.elidedMeasure();
    if (elided) return elided;
    if (this.has('count')) return 'post_count';
    // "most used hashtags" count them; "best hashtags" rank their performance.
    if (
      group === 'hashtag' &&
      !this.has('viral') &&
      !this.has('average') &&
      !/\bbest\b/.test(this.s.question.normalised)
    )
      return 'post_count';
    if (group === 'creator' && !this.has('average')) return 'post_count';
    this.readings.push(`No measure named: ${MEASURES.engagement.definition}.`);
    return 'engagement';
  }

  /** What a ranking or aggregate is per: "per city", "which city", "which hashtags", "what day". */
  private groupDimension(rankish: boolean): DimensionId | undefined {
    const s = this.s;
    if (s.groupBy) return s.groupBy;
    // "compare average likes across cities": one value per city.
    if (
      this.has('all-cities') &&
      (this.has('compare') || /\bacross (?:the )?cities\b/.test(s.question.normalised)) &&
      (this.has('average') || this.has('total') || this.has('count') || this.has('compare'))
    )
      return 'city';
    const asks = rankish || this.has('average') || this.has('total') || this.has('count');
    if (!asks) return undefined;
    if (this.entity('cities')) return 'city';
    if (this.has('timing') || this.entity('weekdays')) return 'weekday';
    if (this.entity('cuisines')) return 'cuisine';
    if (this.entity('hashtags') && !this.hashtags.length) return 'hashtag';
    if (this.entity('accounts') && !this.entity('posts')) return 'creator';
    return undefined;
  }
}

/** How many accounts are in scope (followers counted per profile). */
function countAccounts(filters: Filters): Plan {
  return { op: 'aggregate', filters, measure: 'followers', aggregation: 'count', order: 'desc', limit: 1 };
}

function comparable(plan: Plan): Extract<Plan, { op: 'top-posts' | 'aggregate' | 'trend' }> | undefined {
  if (plan.op === 'top-posts' || plan.op === 'aggregate' || plan.op === 'trend') return plan;
  if (plan.op === 'compare-periods') return plan.base;
  return undefined;
}

/** Without a current window, a comparison with "last week" compares this week with it. */
function previousLength(previous: Window): Window {
  return previous.kind === 'rolling' ? { kind: 'rolling', days: previous.days, endsDaysAgo: 0 } : previous;
}

function withMeasure(plan: Plan, measure: MeasureId): Plan | undefined {
  switch (plan.op) {
    case 'top-posts':
      return isPostMeasure(measure) ? { ...plan, measure } : undefined;
    case 'rank-accounts':
      return measure === 'followers' || measure === 'posts_count' || measure === 'engagement_rate'
        ? { ...plan, measure }
        : undefined;
    case 'aggregate':
      return {
        ...plan,
        measure,
        aggregation: measure === 'post_count' ? 'count' : plan.aggregation === 'count' ? 'sum' : plan.aggregation,
      };
    case 'compare-periods': {
      const base = withMeasure(plan.base, measure);
      return base && (base.op === 'top-posts' || base.op === 'aggregate' || base.op === 'trend')
        ? { ...plan, base }
        : undefined;
    }
    case 'compare-accounts':
    case 'peers':
      return isPostMeasure(measure) ? { ...plan, measure } : undefined;
    case 'trend':
      return measure === 'likes' || measure === 'engagement' || measure === 'post_count'
        ? { ...plan, measure }
        : undefined;
    case 'drivers':
      return measure === 'likes' || measure === 'comments' || measure === 'engagement'
        ? { ...plan, measure }
        : undefined;
    default:
      return undefined;
  }
}

function clean<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  ) as T;
}

/** For answers: the absolute dates of a plan's window. */
export function planWindowText(plan: Plan, anchor: string): string {
  return windowText(resolveWindow(filtersOf(plan).window, anchor));
}
