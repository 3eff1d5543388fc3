// @ts-check
'use strict';
/**
 * The query worker: a separate Node process that runs guarded SQL on its own DuckDB instance, under a memory cap the
 * operating system enforces (RLIMIT_AS, set by the parent through `/bin/sh -c 'ulimit -v ...'`), killed by the parent
 * at the deadline if an interrupt does not stop it. Plain CommonJS with no dependency but @duckdb/node-api, so every
 * artifact ships it as one file next to its bundle (see query-worker-process.ts). The parent decides every statement;
 * this file only executes them. Protocol (Node IPC, advanced serialisation):
 *   parent -> { type: 'setup', config, statements, connectionStatements }      worker -> { type: 'ready', vmSizeKb }
 *             (a statement may be { allowedDirectoriesFrom: query }, see runStep)
 *   parent -> { type: 'query', id, sql, params, maxBytes }                      worker -> { type: 'result', id, ... }
 *   parent -> { type: 'interrupt', id }                                         worker -> { type: 'error', id, message }
 */
const duckdb = require(process.argv[2] || '@duckdb/node-api');

/** @type {import('@duckdb/node-api').DuckDBInstance | undefined} */
let instance;
/** @type {string[]} */
let connectionStatements = [];
/** @type {import('@duckdb/node-api').DuckDBConnection | undefined} */
let idle;
/** @type {{ id: number, connection: import('@duckdb/node-api').DuckDBConnection } | undefined} */
let running;

/** @param {Record<string, unknown>} message */
function send(message) {
  if (process.send) process.send(message);
}

function vmSizeKb() {
  try {
    const status = require('node:fs').readFileSync('/proc/self/status', 'utf8');
    const match = /VmSize:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** `'it''s'`: a SQL string literal. */
function literal(value) {
  return `'${String(value).replace(/'/g, "''")}'`;
}

/**
 * A statement, or `{ allowedDirectoriesFrom: query }`: the query's one VARCHAR[] cell becomes `allowed_directories`.
 * @param {import('@duckdb/node-api').DuckDBConnection} connection
 * @param {string | { allowedDirectoriesFrom: string }} step
 */
async function runStep(connection, step) {
  if (typeof step === 'string') return connection.run(step);
  const [row] = (await connection.runAndReadAll(step.allowedDirectoriesFrom)).getRowsJS();
  const directories = /** @type {string[] | null} */ (row ? row[0] : null) ?? [];
  if (directories.length) await connection.run(`SET allowed_directories = [${directories.map(literal).join(', ')}]`);
}

/** @param {{ config: Record<string, string>, statements: (string | { allowedDirectoriesFrom: string })[], connectionStatements: string[] }} message */
async function setup(message) {
  instance = await duckdb.DuckDBInstance.create(':memory:', message.config);
  const connection = await instance.connect();
  try {
    for (const step of message.statements) await runStep(connection, step);
  } finally {
    connection.closeSync();
  }
  connectionStatements = message.connectionStatements;
  send({ type: 'ready', vmSizeKb: vmSizeKb() });
}

async function connect() {
  if (!instance) throw new Error('query worker used before setup');
  const connection = await instance.connect();
  for (const statement of connectionStatements) await connection.run(statement);
  return connection;
}

/** `{ list: [...] }` is a LIST parameter; anything else is passed as it is. */
function decodeParam(value) {
  return value && typeof value === 'object' && Array.isArray(value.list) ? duckdb.listValue(value.list) : value;
}

/**
 * Keeps what fits in about `budget` characters: whole rows while they fit, and of a first row that does not fit on its
 * own, each string and list cut to the budget. The parent's guard measures exactly and cuts visibly; this only keeps a
 * huge value (one cell holding every caption) from crossing the process boundary.
 */
function capRows(rows, budget) {
  const kept = [];
  let used = 0;
  for (const row of rows) {
    const size = sizeOf(row);
    if (used + size <= budget) {
      kept.push(row);
      used += size;
      continue;
    }
    if (kept.length === 0) kept.push(row.map((cell) => cut(cell, budget)));
    return { rows: kept, capped: true };
  }
  return { rows: kept, capped: false };
}

function sizeOf(value) {
  if (typeof value === 'string') return value.length + 2;
  if (Array.isArray(value)) return value.reduce((n, v) => n + sizeOf(v) + 1, 2);
  if (value instanceof Uint8Array) return value.length;
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.entries(value).reduce((n, [k, v]) => n + k.length + sizeOf(v) + 4, 2);
  return 24;
}

function cut(value, budget) {
  if (typeof value === 'string') return value.length > budget ? value.slice(0, budget) : value;
  if (Array.isArray(value)) {
    const out = [];
    let used = 0;
    for (const item of value) {
      const size = sizeOf(item);
      if (used + size > budget) {
        if (out.length === 0) out.push(cut(item, budget));
        break;
      }
      out.push(item);
      used += size;
    }
    return out;
  }
  if (value instanceof Uint8Array) return value.subarray(0, budget);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cut(v, budget)]));
  }
  return value;
}

/** @param {{ id: number, sql: string, params?: unknown[], maxBytes?: number }} message */
async function query(message) {
  const connection = idle ?? (await connect());
  idle = undefined;
  running = { id: message.id, connection };
  let reusable = false;
  try {
    const reader = await connection.runAndReadAll(message.sql, message.params?.map(decodeParam));
    const types = reader.columnTypes().map((t) => t.toString());
    const columns = reader.columnNames().map((name, i) => ({ name, type: types[i] }));
    const all = reader.getRowsJS();
    const { rows, capped } = message.maxBytes ? capRows(all, message.maxBytes) : { rows: all, capped: false };
    reusable = true;
    send({ type: 'result', id: message.id, columns, rows, capped });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    send({ type: 'error', id: message.id, message: text, interrupted: /^INTERRUPT/i.test(text) });
  } finally {
    running = undefined;
    // A connection is reused only after work that succeeded (the same rule as the in-process pool had).
    if (reusable) idle = connection;
    else connection.closeSync();
  }
}

process.on('message', (message) => {
  if (!message || typeof message !== 'object') return;
  if (message.type === 'setup') {
    setup(message).catch((error) => {
      send({ type: 'setup-failed', message: error instanceof Error ? error.message : String(error) });
      process.exit(3);
    });
  } else if (message.type === 'query') {
    void query(message);
  } else if (message.type === 'interrupt') {
    if (running && running.id === message.id) running.connection.interrupt();
  }
});
// The parent going away (crash, kill -9) closes the channel: nothing is left to answer.
process.on('disconnect', () => process.exit(0));
