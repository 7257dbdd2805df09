/**
 * The timeline every wait on RxJS's own schedulers reads (`agreedTime` in waitLoop.ts):
 * the time `Date` and the monotonic clock agree on. Each rule of its comment, fed exact
 * readings of both clocks (`Date` as the argument, `performance.now()` stubbed). The
 * module is loaded afresh for each case, as the timeline is module state.
 */
type AgreedTime = (wall: number) => number;

let mono = 0;

/** A fresh timeline, anchored at wall 1,000,000 and mono 500 (the first reading parts from zero). */
function timeline(): { read: (wallStep: number, monoStep: number) => number } {
  let agreedTime!: AgreedTime;
  jest.isolateModules(() => {
    ({ agreedTime } = jest.requireActual<{ agreedTime: AgreedTime }>('../src/internal/waitLoop'));
  });
  let wall = 1_000_000;
  mono = 500;
  const origin = agreedTime(wall);
  return {
    /** Moves both clocks by their steps, reads the timeline: the time since the anchor. */
    read: (wallStep, monoStep) => {
      wall += wallStep;
      mono += monoStep;
      return agreedTime(wall) - origin;
    },
  };
}

beforeEach(() => {
  jest.spyOn(performance, 'now').mockImplementation(() => mono);
});

afterEach(() => jest.restoreAllMocks());

describe('the timeline Date and the monotonic clock agree on', () => {
  it('should advance with both clocks when they move together', () => {
    const t = timeline();
    expect([t.read(10, 10), t.read(0, 0), t.read(250, 250)]).toEqual([10, 10, 260]);
  });

  it('should not let rounding accumulate: Date in whole ms, the monotonic clock in fractions', () => {
    // real time moves 1.5 ms a reading; Date shows it floored, so it steps 1, 2, 1, 2, ...
    const t = timeline();
    const seen = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2].map((wallStep) => t.read(wallStep, 1.5));
    expect(seen).toEqual([1, 3, 4, 6, 7, 9, 10, 12, 13, 15]);
  });

  it('should take the lesser span while they agree within 2 ms', () => {
    const t = timeline();
    // Date 1.5 ms ahead of the monotonic clock, then level, then 0.5 ms behind: the lesser counts
    expect(t.read(5, 3.5)).toBe(3);
    expect(t.read(1, 2.5)).toBe(6);
    expect(t.read(0, 0.5)).toBe(6);
  });

  it('should take 2 ms apart as agreeing, and count both spans from the same anchors afterwards', () => {
    const t = timeline();
    expect(t.read(5, 3)).toBe(3);
    // no parting above: both spans are 10 now (Date 5 + 5, mono 3 + 7)
    expect(t.read(5, 7)).toBe(10);
  });

  it('should part when they move more than 2 ms apart, and count the lesser amount', () => {
    const t = timeline();
    expect(t.read(6, 3)).toBe(3);
    // parted: counted from here (a lesser 4 of Date 4 and mono 7, apart by 3 again)
    expect(t.read(4, 7)).toBe(7);
  });

  it('should not end a wait early when Date jumps an hour ahead: the monotonic amount counts', () => {
    const t = timeline();
    expect(t.read(3_600_000, 10)).toBe(10);
    expect(t.read(10, 10)).toBe(20);
  });

  it('should count the monotonic amount when Date goes back, even by 1 ms', () => {
    const t = timeline();
    expect(t.read(-3_600_000, 10)).toBe(10);
    expect(t.read(10, 10)).toBe(20);
    const small = timeline();
    expect(small.read(-1, 0.5)).toBe(0);
    // parted at the step back, and counted from there
    expect(small.read(3, 3)).toBe(3);
  });

  it('should follow the monotonic clock while Date stands still, and Date while the monotonic one does', () => {
    const wallFrozen = timeline();
    expect([wallFrozen.read(0, 1.5), wallFrozen.read(3, 1.5)]).toEqual([0, 3]);
    expect(wallFrozen.read(0, 50)).toBe(3);
    const monoFrozen = timeline();
    expect([monoFrozen.read(1.5, 0), monoFrozen.read(1.5, 3)]).toEqual([0, 3]);
  });

  it('should count nothing, and not go back, when both clocks go back (fake timers installed or removed)', () => {
    const t = timeline();
    expect(t.read(100, 100)).toBe(100);
    expect(t.read(-5_000, -400)).toBe(100);
    expect(t.read(10, 10)).toBe(110);
    // the monotonic clock back by 1 ms, Date still: a parting too, not a step back
    expect(t.read(0, -1)).toBe(110);
    expect(t.read(5, 5)).toBe(115);
  });
});
