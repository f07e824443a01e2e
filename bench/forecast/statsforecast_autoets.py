"""Forecasts each training series of a task file with statsforecast's
AutoETS (season length 12), the peer of `vieclam bench forecast`.

Input CSV: task,month,value (one training series per task, months
"YYYY-MM"). Output CSV: task,step,mean,lo95,hi95. Prints one JSON line with
the seconds spent fitting and forecasting (imports and file reading
excluded), single-threaded (n_jobs=1).

Usage: statsforecast_autoets.py TASKS.csv HORIZON OUT.csv
"""
import json
import sys
import time

import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoETS


def main() -> None:
    tasks_path, horizon, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    frame = pd.read_csv(tasks_path, dtype={"task": str})
    frame = frame.rename(columns={"task": "unique_id", "value": "y"})
    frame["ds"] = pd.to_datetime(frame["month"] + "-01")
    frame = frame[["unique_id", "ds", "y"]]
    started = time.perf_counter()
    model = StatsForecast(models=[AutoETS(season_length=12)], freq="MS", n_jobs=1)
    forecast = model.forecast(df=frame, h=horizon, level=[95])
    seconds = time.perf_counter() - started
    forecast = forecast.reset_index() if "unique_id" not in forecast.columns else forecast
    forecast["step"] = forecast.groupby("unique_id").cumcount() + 1
    out = forecast.rename(
        columns={"unique_id": "task", "AutoETS": "mean", "AutoETS-lo-95": "lo95", "AutoETS-hi-95": "hi95"}
    )[["task", "step", "mean", "lo95", "hi95"]]
    out.to_csv(out_path, index=False)
    print(json.dumps({"seconds": seconds, "tasks": int(frame["unique_id"].nunique())}))


if __name__ == "__main__":
    main()
