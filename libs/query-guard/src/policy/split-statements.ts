/**
 * Splits SQL text at top-level semicolons, skipping string literals, quoted identifiers, dollar-quoted
 * strings and comments, and drops segments that hold only whitespace and comments. Used only to tell an
 * empty text from a real one and one statement from several; the DuckDB parser stays the authority on syntax.
 */
export function splitStatements(sql: string): string[] {
  const segments: string[] = [];
  let current = '';
  let meaningful = false;
  let i = 0;
  const flush = () => {
    if (meaningful) segments.push(current.trim());
    current = '';
    meaningful = false;
  };
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      current += ' ';
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      current += ' ';
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === ch && sql[j + 1] === ch) j += 2;
        else if (sql[j] === ch) break;
        else j++;
      }
      current += sql.slice(i, j + 1);
      meaningful = true;
      i = j + 1;
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      const end = tag ? sql.indexOf(tag, i + tag.length) : -1;
      const stop = tag ? (end === -1 ? sql.length : end + tag.length) : i + 1;
      current += sql.slice(i, stop);
      meaningful = true;
      i = stop;
    } else if (ch === ';') {
      flush();
      i++;
    } else {
      if (!/\s/.test(ch)) meaningful = true;
      current += ch;
      i++;
    }
  }
  flush();
  return segments;
}
