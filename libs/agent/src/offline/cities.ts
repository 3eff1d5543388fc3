/** A city the agent can name, with the aliases people and scrapers use for it. */
export interface City {
  readonly name: string;
  readonly short: string;
  /** Lower-case spellings matched in questions, profile cities and search terms. */
  readonly aliases: readonly string[];
}

export const CITIES: readonly City[] = [
  { name: 'New York', short: 'NYC', aliases: ['new york', 'new york city', 'nyc', 'ny', 'manhattan', 'brooklyn'] },
  { name: 'San Francisco', short: 'SF', aliases: ['san francisco', 'sf', 'san fran', 'frisco'] },
  { name: 'Los Angeles', short: 'LA', aliases: ['los angeles', 'la', 'l.a.'] },
  { name: 'Chicago', short: 'CHI', aliases: ['chicago', 'chi'] },
  { name: 'Miami', short: 'MIA', aliases: ['miami'] },
  { name: 'Austin', short: 'ATX', aliases: ['austin', 'atx'] },
  { name: 'Seattle', short: 'SEA', aliases: ['seattle'] },
  { name: 'Boston', short: 'BOS', aliases: ['boston'] },
  { name: 'London', short: 'LDN', aliases: ['london', 'ldn'] },
  { name: 'Paris', short: 'PAR', aliases: ['paris'] },
];

/** Aliases that are ordinary words too: only accepted in upper case or after "in". */
const AMBIGUOUS = new Set(['la', 'ny', 'chi', 'sf']);

/** Finds the city a question names (first mention wins), or undefined. */
export function findCity(text: string): City | undefined {
  const lower = text.toLowerCase();
  let best: { city: City; at: number } | undefined;
  for (const city of CITIES) {
    for (const alias of city.aliases) {
      const re = new RegExp(`(^|[^a-z])${alias.replace(/\./g, '\\.')}($|[^a-z])`, 'g');
      for (let m = re.exec(lower); m; m = re.exec(lower)) {
        const at = m.index + m[1].length;
        if (AMBIGUOUS.has(alias)) {
          const original = text.slice(at, at + alias.length);
          const before = lower.slice(0, at);
          if (original !== original.toUpperCase() && !/\b(in|for|around)\s+$/.test(before)) continue;
        }
        if (!best || at < best.at) best = { city, at };
      }
    }
  }
  return best?.city;
}

export function cityByName(name: string): City | undefined {
  const lower = name.trim().toLowerCase();
  return CITIES.find((c) => c.name.toLowerCase() === lower || c.aliases.includes(lower));
}
