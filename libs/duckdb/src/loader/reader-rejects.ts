/**
 * Turns DuckDB's reader rejects (malformed records) into one row per record, with a reason code and a sentence.
 * DuckDB reads records as the loader's quote-aware scan counts them (an unterminated quote runs a record on over the
 * following lines, up to the next quote), so each rejected record is one row, counted once. `line` stays in DuckDB's
 * numbering (records of the file it read); the loader maps it to the original file's records and takes the record's
 * raw bytes from the file itself.
 */
export function readerRejectsSql(errorsTable: string, expectedFields: number): string {
  const described = (code: string, sentence: string) => `{'code': '${code}', 'reason': ${sentence}}`;
  const reason = `CASE
      WHEN types LIKE '%UNQUOTED VALUE%' THEN ${described('record:broken_quote', `'unterminated or stray quote: a quoted field must end with " right before a comma or the line end (an unterminated quote runs the record on to the next quote: the lines it spans are in raw_record; fix the quote and replay it)'`)}
      WHEN types LIKE '%TOO MANY COLUMNS%' THEN ${described('record:too_many_fields', `'too many fields: expected ${expectedFields} (is a comma inside an unquoted value?)'`)}
      WHEN types LIKE '%MISSING COLUMNS%' THEN ${described('record:too_few_fields', `'too few fields: expected ${expectedFields}'`)}
      WHEN types LIKE '%INVALID ENCODING%' OR types LIKE '%INVALID UNICODE%' THEN ${described('record:invalid_utf8', `'not valid UTF-8 text: save the file as UTF-8'`)}
      WHEN types LIKE '%LINE SIZE%' THEN ${described('record:too_large', `'record longer than the maximum line size'`)}
      ELSE ${described('record:unreadable', `'unreadable record: ' || message`)}
    END`;
  return `
    SELECT line, why.code AS code, why.reason AS reason FROM (
      SELECT line, ${reason} AS why FROM (
        SELECT line, string_agg(DISTINCT error_type, ',') AS types, first(error_message ORDER BY byte_position) AS message
        FROM ${errorsTable} GROUP BY line))
  `;
}
