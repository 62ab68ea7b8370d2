#!/usr/bin/env python3
"""Trains the `demand-forecast` demo model from real grid data and exports it to ONNX by hand.

Data: half-hourly electricity demand of England and Wales, Monday 5 June to Sunday 27 August
2000, in megawatts (4,032 values = 12 weeks), the dataset `taylor` of the R package
`forecast` (Debian r-cran-forecast; the package is GPL-3; the data was provided by James W.
Taylor: Taylor, J.W. (2003) "Short-term electricity demand forecasting using double seasonal
exponential smoothing", Journal of the Operational Research Society 54, 799-805). The recipe
exports it with Rscript to scripts/recipes/data/taylor.csv (committed); the date and the
start time of each half-hour are counted from the documented first day, 00:00.

Task: the last 7 days (336 half-hours) -> the next 24 hours (48 half-hours), issued at
midnight. Each window is scaled by its own mean (input x / mean - 1, output y / mean - 1),
so the model learns the shape of demand, not its level, and the TypeScript task applies the
same scaling (src/tasks/forecast/features.ts).

Split (by time, never shuffled across it): the last 14 days are held out (test); the 14
days before them validate the choice of model size and weight decay; the model is then
retrained on every window whose target ends before the held-out fortnight. Training
windows start at every half-hour (not only at midnight) to give the small data more shapes.

Baselines on the same held-out days, in the same table: seasonal naive (the same half-hour
one week earlier) and the mean of the same half-hour on the last 4 same weekdays.

Model: a small MLP (336 -> hidden -> ReLU -> 48), trained with torch (fixed seeds, one
thread, L1 loss), exported with onnx.helper: MatMul/Add/Relu/MatMul/Add, input `history`
float32 [batch, 336], output `forecast` float32 [batch, 48], both relative to the window mean.

Run from the repository root with Debian's python3 (python3-torch, python3-onnx, numpy) and
Rscript (r-cran-forecast):
    /usr/bin/python3 scripts/recipes/demand-forecast.py
Writes scripts/recipes/data/taylor.csv, models/demand-forecast/1/model.onnx and
models/demand-forecast/recipe-output.json. Deterministic on one machine, so the catalog's
sha256 stays valid when the recipe is re-run there.
"""
import csv
import json
import os
import subprocess

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

SEED = 20001027
OUT_DIR = "models/demand-forecast"
CSV_PATH = "scripts/recipes/data/taylor.csv"
OPSET = 13
WINDOW = 336  # 7 days of half-hours
HORIZON = 48  # the next 24 hours
DAY = 48
HELD_OUT_DAYS = 14
VALIDATION_DAYS = 14
EPOCHS = 100
BATCH = 64
LR = 1e-3
GRID = [(0, 1e-2), (0, 1e-1), (64, 1e-2), (64, 1e-1), (128, 1e-2), (128, 1e-1)]  # (hidden units, 0 = linear; weight decay)

R_EXPORT = r'''
suppressMessages(library(forecast))
x <- as.numeric(taylor)
stopifnot(length(x) == 4032)
i <- seq_along(x) - 1
d <- as.Date("2000-06-05") + i %/% 48
h <- i %% 48
write.csv(data.frame(date = format(d), time = sprintf("%02d:%02d", h %/% 2, (h %% 2) * 30), demand_mw = x),
          commandArgs(TRUE)[1], row.names = FALSE, quote = FALSE)
cat(as.character(packageVersion("forecast")))
'''


def export_csv():
    """The data straight out of the R package; returns the forecast package's version."""
    os.makedirs(os.path.dirname(CSV_PATH), exist_ok=True)
    done = subprocess.run(["Rscript", "-e", R_EXPORT, CSV_PATH], check=True, capture_output=True, text=True)
    return done.stdout.strip()


def read_csv():
    with open(CSV_PATH, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["date"] for r in rows], [r["time"] for r in rows], np.array([float(r["demand_mw"]) for r in rows])


def mape(forecast, actual):
    return float(np.mean(np.abs(forecast - actual) / actual) * 100)


def seasonal_naive(x, start):
    return x[start - 7 * DAY:start - 6 * DAY]


def same_weekday_mean(x, start, weeks=4):
    """Mean of the same half-hours on the last `weeks` same weekdays that the data holds."""
    days = [x[start - k * 7 * DAY:start - k * 7 * DAY + DAY] for k in range(1, weeks + 1) if start - k * 7 * DAY >= 0]
    return np.mean(days, axis=0)


def windows(x, starts):
    """Inputs and targets scaled by each window's mean, and the means."""
    xs = np.stack([x[s:s + WINDOW] for s in starts])
    ys = np.stack([x[s + WINDOW:s + WINDOW + HORIZON] for s in starts])
    mean = xs.mean(axis=1, keepdims=True)
    return xs / mean - 1, ys / mean - 1, mean


def train(x, last_target_end, hidden, weight_decay):
    """Fits on every window whose target ends at or before `last_target_end`."""
    torch.manual_seed(SEED)
    starts = np.arange(0, last_target_end - WINDOW - HORIZON + 1)
    xs, ys, _ = windows(x, starts)
    xs, ys = torch.tensor(xs, dtype=torch.float32), torch.tensor(ys, dtype=torch.float32)
    if hidden:
        net = torch.nn.Sequential(torch.nn.Linear(WINDOW, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, HORIZON))
    else:
        net = torch.nn.Sequential(torch.nn.Linear(WINDOW, HORIZON))
    opt = torch.optim.AdamW(net.parameters(), lr=LR, weight_decay=weight_decay)
    order = torch.Generator().manual_seed(SEED)
    for _ in range(EPOCHS):
        perm = torch.randperm(len(xs), generator=order)
        for i in range(0, len(xs), BATCH):
            batch = perm[i:i + BATCH]
            opt.zero_grad()
            loss = torch.mean(torch.abs(net(xs[batch]) - ys[batch]))
            loss.backward()
            opt.step()
    return net, len(starts)


def predict(net, x, day_starts):
    xs, _, mean = windows(x, [s - WINDOW for s in day_starts])
    with torch.no_grad():
        return (net(torch.tensor(xs, dtype=torch.float32)).numpy().astype(np.float64) + 1) * mean


def build_onnx(net):
    layers = [m for m in net if isinstance(m, torch.nn.Linear)]
    inits, nodes, current = [], [], "history"
    for k, layer in enumerate(layers):
        w = layer.weight.detach().numpy().T.astype(np.float32)
        b = layer.bias.detach().numpy().astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{k}"), numpy_helper.from_array(b, f"b{k}")]
        last = k == len(layers) - 1
        out = "forecast" if last else f"h{k}"
        nodes += [helper.make_node("MatMul", [current, f"w{k}"], [f"m{k}"], name=f"dense{k}"),
                  helper.make_node("Add", [f"m{k}", f"b{k}"], [out if last else f"a{k}"], name=f"bias{k}")]
        if not last:
            nodes.append(helper.make_node("Relu", [f"a{k}"], [out], name=f"relu{k}"))
        current = out
    graph = helper.make_graph(
        nodes, "demand_forecast",
        [helper.make_tensor_value_info("history", TensorProto.FLOAT, ["batch", WINDOW])],
        [helper.make_tensor_value_info("forecast", TensorProto.FLOAT, ["batch", HORIZON])],
        inits)
    model = helper.make_model(graph, producer_name="ax-playground", producer_version="0.1.0",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8  # what onnx 1.12 writes; pinned so a newer onnx gives the same bytes
    model.doc_string = ("Next 48 half-hours of England and Wales electricity demand from the last 336, "
                        "both as value / mean(last 336) - 1. Trained on the taylor data (R package forecast).")
    onnx.checker.check_model(model)
    return model


def run_graph(model, xs):
    """The exported graph evaluated node by node with numpy in float32 (onnx 1.12 has no reference runtime)."""
    values = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    values["history"] = xs.astype(np.float32)
    ops = {"MatMul": lambda a, b: a @ b, "Add": lambda a, b: a + b, "Relu": lambda a: np.maximum(a, 0)}
    for node in model.graph.node:
        values[node.output[0]] = ops[node.op_type](*(values[n] for n in node.input))
    return values["forecast"]


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    forecast_version = export_csv()
    dates, times, x = read_csv()
    n = len(x)
    assert n == 4032 and dates[0] == "2000-06-05" and dates[-1] == "2000-08-27", (n, dates[0], dates[-1])
    test_start = n - HELD_OUT_DAYS * DAY
    val_start = test_start - VALIDATION_DAYS * DAY
    test_days = list(range(test_start, n, DAY))
    val_days = list(range(val_start, test_start, DAY))

    # Model choice on the validation fortnight only; the held-out fortnight is never looked at.
    grid = []
    for hidden, wd in GRID:
        net, _ = train(x, val_start, hidden, wd)
        p = predict(net, x, val_days)
        grid.append({"hidden": hidden, "weightDecay": wd,
                     "validationMape": round(float(np.mean([mape(p[i], x[s:s + DAY]) for i, s in enumerate(val_days)])), 4)})
        print(f"hidden={hidden:4d} weight decay={wd:<5} validation MAPE {grid[-1]['validationMape']:.3f}%")
    best = min(grid, key=lambda g: g["validationMape"])
    net, n_windows = train(x, test_start, best["hidden"], best["weightDecay"])

    model = build_onnx(net)
    xs, _, mean = windows(x, [s - WINDOW for s in test_days])
    torch_out = predict(net, x, test_days)
    onnx_out = (run_graph(model, xs).astype(np.float64) + 1) * mean
    max_abs_diff_mw = float(np.max(np.abs(onnx_out - torch_out)))
    assert max_abs_diff_mw < 0.5, f"the exported graph disagrees with torch by {max_abs_diff_mw} MW"

    days = []
    for i, s in enumerate(test_days):
        actual = x[s:s + DAY]
        days.append({"date": dates[s], "start": s,
                     "mape": round(mape(torch_out[i], actual), 4),
                     "seasonalNaiveMape": round(mape(seasonal_naive(x, s), actual), 4),
                     "sameWeekdayMeanMape": round(mape(same_weekday_mean(x, s), actual), 4),
                     "forecastMw": [round(float(v), 2) for v in torch_out[i]]})
    overall = {k: round(float(np.mean([d[k] for d in days])), 4) for k in ("mape", "seasonalNaiveMape", "sameWeekdayMeanMape")}
    beats = overall["mape"] < overall["seasonalNaiveMape"] and overall["mape"] < overall["sameWeekdayMeanMape"]
    print(f"held-out fortnight MAPE: model {overall['mape']:.3f}%, seasonal naive {overall['seasonalNaiveMape']:.3f}%, "
          f"mean of last 4 same weekdays {overall['sameWeekdayMeanMape']:.3f}% -> model beats both: {beats}")

    os.makedirs(f"{OUT_DIR}/1", exist_ok=True)
    onnx.save(model, f"{OUT_DIR}/1/model.onnx")
    output = {
        "recipe": "scripts/recipes/demand-forecast.py",
        "dataset": "taylor, R package forecast " + forecast_version + " (GPL-3); half-hourly electricity demand, England and Wales, "
                   "5 June - 27 August 2000, MW; provided by James W. Taylor (Taylor 2003, J. Oper. Res. Soc. 54, 799-805)",
        "csv": CSV_PATH,
        "values": n,
        "window": WINDOW,
        "horizon": HORIZON,
        "scaling": "input and output divided by the mean of the 336-value window, minus 1",
        "model": f"MLP {WINDOW} -> {best['hidden']} -> ReLU -> {HORIZON}" if best["hidden"] else f"linear {WINDOW} -> {HORIZON}",
        "training": {"loss": "L1", "optimizer": "AdamW", "learningRate": LR, "epochs": EPOCHS, "batch": BATCH,
                     "windows": n_windows, "seed": SEED, "grid": grid, "chosen": best},
        "split": {"validationStart": dates[val_start], "validationIndex": val_start,
                  "heldOutStart": dates[test_start], "heldOutIndex": test_start, "heldOutEnd": dates[-1], "heldOutDays": HELD_OUT_DAYS,
                  "note": "trained on windows whose target ends before the held-out fortnight (validation only chose the size)"},
        "torch": torch.__version__,
        "onnx": onnx.__version__,
        "onnxMaxAbsDiffMw": max_abs_diff_mw,
        "heldOut": {**overall, "modelBeatsBoth": beats},
        "days": days,
    }
    with open(f"{OUT_DIR}/recipe-output.json", "w", encoding="utf-8") as f:
        json.dump(output, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {CSV_PATH}, {OUT_DIR}/1/model.onnx and {OUT_DIR}/recipe-output.json")


if __name__ == "__main__":
    main()
