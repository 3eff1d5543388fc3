import { CAPTION_CLOSERS, CAPTION_OPENERS, CITIES, City, Theme, THEMES } from './catalog';
import { SeededRandom } from './random';

export interface SampleDataOptions {
  /** Number of post rows (100 .. 5,000,000). */
  readonly posts: number;
  readonly seed?: number;
  /** Dates are generated relative to this day (default: today, UTC). */
  readonly today?: Date;
  /** Days of history (default 90). */
  readonly days?: number;
  /**
   * Share of deliberately messy values, as real scrapers write them: formatted counts, hidden likes (-1), null tokens
   * (n/a), ISO days, epoch seconds and month-name dates ("November 24, 2026"), and a few bad rows (a year alone).
   */
  readonly messiness?: number;
}

export interface Restaurant {
  readonly name: string;
  readonly city: City;
  readonly theme: Theme;
  readonly handle: string;
  readonly phone: string | null;
  readonly followers: number;
  readonly posts: number;
}

const HEADER_POSTS =
  'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url,status';
const HEADER_RESTAURANTS = 'restaurant_name,city,phone,instagram_handle,followers,posts,bio,website,status';

/** CSV field quoting (RFC 4180). */
function q(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function formatFollowers(n: number, rnd: SeededRandom): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${(n / 1000).toFixed(1)}K`;
  return rnd.chance(0.5) ? n.toLocaleString('en-US') : String(n);
}

/** Restaurants, including the two the docs talk about: @joes_pizza and @italian_kitchen in New York. */
export function generateRestaurants(count: number, seed = 42): Restaurant[] {
  const rnd = new SeededRandom(seed ^ 0x5eed);
  const nyc = CITIES[0];
  const list: Restaurant[] = [
    {
      name: "Joe's Pizza",
      city: nyc,
      theme: THEMES[0],
      handle: 'joes_pizza',
      phone: '212-555-0101',
      followers: 125_000,
      posts: 1480,
    },
    {
      name: 'Italian Kitchen',
      city: nyc,
      theme: THEMES[1],
      handle: 'italian_kitchen',
      phone: '212-555-0142',
      followers: 48_200,
      posts: 820,
    },
  ];
  const used = new Set(list.map((r) => r.handle));
  for (let i = 0; list.length < Math.max(count, 2); i++) {
    const city = rnd.pick(CITIES);
    const theme = rnd.pick(THEMES);
    const base = `${rnd.pick(['golden', 'little', 'urban', 'corner', 'mama', 'blue', 'north', 'salt', 'ember', 'olive'])} ${rnd.pick(theme.names)}`;
    const handle = `${base.toLowerCase().replace(/[^a-z]+/g, '_')}_${city.tag}${i}`;
    if (used.has(handle)) continue;
    used.add(handle);
    list.push({
      name: base.replace(/\b\w/g, (c) => c.toUpperCase()),
      city,
      theme,
      handle,
      phone: rnd.chance(0.85) ? `${city.areaCode}-555-${String(rnd.int(100, 9999)).padStart(4, '0')}` : null,
      followers: rnd.pareto(2000),
      posts: rnd.int(20, 3000),
    });
  }
  return list;
}

export function restaurantsCsv(restaurants: readonly Restaurant[], seed = 42): string {
  const rnd = new SeededRandom(seed ^ 0xfeed);
  const lines = [HEADER_RESTAURANTS];
  for (const r of restaurants) {
    const bio = `${r.theme.cuisine[0].toUpperCase()}${r.theme.cuisine.slice(1)} in ${r.city.name} 🍽️${r.phone && rnd.chance(0.3) ? ` Call ${r.phone}` : ''}`;
    lines.push(
      [
        q(r.name),
        q(r.city.name),
        r.phone ?? '',
        rnd.chance(0.5) ? `@${r.handle}` : r.handle,
        q(formatFollowers(r.followers, rnd)),
        String(r.posts),
        q(bio),
        `https://${r.handle.replace(/_/g, '')}.example.com`,
        'success',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "November 24, 2026", as the seed scraper writes posted_date. */
function monthNameDay(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Posts as chunks of CSV text (so millions of rows never sit in one string). Deterministic for a seed.
 * A post's creator is a restaurant (80%) or a food blogger whose city is in the search term.
 */
export function* postsCsvChunks(options: SampleDataOptions, restaurants: readonly Restaurant[]): Generator<string> {
  const seed = options.seed ?? 42;
  const rnd = new SeededRandom(seed);
  const today = options.today ?? new Date();
  const days = options.days ?? 90;
  const mess = options.messiness ?? 0.01;
  const dayMs = 86_400_000;
  const todayMs = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const bloggers = Array.from(
    { length: 40 },
    (_, i) =>
      `${rnd.pick(['eats', 'foodie', 'hungry', 'bites', 'tastes'])}_with_${rnd.pick(['sam', 'alex', 'jo', 'mia', 'lee', 'kai'])}${i}`,
  );
  let buffer = `${HEADER_POSTS}\n`;
  let previous = '';
  for (let i = 0; i < options.posts; i++) {
    // A few exact re-scrapes of the previous row: duplicates the lake must drop.
    if (previous && rnd.chance(mess / 2)) {
      buffer += previous;
      if (buffer.length > 1 << 20) {
        yield buffer;
        buffer = '';
      }
      continue;
    }
    const byRestaurant = rnd.chance(0.8);
    const r = rnd.pick(restaurants);
    const city = byRestaurant ? r.city : rnd.pick(CITIES);
    const theme = byRestaurant ? r.theme : rnd.pick(THEMES);
    const creator = byRestaurant ? (rnd.chance(0.7) ? `@${r.handle}` : r.handle) : `@${rnd.pick(bloggers)}`;
    const age = Math.floor(Math.pow(rnd.next(), 1.3) * days);
    const date = new Date(todayMs - age * dayMs + rnd.int(0, dayMs - 1));
    const dish = rnd.pick(theme.dishes);
    const tags = new Set<string>([theme.tags[0], rnd.pick(theme.tags), city.tag]);
    const rising = age < 7 && rnd.chance(0.5);
    if (rising) tags.add(city.risingTag);
    if (rnd.chance(0.2)) tags.add('foodie');
    const hashtagText = [...tags].map((t) => `#${t}`).join(' ');
    // Engagement: heavy tail, weekends and rising tags do better, big accounts get more.
    const weekend = [0, 6].includes(date.getUTCDay());
    const scale = (byRestaurant ? Math.sqrt(r.followers) : 60) * (weekend ? 1.4 : 1) * (rising ? 1.8 : 1);
    let likes = rnd.pareto(scale);
    const comments = Math.floor(likes * (0.02 + rnd.next() * 0.05));
    if (byRestaurant && r.handle === 'joes_pizza') likes += 500;
    const caption = `${rnd.pick(CAPTION_OPENERS)} ${dish} in ${city.name}! ${rnd.chance(0.5) ? `#${city.risingTag === rnd.pick(theme.tags) ? city.tag : theme.tags[0]} ` : ''}${rnd.pick(CAPTION_CLOSERS)}${rnd.chance(0.05) ? '\nSecond line with more details ✨' : ''}`;
    const image = rnd.chance(0.9) ? rnd.pick(theme.images) : '';
    const id = `C${(seed % 1000).toString(36)}${i.toString(36).padStart(7, '0')}`;
    let likesText = String(likes);
    let dateText = date.toISOString().slice(0, 19) + 'Z';
    if (rnd.chance(mess)) likesText = likes >= 1000 ? `${(likes / 1000).toFixed(1)}K` : likes.toLocaleString('en-US');
    if (rnd.chance(mess / 4)) likesText = '-1';
    // Variants are picked by row number, not by the random stream, so every other value stays as it was.
    if (rnd.chance(mess))
      dateText = rnd.chance(0.5)
        ? i % 2
          ? isoDay(date)
          : q(monthNameDay(date))
        : String(Math.floor(date.getTime() / 1000));
    if (rnd.chance(mess / 20)) {
      likesText = 'n/a';
      if (i % 2 === 0) dateText = String(date.getUTCFullYear()); // a year alone: rejected with its reason
    }
    const line =
      [
        id,
        q(`${theme.cuisine} ${city.searchName}`),
        creator,
        dateText,
        q(likesText),
        String(comments),
        q(hashtagText),
        q(caption),
        q(image),
        `https://www.instagram.com/p/${id}/`,
        'success',
      ].join(',') + '\n';
    previous = line;
    buffer += line;
    if (buffer.length > 1 << 20) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}
