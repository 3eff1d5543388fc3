import { canonicalCity, cityNamedIn } from './city-aliases';

describe('city aliases', () => {
  it.each([
    ['NYC', 'New York'],
    ['new york city', 'New York'],
    ['  Manhattan ', 'New York'],
    ['San-Francisco', 'San Francisco'],
    ['LOS ANGELES', 'Los Angeles'],
    ['Montréal', 'Montreal'],
  ])('canonicalCity(%p) = %p', (input, expected) => {
    expect(canonicalCity(input)).toBe(expected);
  });

  it('has no city for blank input', () => {
    expect(canonicalCity('  ')).toBeUndefined();
    expect(canonicalCity(null)).toBeUndefined();
  });

  it('finds the longest city named as whole words in a search term', () => {
    expect(cityNamedIn('best pizza nyc')).toBe('New York');
    expect(cityNamedIn('brunch in new york city')).toBe('New York');
    expect(cityNamedIn('tacos los angeles')).toBe('Los Angeles');
    expect(cityNamedIn('lasagna recipes')).toBeUndefined(); // "la" only as a whole word
    expect(cityNamedIn(undefined)).toBeUndefined();
  });
});
