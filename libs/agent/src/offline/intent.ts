import { type City, findCity } from './cities';

export type Metric = 'likes' | 'comments' | 'engagement';

export type Intent =
  | { kind: 'top-posts'; city?: City; metric: Metric; metricAssumed: boolean; limit: number; days?: number }
  | { kind: 'similar-text'; text: string; city?: City }
  | { kind: 'similar-previous' }
  | { kind: 'compare-previous-period'; days: number }
  | { kind: 'compare-account'; handle: string }
  | { kind: 'trending-hashtags'; city?: City; days: number }
  | { kind: 'success-factors'; topic: string; city?: City }
  | { kind: 'viral-content'; topic?: string; city?: City }
  | { kind: 'help'; reason?: string };

const STOP = new Set([
  'the',
  'a',
  'an',
  'my',
  'our',
  'some',
  'me',
  'of',
  'for',
  'in',
  'on',
  'about',
  'any',
  'food',
  'restaurant',
  'restaurants',
]);

/**
 * Deterministic intent parsing for the questions the product exists for and their natural paraphrases.
 * Pure string work: nothing here runs SQL or follows instructions found in the text.
 */
export function parseIntent(raw: string): Intent {
  const text = raw.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  const city = findCity(text);
  const quoted = /["'“‘]([^"'”’]{2,200})["'”’]/.exec(text)?.[1]?.trim();

  if (
    /\b(similar|like (these|those|them)|more like)\b/.test(lower) &&
    !quoted &&
    /\b(ones?|these|those|them|it|that)\b/.test(lower)
  ) {
    return { kind: 'similar-previous' };
  }
  if (
    /\b(compare|comparison|vs\.?|versus|how about|what about|against)\b/.test(lower) &&
    /\b(last|previous|prior) (week|month)\b/.test(lower) &&
    !/@/.test(lower)
  ) {
    return { kind: 'compare-previous-period', days: /\bmonth\b/.test(lower) ? 30 : 7 };
  }
  if (/\b(similar|resembl|look(s)? like|posts? like)\b/.test(lower)) {
    const unquoted = /\b(?:similar to|resembling|like)\s+(.{2,200}?)(?:\s+in\s+[a-z ]+)?[?.!]*$/i.exec(text)?.[1];
    const subject = quoted ?? unquoted;
    if (subject) return { kind: 'similar-text', text: subject, city };
  }
  const handle = /@([a-z0-9._]{1,30})/i.exec(text)?.[1];
  if (handle && /\b(compar\w*|competit\w*|rival\w*|vs\.?|versus|benchmark\w*|stack up|against|peers?)\b/i.test(lower)) {
    return { kind: 'compare-account', handle: handle.toLowerCase().replace(/\.+$/, '') };
  }
  if (/\b(trend|trending|hot|popular|top) (hash)?tags?\b|\btrending\b|\btrends?\b/.test(lower)) {
    return { kind: 'trending-hashtags', city, days: periodDays(lower) ?? 7 };
  }
  const success =
    /\bwhat makes (?:a |an )?(.+?) (?:posts?|content|photos?|reels?) (?:successful|work|perform|go viral|popular|good)/.exec(
      lower,
    ) ??
    /\bwhy do (.+?) (?:posts?|content) (?:work|perform|do well|succeed)/.exec(lower) ??
    /\b(?:how (?:do|can) (?:i|we) make|tips for|secrets? of|success factors for) (?:great |better |successful )?(.+?) (?:posts?|content)\b/.exec(
      lower,
    );
  if (success) {
    const topic = topicOf(success[1], city);
    if (topic) return { kind: 'success-factors', topic, city };
  }
  if (/\b(viral|blew up|went big|best performing|highest performing|most engaging)\b/.test(lower)) {
    const m =
      /\b(?:viral|best performing|highest performing|most engaging)\s+(.+?)\s*(?:content|posts?|photos?|reels?|videos?|$)/.exec(
        lower,
      );
    return { kind: 'viral-content', topic: m ? topicOf(m[1], city) : undefined, city };
  }
  if (
    /\b(top|best|most (liked|commented|engaging|popular)|highest|leading)\b/.test(lower) &&
    /\b(posts?|content|photos?)\b/.test(lower)
  ) {
    const n = Number(/\btop (\d{1,3})\b/.exec(lower)?.[1] ?? /\b(\d{1,3}) (?:best|top|most)\b/.exec(lower)?.[1] ?? 10);
    const metric: Metric | undefined = /\b(by |most )?likes?d?\b/.test(lower)
      ? 'likes'
      : /\b(by |most )?comment(s|ed)?\b/.test(lower)
        ? 'comments'
        : /\bengag/.test(lower)
          ? 'engagement'
          : undefined;
    return {
      kind: 'top-posts',
      city,
      metric: metric ?? 'engagement',
      metricAssumed: !metric,
      limit: Math.min(Math.max(n, 1), 50),
      days: periodDays(lower),
    };
  }
  return { kind: 'help' };
}

/** Window length a question names ("this week", "last 30 days", "this month"), or undefined. */
export function periodDays(lower: string): number | undefined {
  const n = /\b(?:last|past) (\d{1,3}) days?\b/.exec(lower)?.[1];
  if (n) return Math.min(Math.max(Number(n), 1), 365);
  if (/\b(this|last|past) week\b|\bweekly\b/.test(lower)) return 7;
  if (/\b(this|last|past) month\b|\bmonthly\b/.test(lower)) return 30;
  if (/\btoday\b/.test(lower)) return 1;
  return undefined;
}

function topicOf(phrase: string, city: City | undefined): string | undefined {
  let words = phrase
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !STOP.has(w));
  if (city) words = words.filter((w) => !city.aliases.includes(w));
  const topic = words.slice(0, 3).join(' ');
  return topic.length >= 2 ? topic : undefined;
}
