import { formatUtc } from '../../src/formatUtc';
import { clockTime } from '../../src/render/svg';

describe('clockTime (the picture’s fast time of day)', () => {
  it('writes what date-fns writes in UTC, for whole and fractional seconds, before 1970 and in far years', () => {
    const times = [0, 999, 1_000, 61_001, 86_399_999, -1, -86_400_000, 1_704_067_205_000, 1_704_067_205_250, 999.7, 253_402_300_799_999, 4e15, -4e15, -62_198_755_200_000];
    expect(times.map(clockTime)).toEqual(times.map((t) => formatUtc(t, t % 1000 === 0 ? 'HH:mm:ss' : 'HH:mm:ss.SSS')));
  });
});
