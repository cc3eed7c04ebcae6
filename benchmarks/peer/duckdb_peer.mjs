// duckdb_peer.mjs is hrgflow's peer in benchmarks/compare.sh: the job a good
// data engineer would write in DuckDB instead of running hrgflow, on the
// same generated CSV, with DuckDB limited to 2 threads.
//
//   node benchmarks/peer/duckdb_peer.mjs --input FILE.csv --out DIR \
//        [--design grouper/designs/demo] [--prices pipeline/price/data/apc_spell_prices_2024_25.csv]
//
// It needs @duckdb/node-api, which `make interop-deps` installs under
// internal/interop/node (found from this file's location; runs offline).
//
// What it does (one SQL script, below):
//   1. reads the CSV (read_csv, all_varchar: the extract has deliberately bad
//      values, so types are applied with TRY_CAST, a bad value becoming NULL);
//   2. expands the demo design's code lists (`A00-A09`, `A02*`, `A040`, `;`
//      separated) with range joins against the distinct codes of the file, so
//      every later lookup is an equi-join: diagnoses → root; procedures →
//      hierarchy, root, flags, `when_diagnosis` conditions, first matching row
//      in file order; cc → weight per subchapter; cc_exclusions;
//   3. groups every episode: the dominant procedure (highest hierarchy among
//      grouping procedures, earliest position on ties) gives the root, else
//      the primary diagnosis; CC score = sum of the weights of the distinct
//      secondary diagnoses on the root's subchapter list, less exclusions
//      for the primary; the first split row (by order) whose CC, age and
//      intervention-count bands hold gives the HRG; nothing → UZ01Z;
//   4. writes the episodes (input columns, dates and a few integers typed,
//      plus FCE_HRG, GroupingMethodFlag, DominantProcedure, CCScore) to
//      Parquet with zstd;
//   5. builds spells (PROCODE3 + SUSSPELLID), gives each the HRG of its
//      episode with the highest-hierarchy dominant procedure (else its first
//      episode's), a point of delivery (ADMIMETH, CLASSPAT, LOS as hrgflow),
//      a base price from the price list, and writes the commissioning
//      aggregate (provider × commissioner × HRG × point of delivery × month
//      of discharge: episodes, spells, bed days, base and total price,
//      unpriced spells) to Parquet with zstd.
//
// What it does not do, compared with hrgflow (so the peer does less work):
// no validation rules (hrgflow runs 59 and writes a quality dataset), no
// pre-grouping rules (burns, multiple trauma), no unbundled HRGs, no
// per-position HES views or derived fields (hrgflow writes 233 episode
// columns, this 100), spell grouping by "the dominant episode" rather than
// pooling the spell's codes, no trim points, short-stay or MFF adjustments,
// no costing cube, no spells dataset, no manifest, no input-order guarantee
// on the episodes file (no ORDER BY), and the demo design's split columns
// only (CC, age, interventions). It prints one line: rows, seconds, rows/s.

import { createRequire } from 'node:module';
import { createReadStream, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

function parseArgs(argv) {
  const opts = {
    design: path.join(repo, 'grouper', 'designs', 'demo'),
    prices: path.join(repo, 'pipeline', 'price', 'data', 'apc_spell_prices_2024_25.csv'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!['input', 'out', 'design', 'prices'].includes(key) || i + 1 >= argv.length) {
      throw new Error(`usage: duckdb_peer.mjs --input FILE --out DIR [--design DIR] [--prices FILE] (bad argument ${argv[i]})`);
    }
    opts[key] = argv[i + 1];
  }
  if (!opts.input || !opts.out) {
    throw new Error('usage: duckdb_peer.mjs --input FILE --out DIR [--design DIR] [--prices FILE]');
  }
  return opts;
}

async function loadDuckDB() {
  const req = createRequire(path.join(repo, 'internal', 'interop', 'node', 'package.json'));
  let entry;
  try {
    entry = req.resolve('@duckdb/node-api');
  } catch {
    throw new Error('@duckdb/node-api is not installed: run `make interop-deps`');
  }
  return import(pathToFileURL(entry).href);
}

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

// typedColumns lists the input columns with the type the episodes file
// gives them, from the CSV header: dates and a few counts typed, codes text.
function typedColumns(header) {
  const ints = new Set(['EPIORDER', 'EPIDUR', 'STARTAGE']);
  return header.map((c) => {
    const id = `"${c.replaceAll('"', '""')}"`;
    if (/DATE|^EPISTART$|^EPIEND$/.test(c)) return `TRY_CAST(${id} AS DATE) AS ${id}`;
    if (ints.has(c)) return `TRY_CAST(${id} AS INTEGER) AS ${id}`;
    return id;
  }).join(', ');
}

// designItems returns SQL that expands a design table's code-list column
// into one row per item with the bounds a code is compared with:
// lo <= code and left(code, length(hi)) <= hi, and code = lo for a single
// code (a 4-character code does not cover its 5th characters). Each item is
// also repeated for every first letter it spans, so matching is an
// equi-join on the letter plus a filter, not a pure range join (which took
// DuckDB 18 s for the cc lists against the codes of 1M episodes).
function designItems(file, listColumn, keep) {
  return `
    SELECT *, chr(CAST(unnest(range(ascii(lo), ascii(hi) + 1)) AS INTEGER)) AS letter FROM (
    SELECT ${keep}, item,
           CASE WHEN item LIKE '%*' THEN rtrim(item, '*') WHEN item LIKE '%-%' THEN split_part(item, '-', 1) ELSE item END AS lo,
           CASE WHEN item LIKE '%*' THEN rtrim(item, '*') WHEN item LIKE '%-%' THEN split_part(item, '-', 2) ELSE item END AS hi,
           NOT (item LIKE '%*' OR item LIKE '%-%') AS exact
    FROM (SELECT *, unnest(string_split(${listColumn}, ';')) AS item
          FROM (SELECT row_number() OVER () AS row_no, * FROM read_csv(${q(file)}, header = true, comment = '#', all_varchar = true))))`;
}

const matches = (code, i) => `left(${code}, 1) = ${i}.letter AND ${code} >= ${i}.lo AND left(${code}, length(${i}.hi)) <= ${i}.hi AND (NOT ${i}.exact OR ${code} = ${i}.lo)`;

function script(o, header) {
  const d = (f) => path.join(o.design, f);
  const norm = (c) => `upper(replace(trim(${c}), '.', ''))`;
  return `
SET threads = 2;
SET preserve_insertion_order = false;
CREATE TABLE ep AS SELECT * FROM read_csv(${q(o.input)}, header = true, all_varchar = true);

CREATE TABLE diags AS
  SELECT rid, CAST(right(pos, 2) AS INTEGER) AS pos, ${norm('code')} AS code
  FROM (UNPIVOT (SELECT rowid AS rid, COLUMNS('^DIAG_4_[0-9]+$') FROM ep) ON COLUMNS('^DIAG_') INTO NAME pos VALUE code)
  WHERE trim(code) <> '';
CREATE TABLE procs AS
  SELECT rid, CAST(right(pos, 2) AS INTEGER) AS pos, ${norm('code')} AS code
  FROM (UNPIVOT (SELECT rowid AS rid, COLUMNS('^OPERTN_4_[0-9]+$') FROM ep) ON COLUMNS('^OPERTN_') INTO NAME pos VALUE code)
  WHERE trim(code) <> '' AND trim(code) <> '-';

-- The design's code lists, matched once against the distinct codes of the file.
CREATE TABLE dcodes AS SELECT DISTINCT code FROM diags;
CREATE TABLE pcodes AS SELECT DISTINCT code FROM procs;
CREATE TABLE diag_map AS
  SELECT c.code, arg_min(i.root, i.row_no) AS root
  FROM dcodes c JOIN (${designItems(d('diagnoses.csv'), 'codes', 'row_no, root')}) i ON ${matches('c.code', 'i')}
  GROUP BY c.code;
CREATE TABLE proc_rows AS
  SELECT c.code, i.row_no, CAST(i.hierarchy AS INTEGER) AS hierarchy, i.root, i.when_diagnosis IS NOT NULL AS conditional,
         coalesce(i.flags, '') LIKE '%non_grouping%' AS non_grouping, coalesce(i.flags, '') LIKE '%intervention%' AS intervention
  FROM pcodes c JOIN (${designItems(d('procedures.csv'), 'codes', 'row_no, hierarchy, root, when_diagnosis, flags')}) i ON ${matches('c.code', 'i')};
CREATE TABLE proc_cond AS
  SELECT DISTINCT i.row_no, c.code AS pdiag
  FROM dcodes c JOIN (${designItems(d('procedures.csv'), 'when_diagnosis', 'row_no')}) i ON ${matches('c.code', 'i')};
CREATE TABLE cc_map AS
  SELECT c.code, i.subchapter, CAST(coalesce(i.weight, '1') AS INTEGER) AS weight
  FROM dcodes c JOIN (${designItems(d('cc.csv'), 'codes', 'row_no, subchapter, weight')}) i ON ${matches('c.code', 'i')};
CREATE TABLE excl_primary AS
  SELECT DISTINCT i.row_no, c.code FROM dcodes c JOIN (${designItems(d('cc_exclusions.csv'), '"primary"', 'row_no')}) i ON ${matches('c.code', 'i')};
CREATE TABLE excl_secondary AS
  SELECT DISTINCT i.row_no, c.code FROM dcodes c JOIN (${designItems(d('cc_exclusions.csv'), 'excluded', 'row_no')}) i ON ${matches('c.code', 'i')};
CREATE TABLE splits AS
  SELECT root, CAST("order" AS INTEGER) AS ord, hrg,
         TRY_CAST(cc_min AS INTEGER) AS cc_min, TRY_CAST(cc_max AS INTEGER) AS cc_max,
         TRY_CAST(age_min AS INTEGER) AS age_min, TRY_CAST(age_max AS INTEGER) AS age_max,
         TRY_CAST(interventions_min AS INTEGER) AS iv_min, TRY_CAST(interventions_max AS INTEGER) AS iv_max
  FROM read_csv(${q(d('splits.csv'))}, header = true, comment = '#', all_varchar = true);

-- Grouping.
CREATE TABLE primaries AS SELECT rid, code AS pdiag FROM diags WHERE pos = 1;
CREATE TABLE proc_hits AS   -- each procedure's first applicable design row
  SELECT p.rid, p.pos, p.code, arg_min(r.hierarchy, r.row_no) AS hierarchy, arg_min(r.root, r.row_no) AS root,
         arg_min(r.non_grouping, r.row_no) AS non_grouping, arg_min(r.intervention, r.row_no) AS intervention
  FROM procs p JOIN proc_rows r USING (code)
  LEFT JOIN primaries pr USING (rid)
  LEFT JOIN proc_cond pc ON pc.row_no = r.row_no AND pc.pdiag = pr.pdiag
  WHERE NOT r.conditional OR pc.row_no IS NOT NULL
  GROUP BY p.rid, p.pos, p.code;
CREATE TABLE dominant AS
  SELECT rid,
         arg_max(root, hierarchy * 100 - pos) FILTER (WHERE hierarchy > 0 AND NOT non_grouping) AS proc_root,
         arg_max(code, hierarchy * 100 - pos) FILTER (WHERE hierarchy > 0 AND NOT non_grouping) AS dom_proc,
         max(hierarchy) FILTER (WHERE hierarchy > 0 AND NOT non_grouping) AS dom_hierarchy,
         count(DISTINCT code) FILTER (WHERE intervention) AS interventions
  FROM proc_hits GROUP BY rid;
CREATE TABLE roots AS
  SELECT e.rowid AS rid, pr.pdiag, d.dom_proc, d.dom_hierarchy, coalesce(d.interventions, 0) AS interventions,
         coalesce(d.proc_root, dm.root) AS root,
         CASE WHEN d.proc_root IS NOT NULL THEN 'P' WHEN dm.root IS NOT NULL THEN 'D' ELSE 'U' END AS method,
         CASE WHEN TRY_CAST(e.STARTAGE AS INTEGER) BETWEEN 7001 AND 7007 THEN 0
              WHEN TRY_CAST(e.STARTAGE AS INTEGER) BETWEEN 0 AND 130 THEN TRY_CAST(e.STARTAGE AS INTEGER) END AS age
  FROM ep e LEFT JOIN primaries pr ON pr.rid = e.rowid LEFT JOIN dominant d ON d.rid = e.rowid
  LEFT JOIN diag_map dm ON dm.code = pr.pdiag;
CREATE TABLE cc AS
  SELECT s.rid, sum(w.weight) AS cc
  FROM (SELECT DISTINCT rid, code FROM diags WHERE pos > 1) s
  JOIN roots r USING (rid)
  JOIN cc_map w ON w.code = s.code AND w.subchapter = left(r.root, 2)
  WHERE s.code <> r.pdiag
    AND NOT EXISTS (SELECT 1 FROM excl_secondary es JOIN excl_primary ep USING (row_no) WHERE es.code = s.code AND ep.code = r.pdiag)
  GROUP BY s.rid;
CREATE TABLE grouped AS
  SELECT r.rid, coalesce(s.hrg, 'UZ01Z') AS FCE_HRG, CASE WHEN s.hrg IS NULL THEN 'U' ELSE r.method END AS GroupingMethodFlag,
         r.dom_proc AS DominantProcedure, CAST(coalesce(c.cc, 0) AS INTEGER) AS CCScore, r.dom_hierarchy
  FROM roots r LEFT JOIN cc c USING (rid)
  LEFT JOIN (
    SELECT r.rid, arg_min(sp.hrg, sp.ord) AS hrg
    FROM roots r LEFT JOIN cc c USING (rid) JOIN splits sp ON sp.root = r.root
    WHERE (sp.cc_min IS NULL OR coalesce(c.cc, 0) >= sp.cc_min) AND (sp.cc_max IS NULL OR coalesce(c.cc, 0) <= sp.cc_max)
      AND ((sp.age_min IS NULL AND sp.age_max IS NULL) OR r.age BETWEEN coalesce(sp.age_min, 0) AND coalesce(sp.age_max, 999))
      AND (sp.iv_min IS NULL OR r.interventions >= sp.iv_min) AND (sp.iv_max IS NULL OR r.interventions <= sp.iv_max)
    GROUP BY r.rid) s USING (rid);

COPY (SELECT ${typedColumns(header)}, g.FCE_HRG, g.GroupingMethodFlag, g.DominantProcedure, g.CCScore
      FROM ep e JOIN grouped g ON g.rid = e.rowid)
  TO ${q(path.join(o.out, 'episodes.parquet'))} (FORMAT parquet, COMPRESSION zstd);

-- Spells and the commissioning aggregate.
CREATE TABLE prices AS SELECT * FROM read_csv(${q(o.prices)}, header = true, all_varchar = true);
CREATE TABLE spells AS
  SELECT e.PROCODE3 AS provider, e.SUSSPELLID,
         arg_min(e.PURCODE, TRY_CAST(e.EPIORDER AS INTEGER)) AS commissioner,
         arg_min(e.ADMIMETH, TRY_CAST(e.EPIORDER AS INTEGER)) AS admimeth,
         arg_min(e.CLASSPAT, TRY_CAST(e.EPIORDER AS INTEGER)) AS classpat,
         min(TRY_CAST(e.ADMIDATE AS DATE)) AS admidate, max(TRY_CAST(e.DISDATE AS DATE)) AS disdate,
         arg_max(g.FCE_HRG, coalesce(g.dom_hierarchy, 0) * 1000 - TRY_CAST(e.EPIORDER AS INTEGER)) AS hrg,
         count(*) AS episodes
  FROM ep e JOIN grouped g ON g.rid = e.rowid
  GROUP BY e.PROCODE3, e.SUSSPELLID;
CREATE TABLE priced AS
  SELECT s.*, date_diff('day', admidate, disdate) AS los,
         CASE WHEN classpat = '3' THEN 'RDA' WHEN classpat = '4' THEN 'RNA'
              WHEN admimeth IN ('11', '12', '13') AND classpat = '1' THEN 'EL'
              WHEN admimeth IN ('11', '12', '13') AND classpat = '2' THEN 'DC'
              WHEN regexp_full_match(upper(admimeth), '2[1-58A-D]') THEN
                   CASE WHEN date_diff('day', admidate, disdate) BETWEEN 0 AND 1 THEN 'NES' ELSE 'NE' END
              WHEN admimeth IN ('31', '32') THEN 'MAT'
              WHEN admimeth IN ('81', '82', '83') THEN 'OTH'
              ELSE 'UNK' END AS pod
  FROM spells s;
COPY (
  SELECT p.provider AS Provider, p.commissioner AS Commissioner, p.hrg AS SpellHRG, p.pod AS PointOfDelivery,
         strftime(p.disdate, '%Y-%m') AS DischargeMonth,
         sum(p.episodes) AS Episodes, count(*) AS Spells, sum(greatest(p.los, 0)) AS BedDays,
         CAST(NULL AS BIGINT) AS ExcessBedDays,
         sum(CAST(round(t.gbp * 100) AS BIGINT)) AS BasePricePence, sum(CAST(round(t.gbp * 100) AS BIGINT)) AS TotalPricePence,
         count(*) FILTER (WHERE t.gbp IS NULL) AS UnpricedSpells
  FROM priced p
  LEFT JOIN (
    SELECT hrg, 'DC' AS pod, TRY_CAST(day_case_elective_gbp AS DOUBLE) AS gbp FROM prices
    UNION ALL SELECT hrg, 'EL', TRY_CAST(ordinary_elective_gbp AS DOUBLE) FROM prices
    UNION ALL SELECT hrg, 'NE', TRY_CAST(non_elective_gbp AS DOUBLE) FROM prices
    UNION ALL SELECT hrg, 'NES', TRY_CAST(non_elective_gbp AS DOUBLE) FROM prices
  ) t ON t.hrg = p.hrg AND t.pod = p.pod
  GROUP BY ALL
) TO ${q(path.join(o.out, 'commissioning.parquet'))} (FORMAT parquet, COMPRESSION zstd);
SELECT count(*) AS n FROM grouped;
`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const { DuckDBInstance } = await loadDuckDB();
  mkdirSync(o.out, { recursive: true });
  const start = process.hrtime.bigint();
  const header = (await firstLine(o.input)).split(',');
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await db.connect();
  const sql = script(o, header);
  if (process.env.PEER_PRINT_SQL) {
    process.stderr.write(sql);
  }
  const statements = await con.extractStatements(sql);
  let result;
  for (let i = 0; i < statements.count; i++) {
    // Prepared one at a time: a statement may use a table the previous one made.
    const t0 = process.hrtime.bigint();
    result = await (await statements.prepare(i)).runAndReadAll();
    if (process.env.PEER_TIMINGS) {
      process.stderr.write(`statement ${i}: ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(3)} s\n`);
    }
  }
  const rows = Number(result.getRows()[0][0]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`engine=duckdb rows=${rows} seconds=${seconds.toFixed(3)} rows_per_s=${Math.round(rows / seconds)}`);
}

async function firstLine(file) {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    rl.close();
    return line.replace(/^\ufeff/, '');
  }
  throw new Error(`${file}: empty`);
}

main().catch((err) => {
  console.error(`duckdb_peer: ${err.message}`);
  process.exit(1);
});
