"""Benchmarks of the neural baselines (RBFNetRegressor, LSTMRegressor).

``python -m benchmarks.run neural`` runs three:

speed
    Each estimator's whole ``fit`` (validation, scaling, skorch net, 500 epochs) against a
    bare torch loop that trains the same module from the same start on the same
    standardised data (Adam lr 0.01, MSE, 500 full-batch epochs, one thread), and against
    skorch's default ``NeuralNetRegressor`` (default batch size, 20 % validation split and
    callbacks; ``verbose=0``). The variants run interleaved, round after round, so that
    load from other processes hits them alike; best and median of the rounds are reported,
    with the ratios to the bare loop.
threads
    Each estimator's fit with one torch thread (the default) and with torch's default
    thread count (``n_threads=None``), interleaved: the reason for the one-thread default.
accuracy
    The paper's data-ratio protocol (§5.3, Table 5) on the 59-point Ge-Se-like G(r) curve:
    train on a random 100/75/50/25 % of the points with the default settings, predict all
    59, report MAE/FPE/SPE (Å⁻²), mean ± std over three seeds.
grids
    Table 1 (16 (M, β) pairs) and Table 2 (h_t) at 100 % data: MAE of each setting.
"""

from __future__ import annotations

import numpy as np
import torch
from sklearn.preprocessing import StandardScaler
from skorch import NeuralNetRegressor
from torch import nn

from sklearn_rdf._training import torch_rng, torch_threads
from sklearn_rdf.metrics import first_peak_error, mean_absolute_error, second_peak_error
from sklearn_rdf.neural import (
    LSTMModule,
    LSTMRegressor,
    RBFModule,
    RBFNetRegressor,
    initial_centers,
)
from sklearn_rdf.neural._base import sort_rows
from tests._rdf_fixtures import ge_se_like_G

from .harness import benchmark, timed

TABLE1_M_BETA = [
    (16, 16), (32, 16), (64, 16), (16, 32), (16, 64), (32, 64), (64, 64), (16, 128),
    (64, 256), (128, 256), (256, 256), (128, 512), (256, 512), (512, 512), (512, 1024),
    (1024, 1024),
]  # fmt: skip
TABLE1_PAPER_MAE = [0.930, 0.918, 0.932, 0.898, 0.683, 0.582, 0.585, 0.346, 0.193, 0.182,
                    0.234, 0.128, 0.082, 0.078, 0.029, 0.050]  # fmt: skip
TABLE2_HIDDEN = [8, 16, 32, 64, 128, 256]
TABLE2_PAPER_MAE = [0.069, 0.033, 0.036, 0.023, 0.026, 0.035]
TABLE5_PAPER = {  # (model, ratio) -> (MAE, FPE, SPE)
    ("RBF", 1.0): (0.0286, 0.0340, 0.0331), ("LSTM", 1.0): (0.0229, 0.0370, 0.0377),
    ("RBF", 0.75): (0.3223, 1.1011, 0.6140), ("LSTM", 0.75): (0.4656, 0.0769, 1.2753),
    ("RBF", 0.5): (0.5434, 5.5705, 0.2233), ("LSTM", 0.5): (0.7193, 2.3270, 0.6587),
    ("RBF", 0.25): (0.8522, 4.9250, 1.2345), ("LSTM", 0.25): (0.8365, 5.3931, 0.6486),
}  # fmt: skip


def _standardised(r, G):
    X, Y = r[:, None], G[:, None]
    Xz = StandardScaler().fit_transform(X)
    Yz = StandardScaler().fit_transform(Y)
    return Xz, Yz


def _bare_loop(make_module, Xz, Yz, epochs):
    """The reference: the same module trained by a plain torch loop, one thread."""
    X_t = torch.as_tensor(Xz, dtype=torch.float32)
    Y_t = torch.as_tensor(Yz, dtype=torch.float32)

    def run():
        with torch_threads(1), torch_rng(0):
            module = make_module()
            opt = torch.optim.Adam(module.parameters(), lr=0.01)
            loss_fn = nn.MSELoss()
            for _ in range(epochs):
                opt.zero_grad()
                loss = loss_fn(module(X_t), Y_t)
                loss.backward()
                opt.step()
        return loss.item()

    return run


def _skorch_default(module_cls, module_kw, Xz, Yz, epochs):
    def run():
        with torch_threads(1):
            net = NeuralNetRegressor(
                module_cls, max_epochs=epochs, lr=0.01, optimizer=torch.optim.Adam,
                verbose=0, **{f"module__{k}": v for k, v in module_kw.items()},
            )  # fmt: skip
            net.fit(Xz.astype(np.float32), Yz.astype(np.float32))

    return run


def _interleaved(variants: dict, rounds: int) -> dict:
    for fn in variants.values():  # warm-up (first-call imports, allocator)
        fn()
    times = {name: [] for name in variants}
    for _ in range(rounds):
        for name, fn in variants.items():
            times[name].append(timed(fn, repeat=1, warmup=0)["best_s"])
    return {name: (min(t), float(np.median(t))) for name, t in times.items()}


@benchmark("neural", "speed")
def speed(quick: bool) -> list[dict]:
    r, G = ge_se_like_G()
    epochs, rounds = (100, 2) if quick else (500, 7)
    Xz, Yz = _standardised(r, G)
    order = sort_rows(Xz)
    cases = [
        ("RBF M=512 β=1024 (default)", RBFNetRegressor, {}, RBFModule,
         {"centers": initial_centers(Xz, 512), "beta": 1024.0, "n_outputs": 1}, Xz, Yz),
        ("RBF M=64 β=16", RBFNetRegressor, {"n_centers": 64, "beta": 16.0}, RBFModule,
         {"centers": initial_centers(Xz, 64), "beta": 16.0, "n_outputs": 1}, Xz, Yz),
        ("LSTM h=64 (default)", LSTMRegressor, {}, LSTMModule,
         {"n_features": 1, "hidden_size": 64, "n_outputs": 1}, Xz[order], Yz[order]),
    ]  # fmt: skip
    rows = []
    for label, Est, est_kw, module_cls, module_kw, Xm, Ym in cases:
        variants = {
            "bare torch loop": _bare_loop(
                lambda m=module_cls, k=module_kw: m(**k), Xm, Ym, epochs),
            "estimator.fit": lambda E=Est, kw=est_kw: E(
                **kw, max_epochs=epochs, random_state=0).fit(r, G),
            "skorch NeuralNetRegressor defaults": _skorch_default(
                module_cls, module_kw, Xm, Ym, epochs),
        }  # fmt: skip
        res = _interleaved(variants, rounds)
        bare_best, bare_median = res["bare torch loop"]
        for name, (best, median) in res.items():
            rows.append({
                "model": label, "variant": name, "epochs": epochs, "best_s": best,
                "median_s": median, "ratio_best": best / bare_best,
                "ratio_median": median / bare_median, "rounds": rounds,
            })  # fmt: skip
    return rows


@benchmark("neural", "threads")
def threads(quick: bool) -> list[dict]:
    r, G = ge_se_like_G()
    epochs, rounds = (50, 2) if quick else (200, 3)
    rows = []
    for label, Est in (("RBF M=512 β=1024", RBFNetRegressor), ("LSTM h=64", LSTMRegressor)):
        variants = {
            f"n_threads={n}": lambda E=Est, n=n: E(
                max_epochs=epochs, random_state=0, n_threads=n
            ).fit(r, G)
            for n in (1, None)
        }
        res = _interleaved(variants, rounds)
        one_best, one_median = res["n_threads=1"]
        for name, (best, median) in res.items():
            rows.append({
                "model": label, "variant": name, "torch_threads": torch.get_num_threads()
                if name.endswith("None") else 1, "epochs": epochs, "best_s": best,
                "median_s": median, "ratio_best": best / one_best,
                "ratio_median": median / one_median, "rounds": rounds,
            })  # fmt: skip
    return rows


def _errors(G, pred, r):
    return (
        mean_absolute_error(G, pred),
        first_peak_error(G, pred, r=r),
        second_peak_error(G, pred, r=r),
    )


@benchmark("neural", "accuracy")
def accuracy(quick: bool) -> list[dict]:
    r, G = ge_se_like_G()
    seeds = (0,) if quick else (0, 1, 2)
    epochs = 100 if quick else 500
    rows = []
    for name, Est in (("RBF", RBFNetRegressor), ("LSTM", LSTMRegressor)):
        for ratio in (1.0, 0.75, 0.5, 0.25):
            errs = []
            for seed in seeds:
                rng = np.random.default_rng(seed)
                train = np.sort(rng.choice(r.size, size=round(ratio * r.size), replace=False))
                est = Est(max_epochs=epochs, random_state=seed).fit(r[train], G[train])
                errs.append(_errors(G, est.predict(r), r))
            errs = np.array(errs)
            paper = TABLE5_PAPER[(name, ratio)]
            row = {"model": name, "data_ratio": ratio, "epochs": epochs, "seeds": len(seeds)}
            for j, metric in enumerate(("MAE", "FPE", "SPE")):
                row[metric] = f"{errs[:, j].mean():.4f} ± {errs[:, j].std():.4f}"
                row[f"paper_{metric}"] = paper[j]
            rows.append(row)
    return rows


@benchmark("neural", "grids")
def grids(quick: bool) -> list[dict]:
    r, G = ge_se_like_G()
    epochs = 100 if quick else 500
    rows = []
    for (m, b), paper in zip(TABLE1_M_BETA, TABLE1_PAPER_MAE, strict=True):
        pred = RBFNetRegressor(m, b, max_epochs=epochs, random_state=0).fit(r, G).predict(r)
        rows.append({"table": 1, "setting": f"M={m} β={b}", "epochs": epochs,
                     "MAE": mean_absolute_error(G, pred), "paper_MAE": paper})  # fmt: skip
    for h, paper in zip(TABLE2_HIDDEN, TABLE2_PAPER_MAE, strict=True):
        pred = LSTMRegressor(h, max_epochs=epochs, random_state=0).fit(r, G).predict(r)
        rows.append({"table": 2, "setting": f"h_t={h}", "epochs": epochs,
                     "MAE": mean_absolute_error(G, pred), "paper_MAE": paper})  # fmt: skip
    return rows
