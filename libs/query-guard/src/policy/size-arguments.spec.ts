import { QueryRejectedError } from '../errors';
import { inspectSelect } from './inspect-select';
import { explainEngineMessage } from './engine-message';

// Hand-written ASTs in DuckDB's json_serialize_sql shape (the int spec runs the real parser).
const constant = (value: unknown, id = typeof value === 'string' ? 'VARCHAR' : 'INTEGER') => ({
  class: 'CONSTANT',
  type: 'VALUE_CONSTANT',
  value: { type: { id }, is_null: false, value },
});
const column = (name: string) => ({ class: 'COLUMN_REF', type: 'COLUMN_REF', column_names: [name] });
const call = (function_name: string, ...children: unknown[]) => ({
  class: 'FUNCTION',
  type: 'FUNCTION',
  function_name,
  schema: '',
  catalog: '',
  children,
});
const selectOf = (expression: unknown) => ({
  node: { type: 'SELECT_NODE', cte_map: { map: [] }, select_list: [expression], from_table: { type: 'EMPTY' } },
});
const code = (expression: unknown) => {
  try {
    inspectSelect(selectOf(expression));
    return 'ACCEPTED';
  } catch (error) {
    return error instanceof QueryRejectedError ? error.code : String(error);
  }
};

describe('size arguments of string builders', () => {
  it.each<[string, unknown]>([
    ['lpad 2e9', call('lpad', constant('x'), constant(2000000000), constant('y'))],
    ['rpad 3e8', call('rpad', constant(''), constant(300000000), constant(','))],
    ['lpad computed', call('lpad', constant('x'), column('likes'), constant(' '))],
    ['lpad cast of a huge literal', call('lpad', constant('x'), { class: 'CAST', child: constant('1e9') })],
    ['lpad negated huge', call('lpad', constant('x'), call('-', constant(5000)))],
    ['printf width', call('printf', constant('%0900000000d'), constant(1))],
    ['printf precision', call('printf', constant('%.5000f'), constant(1))],
    ['printf star', call('printf', constant('%*d'), constant(10), constant(1))],
    ['printf computed format', call('printf', column('caption'), constant(1))],
    ['format width', call('format', constant('{:>900000000}'), constant('a'))],
    ['format nested width', call('format', constant('{:>{}}'), constant('a'), constant(10))],
    ['bar width', call('bar', column('likes'), constant(0), constant(100), constant(100000))],
    ['to_base length', call('to_base', constant(5), constant(2), constant(100000))],
    [
      'inside a list comprehension',
      call('string_split', call('lpad', constant(''), constant(300000000)), constant(',')),
    ],
  ])('refuses %s', (_name, expression) => {
    expect(code(expression)).toBe('SIZE_LIMIT_EXCEEDED');
  });

  it.each<[string, unknown]>([
    ['lpad 2', call('lpad', column('post_id'), constant(2), constant('0'))],
    ['lpad cast', call('lpad', column('post_id'), { class: 'CAST', child: constant(10) }, constant(' '))],
    ['printf', call('printf', constant('%05.2f %s %%'), column('likes'), column('creator'))],
    ['format', call('format', constant('{} has {:>8} likes ({:.1f}%)'), column('creator'), column('likes'))],
    ['bar default width', call('bar', column('likes'), constant(0), constant(100))],
    ['to_base', call('to_base', column('likes'), constant(16))],
  ])('accepts %s', (_name, expression) => {
    expect(code(expression)).toBe('ACCEPTED');
  });
});

describe('explainEngineMessage', () => {
  it('replaces the expression-depth advice the sandbox would refuse', () => {
    const text = explainEngineMessage(
      'Max expression depth limit of 1000 exceeded. Use "SET max_expression_depth TO x" to increase the maximum expression depth.',
    );
    expect(text).not.toMatch(/SET|max_expression_depth/);
    expect(text).toMatch(/Flatten it/);
  });

  it('drops setting advice from other messages and ends with a full stop', () => {
    expect(
      explainEngineMessage(
        'Binder Error: Referenced column "x" not found. Try SET enable_x = true to allow it. Candidate bindings: "likes"',
      ),
    ).toBe('Binder Error: Referenced column "x" not found. Candidate bindings: "likes".');
    expect(
      explainEngineMessage('Cannot change configuration option "memory_limit" - the configuration has been locked'),
    ).toBe('Cannot change configuration option "memory_limit" - the configuration has been locked.');
    expect(explainEngineMessage('Out of Memory Error: failed to allocate block of size 256 KiB')).toMatch(
      /more memory than the query sandbox allows/,
    );
  });
});
