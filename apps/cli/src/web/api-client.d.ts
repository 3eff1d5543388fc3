export const DEFAULT_TIMEOUT_MS: number;

export interface QuerySource {
  type: 'sql' | 'trends' | 'knowledge';
  title: string;
  detail?: string;
  uri?: string;
}
export type Cell = string | number | boolean | null;
export interface QueryTable {
  columns: string[];
  rows: Cell[][];
  truncated: boolean;
}
export interface QueryChart {
  kind: 'bar' | 'line';
  title: string;
  labels: string[];
  series: { name: string; values: number[] }[];
}
export interface QueryAnswer {
  sessionId: string;
  response: string;
  sources: QuerySource[];
  confidence: 'HIGH' | 'MEDIUM' | 'LOW';
  data?: {
    table?: QueryTable;
    chart?: QueryChart;
    recommendations?: string[];
    dataPoints?: number;
    freshness?: { latestPostedDate?: string; loadedAt?: string };
  };
}

export class QueryApiError extends Error {
  constructor(code: string, message: string, details?: { status?: number; field?: string; cause?: unknown });
  readonly code: string;
  readonly status?: number;
  readonly field?: string;
}

export function askQuestion(request: {
  fetch: typeof fetch;
  baseUrl?: string;
  sessionId: string;
  query: string;
  token?: string | null;
  timeoutMs?: number;
}): Promise<QueryAnswer>;
