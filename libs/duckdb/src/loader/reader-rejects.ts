/**
 * Turns DuckDB's reader rejects (malformed records) into one row per lost physical record.
 * An unterminated quote makes DuckDB read the following lines into the same bad value: those lines are
 * split out again and each counted and reported, so nothing is swallowed silently.
 */
export function readerRejectsSql(errorsTable: string, expectedFields: number): string {
  const reason = `CASE
      WHEN types LIKE '%UNQUOTED VALUE%' THEN 'unterminated or stray quote: a quoted field must end with " right before a comma or the line end'
      WHEN types LIKE '%TOO MANY COLUMNS%' THEN 'too many fields: expected ${expectedFields} (is a comma inside an unquoted value?)'
      WHEN types LIKE '%MISSING COLUMNS%' THEN 'too few fields: expected ${expectedFields}'
      WHEN types LIKE '%INVALID ENCODING%' OR types LIKE '%INVALID UNICODE%' THEN 'not valid UTF-8 text: save the file as UTF-8'
      WHEN types LIKE '%LINE SIZE%' THEN 'record longer than the maximum line size'
      ELSE 'unreadable record: ' || message
    END`;
  return `
    WITH grouped AS (
      SELECT line, string_agg(DISTINCT error_type, ',') AS types, first(error_message ORDER BY byte_position) AS message,
             first(csv_line ORDER BY byte_position) AS csv_line
      FROM ${errorsTable} GROUP BY line
    ),
    described AS (
      SELECT line, ${reason} AS reason, types LIKE '%UNQUOTED VALUE%' AS unterminated,
             regexp_replace(regexp_replace(coalesce(csv_line, ''), '^[\\r\\n]+', ''), '[\\r\\n]+$', '') AS text
      FROM grouped
    ),
    pieces AS (
      SELECT line, reason, unterminated,
             CASE WHEN unterminated THEN string_split(text, chr(10)) ELSE [text] END AS parts
      FROM described
    )
    SELECT line,
           CASE WHEN piece.i = 1 THEN reason
                ELSE 'swallowed by the unterminated quote in record ' || line || ': fix that quote and replay this row' END AS reason,
           rtrim(piece.part, chr(13)) AS raw_record
    FROM pieces, LATERAL (SELECT unnest(parts) AS part, generate_subscripts(parts, 1) AS i) piece
  `;
}
