/**
 * Turns DuckDB's reader rejects (malformed records) into one row per lost physical line, with a reason code and a
 * sentence. An unterminated quote makes DuckDB read the following lines into the same bad value: those lines are
 * split out again and each counted and reported, so nothing is swallowed silently. `line` stays in DuckDB's
 * numbering (records of the file it read); the loader maps it to the original file's records.
 */
/** Stands for the (file) record number of the record that swallowed a line; the loader fills it in. */
export const RECORD_PLACEHOLDER = '%RECORD%';

export function readerRejectsSql(errorsTable: string, expectedFields: number): string {
  const described = (code: string, sentence: string) => `{'code': '${code}', 'reason': ${sentence}}`;
  const reason = `CASE
      WHEN types LIKE '%UNQUOTED VALUE%' THEN ${described('record:broken_quote', `'unterminated or stray quote: a quoted field must end with " right before a comma or the line end'`)}
      WHEN types LIKE '%TOO MANY COLUMNS%' THEN ${described('record:too_many_fields', `'too many fields: expected ${expectedFields} (is a comma inside an unquoted value?)'`)}
      WHEN types LIKE '%MISSING COLUMNS%' THEN ${described('record:too_few_fields', `'too few fields: expected ${expectedFields}'`)}
      WHEN types LIKE '%INVALID ENCODING%' OR types LIKE '%INVALID UNICODE%' THEN ${described('record:invalid_utf8', `'not valid UTF-8 text: save the file as UTF-8'`)}
      WHEN types LIKE '%LINE SIZE%' THEN ${described('record:too_large', `'record longer than the maximum line size'`)}
      ELSE ${described('record:unreadable', `'unreadable record: ' || message`)}
    END`;
  return `
    WITH grouped AS (
      SELECT line, string_agg(DISTINCT error_type, ',') AS types, first(error_message ORDER BY byte_position) AS message,
             first(csv_line ORDER BY byte_position) AS csv_line
      FROM ${errorsTable} GROUP BY line
    ),
    described AS (
      SELECT line, ${reason} AS why, types LIKE '%UNQUOTED VALUE%' AS unterminated,
             regexp_replace(regexp_replace(coalesce(csv_line, ''), '^[\\r\\n]+', ''), '[\\r\\n]+$', '') AS text
      FROM grouped
    ),
    pieces AS (
      SELECT line, why, unterminated,
             CASE WHEN unterminated THEN coalesce(nullif(list_filter(string_split(text, chr(10)), p -> rtrim(p, chr(13)) <> ''), []), [text]) ELSE [text] END AS parts
      FROM described
    )
    SELECT line,
           CASE WHEN piece.i = 1 THEN why.code ELSE 'record:swallowed' END AS code,
           CASE WHEN piece.i = 1 THEN why.reason
                ELSE 'swallowed by the unterminated quote in record ${RECORD_PLACEHOLDER}: fix that quote and replay this row' END AS reason,
           rtrim(piece.part, chr(13)) AS raw_record
    FROM pieces, LATERAL (SELECT unnest(parts) AS part, generate_subscripts(parts, 1) AS i) piece
  `;
}
