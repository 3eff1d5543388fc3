import type { Window } from './plan';

/** A window in absolute dates (inclusive); `all` has no bounds. */
export interface ResolvedWindow {
  readonly from?: string;
  readonly to?: string;
  readonly days?: number;
}

const DAY_MS = 86_400_000;

export function isIsoDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === value;
}

export function shiftDay(isoDay: string, days: number): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Absolute dates of a window, counting back from `anchor` (YYYY-MM-DD). */
export function resolveWindow(window: Window, anchor: string): ResolvedWindow {
  switch (window.kind) {
    case 'all':
      return {};
    case 'rolling': {
      const to = shiftDay(anchor, -window.endsDaysAgo);
      return { from: shiftDay(to, -(window.days - 1)), to, days: window.days };
    }
    case 'range':
      return { from: window.from, to: window.to, days: daysBetween(window.from, window.to) + 1 };
  }
}

/** The window of the same length just before (for "all time" there is none: it stays all time). */
export function previousWindow(window: Window): Window {
  switch (window.kind) {
    case 'all':
      return window;
    case 'rolling':
      return { kind: 'rolling', days: window.days, endsDaysAgo: window.endsDaysAgo + window.days };
    case 'range': {
      const days = daysBetween(window.from, window.to) + 1;
      return { kind: 'range', from: shiftDay(window.from, -days), to: shiftDay(window.from, -1) };
    }
  }
}

export function sameWindow(a: Window, b: Window): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** "2026-11-24 to 2026-11-30" or "all posts in the lake". */
export function windowText(resolved: ResolvedWindow): string {
  if (!resolved.from || !resolved.to) return 'all dates in the lake';
  return resolved.from === resolved.to ? resolved.to : `${resolved.from} to ${resolved.to}`;
}

/** How people say it: "the last 7 days", "the 7 days before", "all time". */
export function windowPhrase(window: Window): string {
  switch (window.kind) {
    case 'all':
      return 'all time';
    case 'rolling':
      if (window.endsDaysAgo === 0) return window.days === 1 ? 'the latest day' : `the last ${window.days} days`;
      if (window.endsDaysAgo === window.days) return `the ${window.days} days before that`;
      return `${window.days} days ending ${window.endsDaysAgo} days before the latest day`;
    case 'range':
      return window.from === window.to ? window.from : `${window.from} to ${window.to}`;
  }
}
