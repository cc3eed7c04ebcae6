// duckdb_query.mjs runs SQL in a fresh in-memory DuckDB (threads=2) and prints
// the result as JSON on stdout. It is driven by hrgflow's internal/interop Go
// package but also works by hand:
//
//   node duckdb_query.mjs "SELECT count(*) FROM 'out/*.parquet'"
//   echo "SELECT 1; SELECT 2" | node duckdb_query.mjs
//   echo '["SELECT 1", "SELECT 2"]' | node duckdb_query.mjs --multi
//
// Single mode (SQL from argv, or stdin when argv is empty) runs every statement
// of the script in order and prints the last statement's result:
//
//   {"columns":[{"name":"a","type":"INTEGER"}],"rows":[[1]]}
//
// --multi reads a JSON array of scripts from stdin, runs each one in the same
// database (so a later script sees tables an earlier one created) and prints a
// JSON array holding one result per script.
//
// Values follow @duckdb/node-api's JSON conversion (DATE as "YYYY-MM-DD",
// TIMESTAMP and TIME as strings, LIST as arrays, STRUCT as objects, NaN and
// infinities as strings), except that top-level BIGINT, UBIGINT, HUGEINT,
// UHUGEINT and DECIMAL values are printed as exact JSON numbers rather than
// strings: no precision is lost, and a reader that keeps number text (Go's
// json.Decoder.UseNumber) gets the exact value.
//
// On failure the error goes to stderr and the exit code is 1 (2 for usage).

import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';

const exactNumberTypes = new Set([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

const numberText = /^-?\d+(\.\d+)?$/;

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// runScript runs every statement of sql in order and returns the last result.
async function runScript(connection, sql) {
  if (sql.trim() === '') {
    throw new Error('no SQL statement in script');
  }
  let statements;
  try {
    statements = await connection.extractStatements(sql);
  } catch (err) {
    // A script of comments only fails with this opaque native message.
    if (err && err.message === 'Error in native callback') {
      throw new Error('no SQL statement in script (only comments?)');
    }
    throw err;
  }
  if (statements.count === 0) {
    throw new Error('no SQL statement in script');
  }
  let result;
  for (let i = 0; i < statements.count; i++) {
    // Prepare lazily: statement i may use a table created by statement i-1.
    const prepared = await statements.prepare(i);
    result = await prepared.runAndReadAll();
  }
  return result;
}

// encodeResult renders a materialized result as JSON text.
async function encodeResult(result) {
  const names = result.columnNames();
  const types = result.columnTypes();
  const exact = types.map((t) => exactNumberTypes.has(t.typeId));
  const columns = names.map((name, i) => ({ name, type: types[i].toString() }));
  const rows = await result.getRowsJson();
  const encodedRows = rows.map((row) => {
    const cells = row.map((v, i) => {
      if (exact[i] && typeof v === 'string' && numberText.test(v)) {
        return v;
      }
      return JSON.stringify(v);
    });
    return '[' + cells.join(',') + ']';
  });
  return '{"columns":' + JSON.stringify(columns) + ',"rows":[' + encodedRows.join(',') + ']}';
}

async function parseArgs(argv) {
  if (argv[0] === '--multi') {
    if (argv.length !== 1) {
      throw Object.assign(new Error('--multi takes no further arguments; scripts come on stdin'), { usage: true });
    }
    const scripts = JSON.parse(await readStdin());
    if (!Array.isArray(scripts) || !scripts.every((s) => typeof s === 'string')) {
      throw Object.assign(new Error('--multi expects a JSON array of strings on stdin'), { usage: true });
    }
    return { multi: true, scripts };
  }
  const sql = argv.length > 0 ? argv.join(' ') : await readStdin();
  return { multi: false, scripts: [sql] };
}

async function main() {
  const { multi, scripts } = await parseArgs(process.argv.slice(2));
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    const encoded = [];
    for (let i = 0; i < scripts.length; i++) {
      try {
        encoded.push(await encodeResult(await runScript(connection, scripts[i])));
      } catch (err) {
        if (multi) {
          err.message = `script ${i}: ${err.message}`;
        }
        throw err;
      }
    }
    process.stdout.write((multi ? '[' + encoded.join(',') + ']' : encoded[0]) + '\n');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

main().catch((err) => {
  process.stderr.write(`duckdb_query: ${err && err.message ? err.message : err}\n`);
  // exitCode rather than exit(): lets stdout and stderr drain.
  process.exitCode = err && err.usage ? 2 : 1;
});
