/**
 * The one definition of cities: canonical names and the spellings scrapers, profiles, search terms and people use
 * for them. Ingestion computes a canonical city from it once; trends, the knowledge base and the agent use it (in
 * JavaScript and, through the SQL builders below, in DuckDB) and keep no table of their own.
 */
export interface CityDefinition {
  /** Canonical name, as answers and documents show it. */
  readonly name: string;
  /** Normalised spellings (see normaliseCityText), the name's own included. */
  readonly aliases: readonly string[];
  /**
   * Aliases that are also ordinary words or initials ("la", "sea", "chi"): a whole scraped city cell may use them,
   * but inside free text (questions, search terms) they count only when nothing unambiguous is named.
   */
  readonly ambiguous?: readonly string[];
}

const city = (name: string, aliases: readonly string[], ambiguous: readonly string[] = []): CityDefinition => ({
  name,
  aliases: [...new Set([normaliseCityText(name), ...aliases.map(normaliseCityText), ...ambiguous])],
  ambiguous,
});

export const CITIES: readonly CityDefinition[] = [
  city(
    'New York',
    ['new york city', 'nyc', 'manhattan', 'brooklyn', 'queens', 'the bronx', 'bronx', 'big apple', 'the big apple'],
    ['ny'],
  ),
  city('Los Angeles', ['l a', 'city of angels'], ['la']),
  city('San Francisco', ['san fran', 'frisco'], ['sf']),
  city('Chicago', ['chi town', 'chitown', 'windy city', 'the windy city'], ['chi']),
  city('Houston', ['htx', 'h town', 'htown']),
  city('Phoenix', ['phx']),
  city('Philadelphia', ['philly', 'phl']),
  city('San Antonio', ['satx']),
  city('San Diego', ['sdg'], ['sd']),
  city('Dallas', ['dfw', 'big d']),
  city('Austin', ['atx']),
  city('San Jose', [], ['sj']),
  city('Jacksonville', [], ['jax']),
  city('Fort Worth', ['ft worth']),
  city('Columbus', []),
  city('Charlotte', ['clt']),
  city('Indianapolis', [], ['indy']),
  city('Seattle', ['emerald city'], ['sea']),
  city('Denver', ['mile high city']),
  city('Washington', ['washington dc', 'washington d c', 'd c', 'district of columbia'], ['dc']),
  city('Boston', ['beantown', 'bean town'], ['bos']),
  city('Nashville', ['music city', 'nashvegas'], ['nash']),
  city('Detroit', ['motor city', 'motown']),
  city('Oklahoma City', ['okc']),
  city('Portland', ['pdx']),
  city('Las Vegas', ['sin city', 'lv'], ['vegas']),
  city('Memphis', []),
  city('Louisville', []),
  city('Baltimore', ['bmore', 'charm city']),
  city('Milwaukee', []),
  city('Albuquerque', ['abq']),
  city('Tucson', []),
  city('Sacramento', ['sactown'], ['sac']),
  city('Kansas City', [], ['kc']),
  city('Atlanta', ['atl', 'hotlanta']),
  city('Miami', ['mia', 'magic city']),
  city('Raleigh', []),
  city('Minneapolis', ['mpls']),
  city('Tampa', []),
  city('New Orleans', ['nola', 'big easy', 'the big easy']),
  city('Cleveland', []),
  city('Honolulu', []),
  city('Pittsburgh', ['pgh']),
  city('St. Louis', ['saint louis', 'st louis', 'stl']),
  city('Cincinnati', ['cincy']),
  city('Orlando', []),
  city('Salt Lake City', ['slc']),
  city('Charleston', []),
  city('Savannah', []),
  city('Oakland', []),
  city('Toronto', ['the 6ix'], ['the six']),
  city('Montréal', ['mtl']),
  city('Vancouver', []),
  city('Mexico City', ['cdmx']),
  city('London', ['ldn']),
  city('Paris', []),
  city('Rome', ['roma']),
  city('Barcelona', ['bcn']),
  city('Madrid', []),
  city('Berlin', []),
  city('Amsterdam', []),
  city('Lisbon', ['lisboa']),
  city('Tokyo', []),
  city('Sydney', []),
  city('Melbourne', []),
  city('Singapore', []),
  city('Hong Kong', [], ['hk']),
  city('Dubai', []),
];

/** Lower-case, accents stripped, every run of characters that are not letters or digits becomes one space. */
export function normaliseCityText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "saint   paul" -> "Saint Paul", "são paulo" -> "São Paulo": how a city missing from the table is stored and shown. */
export function titleCaseCity(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

const BY_ALIAS: ReadonlyMap<string, CityDefinition> = new Map(CITIES.flatMap((c) => c.aliases.map((a) => [a, c])));

/** The known city a whole value names (any alias, any case or punctuation), or undefined. */
export function knownCity(value: string | null | undefined): CityDefinition | undefined {
  return value == null ? undefined : BY_ALIAS.get(normaliseCityText(value));
}

/**
 * The canonical city of a scraped city value: the table's name for a known spelling ("NY", "Manhattan" -> "New York"),
 * else the known city the value names ("Manhattan, NY", "Brooklyn, New York" -> "New York"; initials count here,
 * "LA, CA" -> "Los Angeles"), else the value's words before any comma title-cased ("springfield, ma" ->
 * "Springfield"); undefined when blank. canonicalCitySql is its DuckDB twin.
 */
export function canonicalCity(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const normalised = normaliseCityText(value);
  if (normalised === '') return undefined;
  const known = BY_ALIAS.get(normalised) ?? findCityInText(value, { allowAmbiguous: true })?.city;
  if (known) return known.name;
  const head = value.split(',')[0];
  return titleCaseCity(normaliseCityText(head) === '' ? value : head);
}

export interface CityMention {
  readonly city: CityDefinition;
  /** The alias matched, normalised. */
  readonly alias: string;
  readonly ambiguous: boolean;
}

/**
 * The city named inside free text ("pizza nyc", "best tacos in san diego"): whole words only; the leftmost
 * unambiguous alias wins (the longest at that place), and only when there is none (and `allowAmbiguous`), the
 * leftmost ambiguous one. Undefined when none. cityInTextSql is its DuckDB twin.
 */
export function findCityInText(text: string, options: { allowAmbiguous?: boolean } = {}): CityMention | undefined {
  const padded = ` ${normaliseCityText(text)} `;
  let best: (CityMention & { at: number }) | undefined;
  for (const c of CITIES) {
    for (const alias of c.aliases) {
      const at = padded.indexOf(` ${alias} `);
      if (at < 0) continue;
      const ambiguous = c.ambiguous?.includes(alias) ?? false;
      if (ambiguous && !options.allowAmbiguous) continue;
      const better =
        !best ||
        (best.ambiguous && !ambiguous) ||
        (best.ambiguous === ambiguous && (at < best.at || (at === best.at && alias.length > best.alias.length)));
      if (better) best = { city: c, alias, ambiguous, at };
    }
  }
  return best && { city: best.city, alias: best.alias, ambiguous: best.ambiguous };
}

// ---- DuckDB SQL builders (values are this module's own constants; `expr` is a column expression of ours). ----

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** DuckDB twin of normaliseCityText. */
export function normaliseCityTextSql(expr: string): string {
  return `trim(regexp_replace(lower(strip_accents(${expr})), '[^\\p{L}\\p{N}]+', ' ', 'g'))`;
}

/** DuckDB twin of titleCaseCity. */
export function titleCaseCitySql(expr: string): string {
  const words = `string_split(regexp_replace(lower(${expr}), '[^\\p{L}\\p{N}]+', ' ', 'g'), ' ')`;
  return `array_to_string(list_transform(list_filter(${words}, lambda w: w <> ''), lambda w: upper(w[1]) || w[2:]), ' ')`;
}

/** A DuckDB MAP literal alias -> canonical name, for lookups by normalised text. */
export function cityAliasMapSql(): string {
  const entries = [...BY_ALIAS].map(([alias, c]) => `${sqlString(alias)}: ${sqlString(c.name)}`);
  return `MAP {${entries.join(', ')}}`;
}

/** DuckDB twin of canonicalCity: NULL for blank values. */
export function canonicalCitySql(expr: string): string {
  const key = normaliseCityTextSql(expr);
  const head = `CASE WHEN ${normaliseCityTextSql(`split_part(${expr}, ',', 1)`)} = '' THEN ${expr} ELSE split_part(${expr}, ',', 1) END`;
  return `CASE WHEN ${key} = '' OR ${expr} IS NULL THEN NULL ELSE coalesce(${cityAliasMapSql()}[${key}], ${cityInTextSql(expr, { allowAmbiguous: true })}, ${titleCaseCitySql(head)}) END`;
}

/** An RE2 alternation of aliases, longest first, matching whole words of normalised text. */
function aliasPattern(aliases: readonly string[]): string {
  const sorted = [...aliases].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return `(?:^| )(${sorted.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?: |$)`;
}

/**
 * DuckDB twin of findCityInText(text).city.name (NULL when no city is named): RE2 takes the leftmost match and, at
 * one place, the first alternative, so the alternation lists longer aliases first.
 */
export function cityInTextSql(expr: string, options: { allowAmbiguous?: boolean } = {}): string {
  const key = normaliseCityTextSql(expr);
  const clear = CITIES.flatMap((c) => c.aliases.filter((a) => !c.ambiguous?.includes(a)));
  const lookups = [`${cityAliasMapSql()}[nullif(regexp_extract(${key}, ${sqlString(aliasPattern(clear))}, 1), '')]`];
  if (options.allowAmbiguous) {
    const vague = CITIES.flatMap((c) => c.ambiguous ?? []);
    lookups.push(`${cityAliasMapSql()}[nullif(regexp_extract(${key}, ${sqlString(aliasPattern(vague))}, 1), '')]`);
  }
  return `coalesce(${lookups.join(', ')})`;
}
