import type { QueryChart } from './api-client';

export const CHART_WIDTH: number;
export const MIN_CHART_WIDTH: number;
export const FONT_PX: number;
export function formatNumber(value: number): string;
export function shortLabel(label: string, max?: number): string;
export function niceTicks(min: number, max: number, count?: number): number[];

export interface AxisLabel {
  text: string;
  full: string;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}
export interface Tick {
  value: number;
  text: string;
  x: number;
  y: number;
}
export interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
export interface Bar {
  label: string;
  series: string;
  seriesIndex: number;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface LinePoint {
  x: number;
  y: number;
  value: number;
  label: string;
}
export interface Line {
  series: string;
  seriesIndex: number;
  segments: LinePoint[][];
  points: LinePoint[];
}

interface BaseLayout {
  width: number;
  height: number;
  plot: Plot;
  categoryLabels: AxisLabel[];
  valueTicks: Tick[];
  zero: number;
  series: string[];
}
export interface BarLayout extends BaseLayout {
  kind: 'bar';
  bars: Bar[];
}
export interface LineLayout extends BaseLayout {
  kind: 'line';
  lines: Line[];
}
export function layoutChart(chart: QueryChart, options?: { width?: number }): BarLayout | LineLayout;
export function describeChart(chart: QueryChart): string;
