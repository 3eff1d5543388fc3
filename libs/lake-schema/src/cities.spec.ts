import { CITIES, canonicalCity, findCityInText, knownCity, normaliseCityText } from './cities';

describe('cities', () => {
  it.each([
    ['NEW YORK', 'New York'],
    ['new york', 'New York'],
    ['NY', 'New York'],
    ['Ny', 'New York'],
    ['Manhattan', 'New York'],
    ['New-York  City!', 'New York'],
    ['SAN FRANCISCO', 'San Francisco'],
    ['San Fran', 'San Francisco'],
    ['SAN FRAN', 'San Francisco'],
    ['NOLA', 'New Orleans'],
    ['Chi-town', 'Chicago'],
    ['beantown', 'Boston'],
    ['St. Louis', 'St. Louis'],
    ['montreal', 'Montréal'],
    ['são paulo', 'São Paulo'],
    ['springfield', 'Springfield'],
    ['  saint   paul ', 'Saint Paul'],
    ['winston-salem', 'Winston Salem'],
    ['Manhattan, NY', 'New York'],
    ['Brooklyn, New York', 'New York'],
    ['LA, CA', 'Los Angeles'],
    ['San Francisco, CA 94110', 'San Francisco'],
    ['springfield, ma', 'Springfield'],
    [', ', undefined],
  ])('canonicalCity(%j) is %j', (raw, expected) => {
    expect(canonicalCity(raw)).toBe(expected);
  });

  it('has no city for blank or punctuation-only values', () => {
    expect(canonicalCity(null)).toBeUndefined();
    expect(canonicalCity('   ')).toBeUndefined();
    expect(canonicalCity('--')).toBeUndefined();
  });

  it('knows a value only when the whole value is an alias', () => {
    expect(knownCity('nyc')?.name).toBe('New York');
    expect(knownCity('pizza nyc')).toBeUndefined();
  });

  it.each([
    ['pizza nyc', 'New York'],
    ['best tacos in san diego', 'San Diego'],
    ['ramen SEATTLE', 'Seattle'],
    ['chicago pizza in new york', 'Chicago'],
    ['new york city bagels', 'New York'],
    ['bbq', undefined],
    ['seafood', undefined],
  ])('findCityInText(%j) names %j', (text, expected) => {
    expect(findCityInText(text)?.city.name).toBe(expected);
  });

  it('reads ambiguous aliases in text only when asked, and prefers an unambiguous one anywhere', () => {
    expect(findCityInText('tacos la')).toBeUndefined();
    expect(findCityInText('tacos la', { allowAmbiguous: true })?.city.name).toBe('Los Angeles');
    expect(findCityInText('sea bass miami', { allowAmbiguous: true })?.city.name).toBe('Miami');
  });

  it('keeps every alias normalised and owned by one city', () => {
    const owners = new Map<string, string>();
    for (const c of CITIES) {
      for (const alias of c.aliases) {
        expect(normaliseCityText(alias)).toBe(alias);
        expect(owners.get(alias) ?? c.name).toBe(c.name);
        owners.set(alias, c.name);
      }
      for (const alias of c.ambiguous ?? []) expect(c.aliases).toContain(alias);
    }
  });
});
