export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol.for('instalake.Clock');
export const systemClock: Clock = { now: () => new Date() };
