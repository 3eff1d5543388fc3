import type { Window } from '../plan/plan';
import { isIsoDay, shiftDay } from '../plan/window';
import { type Question, numberOf, tokensInSpan, wordPattern } from './text';

export interface WindowMention {
  readonly window: Window;
  /** How the question said it, for the stated reading ("last week" -> the last 7 days). */
  readonly phrase: string;
  /** "last week" and "last month" mean the period just before the current one in a comparison. */
  readonly lastPeriod?: 'week' | 'month';
  /** "the week before", "the previous month": a period relative to another one. */
  readonly relative?: boolean;
  readonly tokens: readonly number[];
  readonly at: number;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_ABBREVIATIONS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  sept: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const UNIT_DAYS: Record<string, number> = { day: 1, week: 7, fortnight: 14, month: 30, year: 365 };
const NUMBER =
  '(\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|a|a couple of|couple of|a few|few)';

function monthIndex(word: string): number | undefined {
  const full = MONTHS.indexOf(word);
  if (full >= 0) return full;
  return MONTH_ABBREVIATIONS[word];
}

function count(word: string): number {
  if (/couple/.test(word)) return 2;
  if (/few/.test(word)) return 3;
  return numberOf(word) ?? 1;
}

function monthRange(month: number, year: number): { from: string; to: string } {
  const from = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);
  return { from, to };
}

interface Rule {
  readonly pattern: string;
  readonly read: (m: RegExpExecArray, anchor: string) => Omit<WindowMention, 'tokens' | 'at' | 'phrase'> | undefined;
}

const rolling = (days: number, endsDaysAgo = 0): Window => ({ kind: 'rolling', days, endsDaysAgo });

/** Window phrases, most specific first (overlapping later matches are dropped). */
const RULES: readonly Rule[] = [
  {
    pattern: `(?:from|between) (\\d{4}-\\d{2}-\\d{2}) (?:to|and|until|through|till) (\\d{4}-\\d{2}-\\d{2})`,
    read: (m) =>
      isIsoDay(m[1]) && isIsoDay(m[2])
        ? { window: { kind: 'range', from: m[1] < m[2] ? m[1] : m[2], to: m[1] < m[2] ? m[2] : m[1] } }
        : undefined,
  },
  {
    pattern: `since (\\d{4}-\\d{2}-\\d{2})`,
    read: (m, anchor) => (isIsoDay(m[1]) ? { window: { kind: 'range', from: m[1], to: anchor } } : undefined),
  },
  {
    pattern: `(?:on )?(\\d{4}-\\d{2}-\\d{2})`,
    read: (m) => (isIsoDay(m[1]) ? { window: { kind: 'range', from: m[1], to: m[1] } } : undefined),
  },
  {
    pattern: `(?:the )?(?:week before last|week before that|week before|previous week|prior week|week prior|preceding week|two weeks ago|2 weeks ago)`,
    read: () => ({ window: rolling(7, 7), relative: true }),
  },
  {
    pattern: `(?:the )?(?:month before last|month before that|month before|previous month|prior month|month prior|preceding month)`,
    read: () => ({ window: rolling(30, 30), relative: true }),
  },
  {
    pattern: `(?:in |over |during |for |within )?(?:the )?(?:last|past|previous|recent|prior) ${NUMBER} (day|days|week|weeks|fortnight|fortnights|month|months|year|years)`,
    read: (m) => {
      const unit = UNIT_DAYS[m[2].replace(/s$/, '')];
      return { window: rolling(Math.min(count(m[1]) * unit, 3650)) };
    },
  },
  {
    pattern: `${NUMBER} (day|days|week|weeks|month|months) ago`,
    read: (m) => {
      const unit = UNIT_DAYS[m[2].replace(/s$/, '')];
      const n = count(m[1]);
      return { window: rolling(unit, n * unit), relative: true };
    },
  },
  {
    pattern: `(?:in |over |during |for )?(?:the )?(?:last|past) (fortnight|two weeks)`,
    read: () => ({ window: rolling(14) }),
  },
  {
    // The latest Saturday and Sunday up to the anchor day.
    pattern: `(?:on |over |during |for )?(?:this|the|last|this past|the past|past) weekend`,
    read: (_, anchor) => {
      const day = new Date(`${anchor}T00:00:00Z`).getUTCDay(); // 0 = Sunday
      const sunday = day === 0 ? anchor : day === 6 ? shiftDay(anchor, 1) : shiftDay(anchor, -day);
      const saturday = shiftDay(sunday, -1);
      return { window: { kind: 'range', from: saturday, to: sunday > anchor ? anchor : sunday } };
    },
  },
  {
    pattern: `(?:in |over |during |for )?(?:this|the current|this past|the past|past|the last|over the last) week`,
    read: () => ({ window: rolling(7) }),
  },
  {
    pattern: `(?:in |over |during |for )?(?:this|the current|the last|last|the past|past) quarter|(?:in |over )?the last (?:3|three) months`,
    read: () => ({ window: rolling(90) }),
  },
  {
    pattern: `month to date|mtd|since the (?:start|beginning) of (?:the|this) month`,
    read: (_, anchor) => ({ window: { kind: 'range', from: `${anchor.slice(0, 8)}01`, to: anchor } }),
  },
  {
    pattern: `(?:in |over |during |for )?last (week|month)`,
    read: (m) => ({ window: rolling(m[1] === 'week' ? 7 : 30), lastPeriod: m[1] as 'week' | 'month' }),
  },
  {
    pattern: `(?:in |over |during |for )?(?:this|the current|this past|the past|past|the last|over the last) month`,
    read: () => ({ window: rolling(30) }),
  },
  {
    pattern: `(?:in |over |during |for )?(?:this|the past|past|the last) (?:year|12 months|twelve months)|year to date|ytd`,
    read: () => ({ window: rolling(365) }),
  },
  {
    pattern: `(?:in |during |for |throughout |of |since )?(january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)(?: (\\d{4}))?`,
    read: (m, anchor) => monthWindow(m[1], m[2], anchor),
  },
  {
    // "may" is a verb too: only as a month with a preposition or a year.
    pattern: `(?:in|during|throughout|since) (may)(?: (\\d{4}))?|(may) (\\d{4})`,
    read: (m, anchor) => monthWindow(m[1] ?? m[3], m[2] ?? m[4], anchor),
  },
  {
    pattern: `since (monday|tuesday|wednesday|thursday|friday|saturday|sunday)`,
    read: (m, anchor) => {
      const target = WEEKDAYS.indexOf(m[1]);
      const day = new Date(`${anchor}T00:00:00Z`);
      const back = (day.getUTCDay() + 6 - target) % 7; // getUTCDay: 0 = Sunday; WEEKDAYS: 0 = Monday
      return { window: { kind: 'range', from: shiftDay(anchor, -back), to: anchor } };
    },
  },
  { pattern: `today|so far today`, read: () => ({ window: rolling(1) }) },
  { pattern: `yesterday`, read: () => ({ window: rolling(1, 1) }) },
  {
    pattern: `right now|currently|at the moment|these days|nowadays|lately|recently|of late`,
    read: () => ({ window: rolling(7) }),
  },
  {
    pattern: `(?:of )?all time|ever|since the beginning|in history|historically|to date|so far|lifetime|all data|all the data|whole dataset|entire history|overall`,
    read: () => ({ window: { kind: 'all' } }),
  },
];

function monthWindow(word: string, yearText: string | undefined, anchor: string): { window: Window } | undefined {
  const month = monthIndex(word);
  if (month === undefined) return undefined;
  const anchorYear = Number(anchor.slice(0, 4));
  const anchorMonth = Number(anchor.slice(5, 7)) - 1;
  const year = yearText ? Number(yearText) : month <= anchorMonth ? anchorYear : anchorYear - 1;
  const range = monthRange(month, year);
  // A month that has not ended yet stops at the anchor day.
  return { window: { kind: 'range', from: range.from, to: range.to > anchor ? anchor : range.to } };
}

/** Every window the question names, in order of appearance. */
export function readWindows(question: Question, anchor: string, taken: ReadonlySet<number>): WindowMention[] {
  const found: WindowMention[] = [];
  const used = new Set<number>(taken);
  for (const rule of RULES) {
    for (const m of question.normalised.matchAll(wordPattern(rule.pattern))) {
      const tokens = tokensInSpan(question, m.index!, m.index! + m[0].length);
      if (!tokens.length || tokens.some((t) => used.has(t))) continue;
      const read = rule.read(m as RegExpExecArray, anchor);
      if (!read) continue;
      for (const t of tokens) used.add(t);
      found.push({ ...read, phrase: m[0], tokens, at: tokens[0] });
    }
  }
  // "overall" or "ever" next to a named window ("top rising hashtag overall this week") is not a window of its own.
  const named = found.filter((w) => w.window.kind !== 'all');
  return (named.length ? named : found).sort((a, b) => a.at - b.at);
}
