/**
 * City names as marketers, scrapers and search terms write them, mapped to one canonical name.
 * Shared by trends (filters), knowledge (document metadata) and the query layer, so "NYC", "new york city"
 * and "Manhattan" all filter the same posts. Keys are lower-case, words separated by single spaces.
 */
export const CITY_ALIASES: Readonly<Record<string, string>> = {
  'new york': 'New York',
  'new york city': 'New York',
  nyc: 'New York',
  ny: 'New York',
  manhattan: 'New York',
  brooklyn: 'New York',
  'san francisco': 'San Francisco',
  sf: 'San Francisco',
  sanfrancisco: 'San Francisco',
  'bay area': 'San Francisco',
  chicago: 'Chicago',
  chi: 'Chicago',
  chitown: 'Chicago',
  austin: 'Austin',
  atx: 'Austin',
  'los angeles': 'Los Angeles',
  la: 'Los Angeles',
  losangeles: 'Los Angeles',
  miami: 'Miami',
  mia: 'Miami',
  'miami beach': 'Miami',
  seattle: 'Seattle',
  boston: 'Boston',
  philadelphia: 'Philadelphia',
  philly: 'Philadelphia',
  houston: 'Houston',
  dallas: 'Dallas',
  'washington dc': 'Washington',
  dc: 'Washington',
  'new orleans': 'New Orleans',
  nola: 'New Orleans',
  'las vegas': 'Las Vegas',
  vegas: 'Las Vegas',
  portland: 'Portland',
  denver: 'Denver',
  atlanta: 'Atlanta',
  london: 'London',
  paris: 'Paris',
  toronto: 'Toronto',
};

/** Lower-case, accents and punctuation folded to spaces: the form CITY_ALIASES keys use. */
export function normaliseCityText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Canonical city for a name as written (`"NYC"`, `"new york city"`, `"Manhattan"` -> `"New York"`).
 * Unknown names keep their own words in title case, so two spellings of an unlisted city still agree.
 */
export function canonicalCity(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const key = normaliseCityText(value);
  if (!key) return undefined;
  return CITY_ALIASES[key] ?? key.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

/**
 * The city a free-text search term names (`"best pizza nyc"` -> `"New York"`): the longest alias found as
 * whole words; undefined when none is named.
 */
export function cityNamedIn(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const padded = ` ${normaliseCityText(text)} `;
  let best: { alias: string; city: string } | undefined;
  for (const [alias, city] of Object.entries(CITY_ALIASES)) {
    if (padded.includes(` ${alias} `) && (!best || alias.length > best.alias.length)) best = { alias, city };
  }
  return best?.city;
}
