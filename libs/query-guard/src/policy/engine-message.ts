/** A sentence that advises something (rather than stating what went wrong). */
const ADVICE = /^(or\s+)?(use|try|run|set|increase|raise|launch|consider|enable|disable|change)\b/i;
/** What the sandbox would refuse: settings, pragmas, extensions, storage options. */
const SETTING =
  /\b(SET|RESET|PRAGMA|INSTALL|LOAD)\s+"?[a-z_]+|temp_directory|memory_limit|max_expression_depth|persistent storage/i;

/**
 * An engine error message as the model (or a person) should read it: DuckDB's own advice often names a setting
 * (`Use "SET max_expression_depth TO x" to increase the maximum expression depth.`) that the sandbox refuses, so
 * such sentences are replaced by what the query itself can change. The result ends with a full stop.
 */
export function explainEngineMessage(message: string): string {
  if (/max(imum)? expression depth/i.test(message)) {
    return (
      'The query nests expressions more than 1000 levels deep. Flatten it: use IN (...) lists or CASE instead of ' +
      'long chains of OR, +, || or nested calls, and split steps into CTEs.'
    );
  }
  if (/out of memory|allocation failure|failed to allocate/i.test(message)) {
    return (
      'The query needed more memory than the query sandbox allows. Aggregate before joining, filter by posted_date ' +
      'or city, select fewer or shorter columns, and avoid building large strings or lists.'
    );
  }
  const kept = message
    .split(/(?<=\.)\s+/)
    .filter((sentence) => !(ADVICE.test(sentence) && SETTING.test(sentence)))
    .join(' ')
    .trim();
  return /[.!?]$/.test(kept) || kept === '' ? kept : `${kept}.`;
}
