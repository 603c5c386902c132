import { weightedMedian } from './statistics.service';

describe('weightedMedian', () => {
  it('is the middle value of an odd count, the mean of the two middle ones of an even count', () => {
    expect(weightedMedian([{ value: 4, n: 1 }, { value: 1, n: 1 }, { value: 2, n: 1 }])).toBe(2);
    expect(weightedMedian([{ value: 1, n: 1 }, { value: 4, n: 1 }])).toBe(2.5);
  });

  it('weighs each value by how often it occurs', () => {
    // 1, 1, 1, 5, 9: the middle one is 1.
    expect(weightedMedian([{ value: 9, n: 1 }, { value: 1, n: 3 }, { value: 5, n: 1 }])).toBe(1);
    // 2 x 3 and 2 x 7: the two middle ones are 3 and 7.
    expect(weightedMedian([{ value: 7, n: 2 }, { value: 3, n: 2 }])).toBe(5);
  });

  it('is null without values', () => {
    expect(weightedMedian([])).toBeNull();
    expect(weightedMedian([{ value: 3, n: 0 }])).toBeNull();
  });
});
