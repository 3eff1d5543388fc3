import { percentile, summarize } from './stats';

describe('benchmark statistics', () => {
  it('uses nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });
  it('refuses empty samples and out-of-range percentiles', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow('within 0..100');
  });
  it('summarises a sample', () => {
    expect(summarize([1, 2, 3, 4])).toEqual({ n: 4, p50: 2, p99: 4, min: 1, max: 4, mean: 2.5 });
  });
});
