// polars_read.mjs scans Parquet with nodejs-polars and prints its row count and
// schema as JSON on stdout. It is driven by hrgflow's internal/interop Go
// package but also works by hand:
//
//   node polars_read.mjs out/episodes.parquet
//   node polars_read.mjs 'out/dataset/**/*.parquet'
//
// The argument is a file path or a glob; hive partitions (key=value
// directories) become columns. Output:
//
//   {"height":1,"schema":{"a":"Int32","d":"Date"},"columns":[{"name":"a","type":"Int32"},...]}
//
// "schema" maps column name to polars dtype; "columns" repeats it in the
// file's column order. Dtype names are polars' own without the DataType(...)
// wrapper: Int32, Int64, Date, String, Decimal(10,2), Datetime(us,), ...
//
// On failure the error goes to stderr and the exit code is 1 (2 for usage).

import pl from 'nodejs-polars';

function dtypeName(dtype) {
  const s = String(dtype);
  const m = /^DataType\((.*)\)$/s.exec(s);
  return m ? m[1] : s;
}

function main() {
  const args = process.argv.slice(2);
  if (args.length !== 1) {
    process.stderr.write('usage: node polars_read.mjs <parquet path or glob>\n');
    process.exitCode = 2;
    return;
  }
  const lf = pl.scanParquet(args[0], { hivePartitioning: true });
  const schema = lf.limit(0).collectSync().schema;
  const height = Number(lf.select(pl.len().alias('n')).collectSync().getColumn('n').get(0));
  const columns = Object.entries(schema).map(([name, dtype]) => ({ name, type: dtypeName(dtype) }));
  const byName = Object.fromEntries(columns.map((c) => [c.name, c.type]));
  process.stdout.write(JSON.stringify({ height, schema: byName, columns }) + '\n');
}

try {
  main();
} catch (err) {
  process.stderr.write(`polars_read: ${err && err.message ? err.message : err}\n`);
  process.exitCode = 1;
}
