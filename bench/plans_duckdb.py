#!/usr/bin/env python3
"""DuckDB peer of the Rust plan-indicator benchmark.

Computes, for every reporting unit in membership.csv and every month of one
year, the labour-market indicators of the plans (see bench/README.md for the
rules), from CSV files the Rust side exported, and writes DIR/duckdb_result.csv
so the Rust side can compare the numbers exactly.

    python3 bench/plans_duckdb.py --dir DIR --year 2025 [--threads N] [--self-test]

Needs only the `duckdb` Python package. Prints one line of JSON on stdout;
everything else goes to stderr.
"""

import argparse
import calendar
import csv
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time

import duckdb

RUNS = 3
VALUE_TYPE = "DECIMAL(38,10)"  # exact sums; rounded to 6 decimals on output

SCHEMAS = {
    "workers": [
        ("worker", "BIGINT"),
        ("birth_date", "DATE"),
        ("registered_on", "DATE"),
        ("cell", "BIGINT"),
        ("status", "VARCHAR"),
        ("trained", "TINYINT"),
        ("certified", "TINYINT"),
        ("it", "TINYINT"),
        ("si", "VARCHAR"),
        ("ui", "TINYINT"),
        ("hi", "TINYINT"),
    ],
    "events": [
        ("worker", "BIGINT"),
        ("seq", "BIGINT"),
        ("date", "DATE"),
        ("kind", "VARCHAR"),
        ("cell", "BIGINT"),
        ("status", "VARCHAR"),
    ],
    "cells": [("cell", "BIGINT"), ("unit", "VARCHAR"), ("urban", "TINYINT")],
    "membership": [("unit", "VARCHAR"), ("cell", "BIGINT")],
    "values": [
        ("indicator", "VARCHAR"),
        ("cell", "BIGINT"),
        ("month", "VARCHAR"),
        ("value", VALUE_TYPE),
    ],
}

# Stock-based indicators: (name, numerator column, denominator column) of the
# per-(unit, month) aggregate `um` built in the query.
RATE_INDICATORS = [
    ("unemployment_rate", "unemployed", "lf"),
    ("urban_unemployment_rate", "urban_unemployed", "urban_lf"),
    ("youth_unemployment_rate", "youth_unemployed", "youth_lf"),
    ("trained_rate", "trained", "lf"),
    ("certified_rate", "certified", "lf"),
    ("it_skills_rate", "it", "lf"),
    ("social_insurance_rate", "si_compulsory", "lf"),
    ("voluntary_insurance_rate", "si_voluntary", "lf"),
    ("unemployment_insurance_rate", "ui", "lf"),
    ("health_insurance_rate", "hi", "registered"),
]
FLOW_INDICATORS = [("new_jobs", "new_jobs"), ("overseas_contract", "overseas")]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def sql_str(s):
    return "'" + str(s).replace("'", "''") + "'"


def csv_source(directory, table):
    cols = ", ".join(f"{sql_str(n)}: {sql_str(t)}" for n, t in SCHEMAS[table])
    path = sql_str(os.path.join(directory, table + ".csv"))
    return (
        f"read_csv({path}, header = true, auto_detect = false, delim = ',', "
        f"quote = '\"', escape = '\"', columns = {{{cols}}})"
    )


def parquet_source(directory, table):
    return f"read_parquet({sql_str(os.path.join(directory, table + '.parquet'))})"


def status_code(expr):
    return (
        f"CASE {expr} WHEN 'employed' THEN 1 WHEN 'unemployed' THEN 2 "
        f"WHEN 'out_of_labour_force' THEN 3 WHEN 'abroad' THEN 4 END"
    )


def aggregation_sql(src, year):
    """The whole aggregation as one query. `src(table)` gives the relation
    to read each input from (read_parquet(...) or read_csv(...))."""
    y0 = f"DATE '{year:04d}-01-01'"
    y1 = f"DATE '{year:04d}-12-31'"

    # Month index (1..12) of the first month end E_m >= d; 13 when none.
    def first_month_end_on_or_after(d):
        return (
            f"(CASE WHEN {d} IS NULL OR {d} < {y0} THEN 1 "
            f"WHEN {d} > {y1} THEN 13 ELSE month({d}) END)"
        )

    # Month index of the last month end E_m < d; 0 when none.
    def last_month_end_before(d):
        return (
            f"(CASE WHEN {d} IS NULL OR {d} > {y1} THEN 12 "
            f"WHEN {d} < {y0} THEN 0 ELSE month({d}) - 1 END)"
        )

    # First day on which the worker's age is >= k: (y,m,d) tuples compare like
    # age_on() in vieclam-domain; a 29 February birthday is reached on
    # 1 March in a common year.
    def birthday(k):
        return (
            f"(make_date(year(w.birth_date) + {k}, month(w.birth_date), 1) "
            f"+ CAST(day(w.birth_date) - 1 AS INTEGER))"
        )

    rate_items = ", ".join(
        f"{{'i': {sql_str(name)}, 'n': {num}, 'd': {den}}}"
        for name, num, den in RATE_INDICATORS
    )
    flow_items = ", ".join(
        f"{{'i': {sql_str(name)}, 'n': {col}, 'd': NULL::HUGEINT}}"
        for name, col in FLOW_INDICATORS
    )

    return f"""
WITH
w AS (
    SELECT worker, birth_date, registered_on, cell,
           {status_code('status')} AS st,
           trained AS tr, certified AS cf, it, si, ui, hi
    FROM {src('workers')}
),
ev AS (
    SELECT worker, seq, date, kind,
           CASE kind WHEN 'employed' THEN 1 WHEN 'lost_job' THEN 2
                     WHEN 'left_labour_force' THEN 3 WHEN 'went_abroad' THEN 4
                     WHEN 'returned' THEN 2
                     WHEN 'registered' THEN {status_code("nullif(status, '')")}
           END AS st,
           CASE WHEN kind = 'moved' THEN cell END AS cell,
           CASE WHEN kind IN ('trained', 'certified') THEN 1 END AS tr,
           CASE WHEN kind = 'certified' THEN 1 END AS cf
    FROM {src('events')}
    WHERE date IS NOT NULL
),
-- One row per worker for the state at registration (ord 0, sorts first),
-- then one row per event in (date, seq) order.
steps AS (
    SELECT worker, 0 AS ord, NULL::DATE AS date, NULL::BIGINT AS seq,
           NULL::VARCHAR AS kind, st, cell, tr::INTEGER AS tr, cf::INTEGER AS cf
    FROM w
    UNION ALL
    SELECT worker, 1, date, seq, kind, st, cell, tr, cf FROM ev
),
-- The state after each step: last status / cell set so far, running max of
-- the trained / certified flags; the date of the next step (end of this
-- state's validity); whether the worker is in workers.csv (first_ord = 0).
timeline AS (
    SELECT worker, ord, date, kind,
           last_value(st IGNORE NULLS) OVER upto AS st,
           last_value(cell IGNORE NULLS) OVER upto AS cell,
           max(tr) OVER upto AS tr,
           max(cf) OVER upto AS cf,
           lead(date) OVER byw AS next_date,
           first_value(ord) OVER byw AS first_ord
    FROM steps
    WINDOW byw AS (PARTITION BY worker ORDER BY ord, date, seq),
           upto AS (byw ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
-- The state after the last step of a day holds for the month ends E with
-- date <= E < next_date; intersected with the months the worker is
-- registered in. Youth months are computed from the birthdays, not from
-- the timeline.
intervals AS (
    SELECT t.cell, t.st, t.tr, t.cf, w.it, w.si, w.ui, w.hi,
           greatest({first_month_end_on_or_after('t.date')},
                    {first_month_end_on_or_after('w.registered_on')}) AS m_lo,
           {last_month_end_before('t.next_date')} AS m_hi,
           {first_month_end_on_or_after(birthday(15))} AS y_lo,
           {last_month_end_before(birthday(25))} AS y_hi
    FROM timeline t JOIN w USING (worker)
    WHERE coalesce(t.next_date <> t.date, true)
),
-- Pre-aggregate intervals sharing cell, month range and youth range.
groups AS (
    SELECT cell, m_lo, m_hi,
           greatest(y_lo, m_lo) AS y_lo, least(y_hi, m_hi) AS y_hi,
           count(*) AS registered,
           count(*) FILTER (WHERE st IN (1, 2)) AS lf,
           count(*) FILTER (WHERE st = 2) AS unemployed,
           count(*) FILTER (WHERE st IN (1, 2) AND tr = 1) AS trained,
           count(*) FILTER (WHERE st IN (1, 2) AND cf = 1) AS certified,
           count(*) FILTER (WHERE st IN (1, 2) AND it = 1) AS it,
           count(*) FILTER (WHERE st IN (1, 2) AND si = 'compulsory') AS si_compulsory,
           count(*) FILTER (WHERE st IN (1, 2) AND si = 'voluntary') AS si_voluntary,
           count(*) FILTER (WHERE st IN (1, 2) AND ui = 1) AS ui,
           count(*) FILTER (WHERE hi = 1) AS hi
    FROM intervals
    WHERE m_lo <= m_hi
    GROUP BY ALL
),
stock AS (
    SELECT cell, m,
           sum(registered) AS registered, sum(lf) AS lf,
           sum(unemployed) AS unemployed,
           coalesce(sum(lf) FILTER (WHERE m BETWEEN y_lo AND y_hi), 0) AS youth_lf,
           coalesce(sum(unemployed) FILTER (WHERE m BETWEEN y_lo AND y_hi), 0)
               AS youth_unemployed,
           sum(trained) AS trained, sum(certified) AS certified, sum(it) AS it,
           sum(si_compulsory) AS si_compulsory, sum(si_voluntary) AS si_voluntary,
           sum(ui) AS ui, sum(hi) AS hi
    FROM (SELECT *, unnest(generate_series(m_lo, m_hi)) AS m FROM groups)
    GROUP BY cell, m
),
flow AS (
    -- only `moved` changes the cell, so for these kinds the cell after the
    -- step is the cell just before it
    SELECT cell, month(date) AS m,
           count(*) FILTER (WHERE kind = 'employed') AS new_jobs,
           count(*) FILTER (WHERE kind = 'went_abroad') AS overseas
    FROM timeline
    WHERE ord = 1 AND first_ord = 0 AND kind IN ('employed', 'went_abroad')
      AND date BETWEEN {y0} AND {y1}
    GROUP BY ALL
),
cell_month AS (
    SELECT coalesce(s.cell, f.cell) AS cell, coalesce(s.m, f.m) AS m,
           s.* EXCLUDE (cell, m), f.new_jobs, f.overseas
    FROM stock s FULL OUTER JOIN flow f ON s.cell = f.cell AND s.m = f.m
),
mem AS (SELECT DISTINCT unit, cell FROM {src('membership')}),
urban AS (SELECT cell, max(urban) AS urban FROM {src('cells')} GROUP BY cell),
um AS (
    SELECT mem.unit, cm.m,
           coalesce(sum(registered), 0) AS registered,
           coalesce(sum(lf), 0) AS lf,
           coalesce(sum(unemployed), 0) AS unemployed,
           coalesce(sum(lf) FILTER (WHERE urban.urban = 1), 0) AS urban_lf,
           coalesce(sum(unemployed) FILTER (WHERE urban.urban = 1), 0) AS urban_unemployed,
           coalesce(sum(youth_lf), 0) AS youth_lf,
           coalesce(sum(youth_unemployed), 0) AS youth_unemployed,
           coalesce(sum(trained), 0) AS trained,
           coalesce(sum(certified), 0) AS certified,
           coalesce(sum(it), 0) AS it,
           coalesce(sum(si_compulsory), 0) AS si_compulsory,
           coalesce(sum(si_voluntary), 0) AS si_voluntary,
           coalesce(sum(ui), 0) AS ui,
           coalesce(sum(hi), 0) AS hi,
           coalesce(sum(new_jobs), 0) AS new_jobs,
           coalesce(sum(overseas), 0) AS overseas
    FROM mem
    JOIN cell_month cm ON cm.cell = mem.cell
    LEFT JOIN urban ON urban.cell = mem.cell
    GROUP BY mem.unit, cm.m
),
computed AS (
    SELECT unit, m, x.i AS indicator, x.n::VARCHAR AS numerator,
           x.d::VARCHAR AS denominator
    FROM (SELECT unit, m, unnest([{rate_items}, {flow_items}]) AS x FROM um)
    WHERE x.n <> 0 OR coalesce(x.d, 0) <> 0
),
submitted AS (
    SELECT mem.unit, CAST(right(v.month, 2) AS INTEGER) AS m, v.indicator,
           CAST(round(sum(v.value), 6) AS DECIMAL(38, 6)) AS total
    FROM {src('values')} v
    JOIN mem ON mem.cell = v.cell
    WHERE v.month LIKE '{year:04d}-__'
    GROUP BY ALL
)
SELECT unit, printf('%04d-%02d', {year}, m) AS month, indicator, numerator,
       denominator
FROM (
    SELECT * FROM computed
    UNION ALL
    SELECT unit, m, indicator,
           rtrim(rtrim(total::VARCHAR, '0'), '.') AS numerator,
           NULL::VARCHAR AS denominator
    FROM submitted
    WHERE total <> 0
)
ORDER BY unit, month, indicator
"""


def connect(threads):
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def convert_to_parquet(directory, threads):
    con = connect(threads)
    for table in SCHEMAS:
        target = sql_str(os.path.join(directory, table + ".parquet"))
        con.execute(
            f"COPY (SELECT * FROM {csv_source(directory, table)}) "
            f"TO {target} (FORMAT parquet)"
        )
    con.close()


def timed_run(directory, year, threads, reader):
    """One run on a fresh in-memory connection: returns (seconds, connection);
    the result sits in table `result` of that connection."""
    con = connect(threads)
    query = aggregation_sql(lambda t: reader(directory, t), year)
    start = time.perf_counter()
    con.execute(f"CREATE TEMP TABLE result AS {query}")
    elapsed = time.perf_counter() - start
    return elapsed, con


def fingerprint(con):
    return con.execute(
        "SELECT count(*), bit_xor(hash(unit, month, indicator, numerator, "
        "coalesce(denominator, '-'))) FROM result"
    ).fetchone()


def run_benchmark(directory, year, threads, runs=RUNS):
    directory = os.path.abspath(directory)
    log(f"converting CSV to Parquet in {directory} ...")
    convert_to_parquet(directory, threads)

    timings = {}
    prints = {}
    for name, reader in (("parquet", parquet_source), ("csv", csv_source)):
        timings[name] = []
        for i in range(runs):
            elapsed, con = timed_run(directory, year, threads, reader)
            timings[name].append(round(elapsed, 4))
            log(f"{name} run {i + 1}: {elapsed:.3f} s")
            if i == runs - 1:
                prints[name] = fingerprint(con)
                if name == "parquet":
                    out = sql_str(os.path.join(directory, "duckdb_result.csv"))
                    con.execute(
                        f"COPY (SELECT * FROM result ORDER BY unit, month, indicator) "
                        f"TO {out} (FORMAT csv, HEADER true)"
                    )
                    used_threads = con.execute(
                        "SELECT current_setting('threads')"
                    ).fetchone()[0]
            con.close()
    if prints["parquet"] != prints["csv"]:
        raise SystemExit(
            f"parquet and csv runs disagree: {prints['parquet']} vs {prints['csv']}"
        )
    return {
        "duckdb_version": duckdb.__version__,
        "parquet_median_s": round(statistics.median(timings["parquet"]), 4),
        "csv_median_s": round(statistics.median(timings["csv"]), 4),
        "parquet_runs": timings["parquet"],
        "csv_runs": timings["csv"],
        "rows": prints["parquet"][0],
        "threads": int(used_threads),
    }


# --------------------------------------------------------------------------
# Self-test
# --------------------------------------------------------------------------

WORKER_COLS = [n for n, _ in SCHEMAS["workers"]]
EVENT_COLS = [n for n, _ in SCHEMAS["events"]]


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(header)
        for r in rows:
            wr.writerow(["" if v is None else v for v in r])


def write_dataset(d, workers, events, cells, membership, values):
    write_csv(os.path.join(d, "workers.csv"), WORKER_COLS, workers)
    write_csv(os.path.join(d, "events.csv"), EVENT_COLS, events)
    write_csv(os.path.join(d, "cells.csv"), ["cell", "unit", "urban"], cells)
    write_csv(os.path.join(d, "membership.csv"), ["unit", "cell"], membership)
    write_csv(
        os.path.join(d, "values.csv"), ["indicator", "cell", "month", "value"], values
    )


def read_result(d):
    with open(os.path.join(d, "duckdb_result.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["unit", "month", "indicator", "numerator", "denominator"], rows[0]
    return {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows[1:]}, rows[1:]


def hand_dataset():
    # cells: 1 urban, 2 rural, 3 urban
    cells = [(1, "2025:00001", 1), (2, "2025:00002", 0), (3, "2025:00003", 1)]
    membership = [
        ("legacy:001", 1), ("legacy:001", 2),
        ("2025:01", 2), ("2025:01", 3),
        ("city", 1), ("city", 2), ("city", 3),
    ]
    workers = [
        # W1: 25th birthday 2025-06-15; moves 1 -> 2 in July.
        (1, "2000-06-15", "2024-01-10", 1, "unemployed", 0, 0, 1, "none", 0, 1),
        # W2: registered mid-year (2025-04-15); turns 15 on 2025-12-31.
        (2, "2010-12-31", "2025-04-15", 3, "out_of_labour_force", 0, 0, 0,
         "compulsory", 1, 0),
        # W3: goes abroad from cell 2, moves to 3 while abroad, returns.
        (3, "1990-01-01", "2023-05-05", 2, "employed", 1, 0, 0, "voluntary", 0, 1),
        # W4: registered only in 2026: never in stocks, but its flows count.
        (4, "1995-03-03", "2026-01-05", 1, "employed", 0, 0, 0, "none", 0, 0),
        # W5: born 29 Feb 2000: still 24 on 2025-02-28, 25 on 2025-03-31.
        (5, "2000-02-29", "2020-01-01", 1, "unemployed", 0, 0, 0, "none", 0, 0),
    ]
    events = [
        (1, 1, "2025-03-10", "employed", None, None),
        (1, 2, "2025-07-05", "moved", 2, None),
        (1, 3, "2025-09-20", "lost_job", None, None),
        (1, 4, "2025-09-20", "trained", None, None),
        (2, 1, "2025-06-01", "employed", None, None),
        (3, 1, "2025-02-14", "went_abroad", None, None),
        (3, 2, "2025-02-20", "moved", 3, None),
        (3, 3, "2025-11-03", "returned", None, None),
        (3, 4, "2025-11-25", "certified", None, None),
        (4, 4, "2024-12-31", "employed", None, None),
        (4, 1, "2025-08-08", "moved", 2, None),
        (4, 2, "2025-08-08", "employed", None, None),
        (5, 1, "2025-05-10", "registered", None, "employed"),
        (5, 2, "2025-05-10", "registered", None, None),
        (5, 3, "2025-06-01", "moved", None, None),
        # recorded in the other order than dated: date wins
        (5, 5, "2025-10-10", "lost_job", None, None),
        (5, 4, "2025-12-15", "left_labour_force", None, None),
    ]
    values = [
        ("sessions_total", 1, "2025-03", "2.5"),
        ("sessions_total", 2, "2025-03", "10"),
        ("sessions_total", 3, "2025-03", "1.25"),
        ("sessions_total", 1, "2024-03", "99"),
        ("sessions_total", 2, "2025-04", "3.000"),
        ("policy_loan_disbursed", 3, "2025-07", "1000.1"),
    ]
    return workers, events, cells, membership, values


# Worked out by hand from the rules (states per month end):
#   W1 c1 U Jan-Feb (youth), c1 E Mar-May (youth), c1 E Jun (25), c2 E Jul-Aug,
#      c2 U + trained Sep-Dec; it=1 hi=1
#   W2 counted from Apr: c3 OLF Apr-May, c3 E Jun-Dec, youth only in Dec;
#      si compulsory, ui=1
#   W3 c2 E trained Jan, c3 abroad Feb-Oct, c3 U trained+certified Nov-Dec;
#      si voluntary, hi=1
#   W4 never counted
#   W5 c1 U Jan-Apr (youth Jan-Feb), c1 E May-Sep, c1 U Oct-Nov, c1 OLF Dec
#   flows: employed W1 c1 Mar, W2 c3 Jun, W4 c2 Aug (moved the same day,
#          earlier seq); went_abroad W3 c2 Feb
HAND_EXPECTED = {
    ("legacy:001", "2025-01", "unemployment_rate"): ("2", "3"),
    ("legacy:001", "2025-01", "it_skills_rate"): ("1", "3"),
    ("legacy:001", "2025-02", "youth_unemployment_rate"): ("2", "2"),
    ("legacy:001", "2025-03", "youth_unemployment_rate"): ("0", "1"),
    ("legacy:001", "2025-06", "youth_unemployment_rate"): None,
    ("2025:01", "2025-11", "youth_unemployment_rate"): None,
    ("2025:01", "2025-12", "youth_unemployment_rate"): ("0", "1"),
    ("legacy:001", "2025-03", "new_jobs"): ("1", ""),
    ("legacy:001", "2025-08", "new_jobs"): ("1", ""),
    ("2025:01", "2025-08", "new_jobs"): ("1", ""),
    ("city", "2025-06", "new_jobs"): ("1", ""),
    ("legacy:001", "2025-06", "new_jobs"): None,
    ("legacy:001", "2025-02", "overseas_contract"): ("1", ""),
    ("2025:01", "2025-02", "overseas_contract"): ("1", ""),
    ("city", "2025-03", "health_insurance_rate"): ("2", "3"),
    ("city", "2025-04", "health_insurance_rate"): ("2", "4"),
    ("city", "2025-09", "urban_unemployment_rate"): ("0", "2"),
    ("city", "2025-09", "unemployment_rate"): ("1", "3"),
    ("city", "2025-10", "unemployment_rate"): ("2", "3"),
    ("city", "2025-12", "unemployment_rate"): ("2", "3"),
    ("2025:01", "2025-11", "trained_rate"): ("2", "3"),
    ("2025:01", "2025-11", "certified_rate"): ("1", "3"),
    ("2025:01", "2025-10", "certified_rate"): ("0", "2"),
    ("city", "2025-06", "social_insurance_rate"): ("1", "3"),
    ("city", "2025-01", "voluntary_insurance_rate"): ("1", "3"),
    ("city", "2025-06", "unemployment_insurance_rate"): ("1", "3"),
    ("legacy:001", "2025-03", "sessions_total"): ("12.5", ""),
    ("2025:01", "2025-03", "sessions_total"): ("11.25", ""),
    ("city", "2025-03", "sessions_total"): ("13.75", ""),
    ("legacy:001", "2025-04", "sessions_total"): ("3", ""),
    ("2025:01", "2025-07", "policy_loan_disbursed"): ("1000.1", ""),
    ("legacy:001", "2025-07", "policy_loan_disbursed"): None,
}


def reference(workers, events, cells, membership, values, year):
    """Slow, literal implementation of the rules in plain Python, used by the
    self-test to check the SQL on random data."""
    from decimal import Decimal

    def d(s):
        return dt.date.fromisoformat(s)

    def age_on(b, day):
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    to_status = {"employed": "employed", "lost_job": "unemployed",
                 "left_labour_force": "out_of_labour_force",
                 "went_abroad": "abroad", "returned": "unemployed"}
    by_worker = {}
    for e in events:
        by_worker.setdefault(e[0], []).append(e)
    cell_stats = {}  # (cell, m) -> counter dict

    def bump(cell, m, key):
        c = cell_stats.setdefault((cell, m), {})
        c[key] = c.get(key, 0) + 1

    for (wid, birth, reg, cell, status, tr, cf, it, si, ui, hi) in workers:
        evs = sorted(by_worker.get(wid, []), key=lambda e: (d(e[2]), e[1]))
        birth, reg = d(birth), d(reg)

        def apply(state, e):
            kind = e[3]
            if kind in to_status:
                state["status"] = to_status[kind]
            elif kind == "registered" and e[5]:
                state["status"] = e[5]
            elif kind == "moved" and e[4] is not None:
                state["cell"] = e[4]
            elif kind == "trained":
                state["tr"] = 1
            elif kind == "certified":
                state["tr"] = state["cf"] = 1

        # flows
        st = {"status": status, "cell": cell, "tr": tr, "cf": cf}
        for e in evs:
            day = d(e[2])
            if day.year == year and e[3] in ("employed", "went_abroad"):
                bump(st["cell"], day.month,
                     "new_jobs" if e[3] == "employed" else "overseas")
            apply(st, e)
        # stocks
        for m in range(1, 13):
            end = dt.date(year, m, calendar.monthrange(year, m)[1])
            if reg > end:
                continue
            st = {"status": status, "cell": cell, "tr": tr, "cf": cf}
            for e in evs:
                if d(e[2]) <= end:
                    apply(st, e)
            lf = st["status"] in ("employed", "unemployed")
            youth = 15 <= age_on(birth, end) <= 24
            c = st["cell"]
            bump(c, m, "registered")
            if hi:
                bump(c, m, "hi")
            if lf:
                bump(c, m, "lf")
                if st["status"] == "unemployed":
                    bump(c, m, "unemployed")
                if youth:
                    bump(c, m, "youth_lf")
                    if st["status"] == "unemployed":
                        bump(c, m, "youth_unemployed")
                for key, on in (("trained", st["tr"]), ("certified", st["cf"]),
                                ("it", it), ("si_compulsory", si == "compulsory"),
                                ("si_voluntary", si == "voluntary"), ("ui", ui)):
                    if on:
                        bump(c, m, key)
    urban = {c: u for c, _, u in cells}
    units = {}
    for u, c in membership:
        units.setdefault(u, set()).add(c)
    out = {}
    for u, ucells in units.items():
        for m in range(1, 13):
            tot, urb = {}, {}
            for c in ucells:
                for k, v in cell_stats.get((c, m), {}).items():
                    tot[k] = tot.get(k, 0) + v
                    if urban.get(c) == 1:
                        urb[k] = urb.get(k, 0) + v
            month = f"{year:04d}-{m:02d}"
            for name, num, den in RATE_INDICATORS:
                src = tot
                if num.startswith("urban_"):
                    src, num, den = urb, num[6:], den[6:]
                n, dd = src.get(num, 0), src.get(den, 0)
                if n or dd:
                    out[(u, month, name)] = (str(n), str(dd))
            for name, col in FLOW_INDICATORS:
                if tot.get(col, 0):
                    out[(u, month, name)] = (str(tot[col]), "")
    sums = {}
    for ind, c, month, val in values:
        if not month.startswith(f"{year:04d}-"):
            continue
        for u, ucells in units.items():
            if c in ucells:
                k = (u, month, ind)
                sums[k] = sums.get(k, Decimal(0)) + Decimal(val)
    for k, s in sums.items():
        s = s.quantize(Decimal("0.000001"))
        if s != 0:
            txt = format(s, "f").rstrip("0").rstrip(".")
            out[k] = (txt, "")
    return out


def random_dataset(seed, n_workers, year):
    rnd = random.Random(seed)
    n_cells = 12
    cells = [(c, f"{year}:{c:05d}", rnd.randint(0, 1)) for c in range(1, n_cells + 1)]
    membership = []
    for u in range(8):
        for c in rnd.sample(range(1, n_cells + 1), rnd.randint(1, 5)):
            membership.append((f"u{u}", c))
    statuses = ["employed", "unemployed", "out_of_labour_force", "abroad"]
    kinds = ["registered", "employed", "lost_job", "left_labour_force", "moved",
             "went_abroad", "returned", "trained", "certified"]

    def rdate(y_lo, y_hi):
        a = dt.date(y_lo, 1, 1).toordinal()
        b = dt.date(y_hi, 12, 31).toordinal()
        return dt.date.fromordinal(rnd.randint(a, b))

    workers, events = [], []
    for w in range(1, n_workers + 1):
        birth = rdate(year - 30, year - 10)
        if rnd.random() < 0.05:
            birth = dt.date(rnd.choice([1996, 2000, 2004, 2008]), 2, 29)
        workers.append((w, birth.isoformat(), rdate(year - 2, year + 1).isoformat(),
                        rnd.randint(1, n_cells), rnd.choice(statuses),
                        rnd.randint(0, 1), rnd.randint(0, 1), rnd.randint(0, 1),
                        rnd.choice(["none", "compulsory", "voluntary"]),
                        rnd.randint(0, 1), rnd.randint(0, 1)))
        seqs = list(range(1, rnd.randint(0, 8) + 1))
        rnd.shuffle(seqs)
        same_day = rdate(year, year)
        for s in seqs:
            kind = rnd.choice(kinds)
            day = same_day if rnd.random() < 0.3 else rdate(year - 1, year + 1)
            cell = rnd.randint(1, n_cells) if kind == "moved" and rnd.random() < 0.9 else None
            status = (rnd.choice(statuses)
                      if kind == "registered" and rnd.random() < 0.7 else None)
            events.append((w, s, day.isoformat(), kind, cell, status))
    values = []
    for _ in range(60):
        values.append((rnd.choice(["sessions_total", "policy_loan_disbursed"]),
                       rnd.randint(1, n_cells),
                       f"{rnd.choice([year - 1, year, year])}-{rnd.randint(1, 12):02d}",
                       f"{rnd.randint(-500, 5000) / rnd.choice([1, 10, 100, 1000])}"))
    return workers, events, cells, membership, values


def self_test(threads):
    failures = []
    year = 2025
    with tempfile.TemporaryDirectory(prefix="plans_duckdb_") as d:
        data = hand_dataset()
        write_dataset(d, *data)
        stats = run_benchmark(d, year, threads, runs=1)
        got, rows = read_result(d)
        for key, want in HAND_EXPECTED.items():
            have = got.get(key)
            if have != want:
                failures.append(f"hand {key}: want {want}, got {have}")
        if any(not r[1].startswith("2025-") for r in rows):
            failures.append("a month outside 2025 in the output")
        if rows != sorted(rows, key=lambda r: (r[0], r[1], r[2])):
            failures.append("output is not sorted by unit, month, indicator")
        ref = reference(*data, year)
        if got != ref:
            failures.append(f"hand dataset differs from the Python reference: "
                            f"{sorted(set(got.items()) ^ set(ref.items()))[:10]}")
        log(f"hand dataset: {len(rows)} rows, {len(HAND_EXPECTED)} hand checks")

    for seed in (1, 2):
        with tempfile.TemporaryDirectory(prefix="plans_duckdb_") as d:
            data = random_dataset(seed, 400, year)
            write_dataset(d, *data)
            run_benchmark(d, year, threads, runs=1)
            got, rows = read_result(d)
            ref = reference(*data, year)
            diff = sorted(set(got.items()) ^ set(ref.items()))
            if diff:
                failures.append(f"random dataset {seed}: {len(diff)} differences "
                                f"from the Python reference, e.g. {diff[:6]}")
            log(f"random dataset {seed}: {len(rows)} rows compared with the reference")

    for f in failures:
        log("FAIL:", f)
    result = {"self_test": "fail" if failures else "ok", "failures": len(failures),
              "duckdb_version": duckdb.__version__, "threads": stats["threads"]}
    print(json.dumps(result))
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", help="directory holding the exported CSV files")
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--self-test", action="store_true",
                    help="check the aggregation on small hand-made data and exit")
    args = ap.parse_args()
    if args.self_test:
        sys.exit(self_test(args.threads))
    if not args.dir:
        ap.error("--dir is required (or --self-test)")
    print(json.dumps(run_benchmark(args.dir, args.year, args.threads)), flush=True)


if __name__ == "__main__":
    main()
