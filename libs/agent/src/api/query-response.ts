export type Confidence = 'HIGH' | 'MEDIUM' | 'LOW';

export interface AnswerSource {
  readonly type: 'sql' | 'trends' | 'knowledge';
  readonly title: string;
  /** SQL text or document uri. */
  readonly detail?: string;
  /** post_url when the source is one post. */
  readonly uri?: string;
}

export type Cell = string | number | boolean | null;

export interface AnswerTable {
  readonly columns: string[];
  readonly rows: Cell[][];
  readonly truncated: boolean;
}

export interface AnswerChart {
  readonly kind: 'bar' | 'line';
  readonly title: string;
  readonly labels: string[];
  readonly series: { name: string; values: number[] }[];
}

export interface AnswerData {
  readonly table?: AnswerTable;
  readonly chart?: AnswerChart;
  readonly recommendations?: string[];
  readonly dataPoints?: number;
  readonly freshness?: { latestPostedDate?: string; loadedAt?: string };
  /** The question as the agent read it (the semantic layer's typed plan), for transparency and follow-ups. */
  readonly plan?: unknown;
  /** How ambiguous parts of the question were read. */
  readonly assumptions?: string[];
  /** Questions the agent can answer, when it could not answer this one ("Did you mean ..."). */
  readonly suggestions?: string[];
}

/** The 200 body of POST /api/query (see the API contract). */
export interface QueryResponse {
  readonly sessionId: string;
  readonly response: string;
  readonly sources: AnswerSource[];
  readonly confidence: Confidence;
  readonly data?: AnswerData;
}

/** Confidence by data points, the agent's response rule: HIGH > 100, MEDIUM 10-100, LOW < 10. */
export function confidenceFor(dataPoints: number): Confidence {
  if (dataPoints > 100) return 'HIGH';
  if (dataPoints >= 10) return 'MEDIUM';
  return 'LOW';
}
