/**
 * Named parameters for PostgreSQL: the statements are written with `@name`, as the SQLite store's
 * are (better-sqlite3 binds them itself), and turned here into PostgreSQL's positional `$1..$n`
 * once, with the names in order; each call's values are then read from an object by name. A name
 * used twice is one parameter. Quoted text ('…'), quoted identifiers ("…") and comments are left alone.
 *
 * In these statements `@` before a name is always a parameter: PostgreSQL's prefix `@` (absolute
 * value) is never used (write abs()).
 */

/** A statement as PostgreSQL takes it: `$n` placeholders, and the name each stands for (`names[n-1]`). */
export interface PositionalStatement {
  text: string;
  names: readonly string[];
}

/** A statement's parameters by name (any object: an interface's fields are names too). */
export type NamedValues = object;

/** What a parameter's name may be (as in better-sqlite3). */
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** The end of a quoted run or comment starting at `i` (`sql[i]` opens it), or `i` when none starts there. */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"') {
    // Doubled quotes inside are the quote itself: the run goes on past them.
    let j = i + 1;
    for (;;) {
      const close = sql.indexOf(c, j);
      if (close === -1) return sql.length;
      if (sql[close + 1] !== c) return close + 1;
      j = close + 2;
    }
  }
  if (c === '-' && sql[i + 1] === '-') {
    const eol = sql.indexOf('\n', i);
    return eol === -1 ? sql.length : eol;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close === -1 ? sql.length : close + 2;
  }
  return i;
}

/** `sql` with each `@name` as `$n`. */
export function positional(sql: string): PositionalStatement {
  const names: string[] = [];
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped > i) {
      text += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    NAME.lastIndex = i + 1;
    const name = sql[i] === '@' && !/[A-Za-z0-9_@]/.test(sql[i - 1] ?? '') ? NAME.exec(sql)?.[0] : undefined;
    if (name === undefined) {
      text += sql[i];
      i += 1;
      continue;
    }
    let n = names.indexOf(name);
    if (n === -1) n = names.push(name) - 1;
    text += `$${n + 1}`;
    i += 1 + name.length;
  }
  return { text, names };
}

/**
 * The values of `statement`'s parameters, in order, from `params` by name. A name without a value
 * (missing or undefined) throws: PostgreSQL would read it as NULL, and a misspelt name would pass
 * silently. Values of names the statement does not use are ignored.
 */
export function valuesFor(statement: PositionalStatement, params: NamedValues): unknown[] {
  return statement.names.map((name) => {
    const value = (params as Readonly<Record<string, unknown>>)[name];
    if (value === undefined) throw new Error(`the statement's parameter @${name} has no value`);
    return value;
  });
}
