/**
 * The named-parameter builder of the PostgreSQL store (src/store/named-params.ts): `@name` to `$n`
 * once, values by name per call. That PostgreSQL runs what it builds is in postgres.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { positional, valuesFor } from '../../src/store/named-params.ts';
import { SQL, STATEMENTS } from '../../src/store/postgres-sql.ts';

describe('named parameters for PostgreSQL', () => {
  it('numbers the names in order of first use; a name used again is the same parameter', () => {
    expect(positional('UPDATE t SET a = @a, b = @b WHERE id = @id AND a <> @a')).toEqual({
      text: 'UPDATE t SET a = $1, b = $2 WHERE id = $3 AND a <> $1',
      names: ['a', 'b', 'id'],
    });
    expect(positional('SELECT 1')).toEqual({ text: 'SELECT 1', names: [] });
  });

  it('reads a name up to the first character that cannot be in one: a cast, a comma, a bracket, the end', () => {
    expect(positional('unnest(@ids::text[], @at_2::bigint[]) LIMIT @limit')).toEqual({
      text: 'unnest($1::text[], $2::bigint[]) LIMIT $3',
      names: ['ids', 'at_2', 'limit'],
    });
  });

  it('leaves quoted text, quoted identifiers, comments, operators and a word with @ inside alone', () => {
    const sql = [
      `SELECT 'it''s @text' AS "@col", body @> @filter::jsonb, @filter::jsonb <@ body`,
      `-- @comment until the end of the line`,
      `/* @block */ FROM t WHERE mail = 'a@b' AND x = a@b AND y = @y`,
    ].join('\n');
    expect(positional(sql)).toEqual({
      text: [
        `SELECT 'it''s @text' AS "@col", body @> $1::jsonb, $1::jsonb <@ body`,
        `-- @comment until the end of the line`,
        `/* @block */ FROM t WHERE mail = 'a@b' AND x = a@b AND y = $2`,
      ].join('\n'),
      names: ['filter', 'y'],
    });
  });

  it('takes the values by name, in order; null is a value, a missing one names itself, others are ignored', () => {
    const statement = positional('SELECT @b, @a, @b');
    expect(valuesFor(statement, { a: 1, b: null, unused: 'x' })).toEqual([null, 1]);
    expect(() => valuesFor(statement, { a: 1 })).toThrow("the statement's parameter @b has no value");
    expect(() => valuesFor(statement, { a: 1, b: undefined })).toThrow('@b has no value');
  });

  it('every statement of the PostgreSQL store is written with names: no $n by hand, no name left', () => {
    for (const [name, sql] of Object.entries(SQL)) {
      expect(sql, name).not.toMatch(/\$\d/);
      const { text, names } = STATEMENTS[name as keyof typeof SQL];
      expect(text, name).not.toMatch(/(^|[^\w@])@[A-Za-z_]/);
      expect(new Set(text.match(/\$\d+/g) ?? []).size, name).toBe(names.length);
    }
  });
});
