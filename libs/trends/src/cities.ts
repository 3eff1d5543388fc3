/** A city and the spellings people, profiles and search terms use for it. */
export interface CityAliases {
  readonly name: string;
  /** Normalised (lower-case, words separated by single spaces) spellings, the name included. */
  readonly aliases: readonly string[];
}

/** The one alias table: filters match any of these, case- and punctuation-insensitively. */
export const CITY_ALIASES: readonly CityAliases[] = [
  { name: 'New York', aliases: ['new york', 'new york city', 'nyc', 'ny', 'manhattan', 'brooklyn'] },
  { name: 'San Francisco', aliases: ['san francisco', 'sf', 'san fran'] },
  { name: 'Los Angeles', aliases: ['los angeles', 'la', 'l a'] },
  { name: 'Chicago', aliases: ['chicago', 'chi town', 'chitown'] },
  { name: 'Austin', aliases: ['austin', 'atx'] },
  { name: 'Miami', aliases: ['miami'] },
  { name: 'Seattle', aliases: ['seattle'] },
  { name: 'Boston', aliases: ['boston'] },
  { name: 'Washington', aliases: ['washington dc', 'washington d c', 'dc', 'd c'] },
  { name: 'London', aliases: ['london', 'ldn'] },
  { name: 'Paris', aliases: ['paris'] },
];

/** Lower-case, every run of non-letters/digits becomes one space: "New-York City!" -> "new york city". */
export function normaliseCityText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The city a name or alias refers to; an unknown name stands for itself (matched as written, normalised). */
export function resolveCity(input: string): CityAliases {
  const wanted = normaliseCityText(input);
  const known = CITY_ALIASES.find((c) => normaliseCityText(c.name) === wanted || c.aliases.includes(wanted));
  return known ?? { name: input.trim(), aliases: [wanted] };
}
