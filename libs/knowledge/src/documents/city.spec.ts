import { canonicalCity } from './city';

describe('canonicalCity (trends alias table)', () => {
  it.each([
    ['NYC', 'New York'],
    ['new york city', 'New York'],
    ['  Manhattan ', 'New York'],
    ['San-Francisco', 'San Francisco'],
    ['LOS ANGELES', 'Los Angeles'],
    ['montréal', 'Montréal'],
    ['PORTLAND', 'Portland'],
  ])('%p -> %p', (input, expected) => expect(canonicalCity(input)).toBe(expected));

  it('has no city for blank input', () => {
    expect(canonicalCity(' - ')).toBeUndefined();
    expect(canonicalCity(null)).toBeUndefined();
  });
});
