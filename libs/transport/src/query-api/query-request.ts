import { IsString, Length, Matches, MaxLength, validateSync } from 'class-validator';
import { RequestRejectedError } from '../errors/request-rejected-error';

/** Bedrock's InvokeAgent inputText limit: the query must fit it so both agents accept the same requests. */
export const MAX_QUERY_CHARS = 25_000;
/** Session ids: 2-100 of these characters (Bedrock's sessionId pattern). */
export const SESSION_ID_PATTERN = /^[0-9a-zA-Z._:-]{2,100}$/;

const notAnObject = () =>
  new RequestRejectedError(
    'MALFORMED_JSON',
    'The request body must be a JSON object: {"sessionId": "...", "query": "..."}.',
  );

/** The body of POST /api/query. */
export class QueryRequest {
  @IsString({ message: 'sessionId must be a string' })
  @Length(2, 100, { message: 'sessionId must be 2 to 100 characters long' })
  @Matches(/^[0-9a-zA-Z._:-]+$/, { message: 'sessionId may only contain 0-9 a-z A-Z . _ : -' })
  sessionId!: string;

  @IsString({ message: 'query must be a string' })
  @MaxLength(MAX_QUERY_CHARS, { message: `query must be at most ${MAX_QUERY_CHARS} characters` })
  @Matches(/\S/, { message: 'query must not be empty or blank' })
  query!: string;

  /** Parses and validates a JSON body; throws VALIDATION_FAILED naming the field, or MALFORMED_JSON. */
  static parse(body: string | undefined): QueryRequest {
    let raw: unknown;
    try {
      raw = JSON.parse(body ?? '');
    } catch {
      throw notAnObject();
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw notAnObject();
    const input = raw as Record<string, unknown>;
    const request = Object.assign(new QueryRequest(), { sessionId: input.sessionId, query: input.query });
    // Fields in contract order so the first error names the first bad field.
    for (const field of ['sessionId', 'query'] as const) {
      if (input[field] === undefined || input[field] === null) {
        throw new RequestRejectedError('VALIDATION_FAILED', `${field} is required`, field);
      }
      const errors = validateSync(request, { skipMissingProperties: false }).filter((e) => e.property === field);
      const first = errors[0]?.constraints;
      if (first) {
        // A non-string makes every string rule fail: report the type problem first.
        throw new RequestRejectedError('VALIDATION_FAILED', first.isString ?? Object.values(first)[0], field);
      }
    }
    return request;
  }
}
