"""Benchmarks of the wavelet family (issue 4): WT-RDF+ fits on 59 r × 1000 q.

Data: the Ge–Se-like Gaussian-shell fixture of ``tests/_rdf_fixtures.py`` (G(r) on 59 points,
F(q) truncated at 7.9 Å⁻¹ on 1000 points). Run ``python -m benchmarks.run wavelet``.

- ``fit_both_rounds``: the default training (two rounds, selective loss, paper bounds) with
  each solver; goal ≤ 0.3 s. Loss columns are computed the same way for every solver at the
  fitted θ: ``sel_L1`` = Eq. 16 (Σ|ŷ − y| on the two peak bins), MAE/FPE/SPE (Eqs. 17-19).
- ``fit_mae_loss``: the same with ``loss="mae"`` (59 residuals instead of 2).
- ``kernel``: one model + Jacobian evaluation (the per-step floor of every solver).
- ``batch_vs_loop``: 1000 frames fitted by ``WaveletRDFBatchRegressor`` vs loops of single
  fits; loops (and batched Adam) run on fewer curves and are scaled per curve, as the rows
  say (``n_timed``). Goal ≥ 20× vs a loop of the single estimator's default fits.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from sklearn_rdf._training import torch_threads
from sklearn_rdf.metrics import first_peak_error, mean_absolute_error, second_peak_error
from sklearn_rdf.physics import find_rdf_peaks
from sklearn_rdf.wavelet import WaveletRDFBatchRegressor, WaveletRDFModule, WaveletRDFRegressor
from tests._rdf_fixtures import ge_se_like, ge_se_like_frames

from .harness import benchmark, timed

SOLVERS = ("adam", "lbfgs", "least_squares", "lm")


def _quality(est, r, G) -> dict:
    P = est.predict(r)
    peaks = find_rdf_peaks(r, G).indices[:2]
    return {
        "sel_L1": float(np.abs(P[peaks] - G[peaks]).sum()),
        "MAE": mean_absolute_error(G, P),
        "FPE": first_peak_error(G, P, r=r),
        "SPE": second_peak_error(G, P, r=r),
        "a": est.a_,
        "b": est.b_,
    }


def _solver_rows(quick: bool, **settings) -> list[dict]:
    r, G, q, F = ge_se_like(n_q=200 if quick else 1000)
    rows = []
    cases = [(s, 1) for s in SOLVERS] + [("adam", 2)]
    for solver, n_threads in cases:
        est = WaveletRDFRegressor((q, F), solver=solver, n_threads=n_threads, **settings)
        t = timed(lambda est=est: est.fit(r, G), repeat=1 if quick else 5)
        rows.append(
            {
                "solver": solver,
                "n_threads": n_threads,
                "size": f"{r.size}x{q.size}",
                "best_s": t["best_s"],
                "median_s": t["median_s"],
                "evals": int(sum(len(h) for h in est.loss_history_)),
                **_quality(est, r, G),
            }
        )
    return rows


@benchmark("wavelet")
def fit_both_rounds(quick: bool) -> list[dict]:
    """Default training (paper schedule, selective loss) per solver; goal ≤ 0.3 s."""
    return [{**row, "goal_s": 0.3} for row in _solver_rows(quick)]


@benchmark("wavelet")
def fit_mae_loss(quick: bool) -> list[dict]:
    """The same solvers on the MAE loss (all 59 points)."""
    return _solver_rows(quick, loss="mae")


@benchmark("wavelet")
def kernel(quick: bool) -> list[dict]:
    """One G + dG/dθ evaluation at 59 r × 1000 q (float32 and float64, 1 thread)."""
    r, _, q, F = ge_se_like(n_q=200 if quick else 1000)
    rows = []
    for dtype in (torch.float32, torch.float64):
        module = WaveletRDFModule(q, F, [0.59, 4.6, 0.106, 0.212, -4.7], dtype=dtype)
        rt = torch.as_tensor(r, dtype=dtype)
        for jac in (False, True):

            def run(module=module, rt=rt, jac=jac):
                with torch_threads(1):
                    module.value_and_jacobian(rt, jacobian=jac)

            t = timed(run, repeat=5 if quick else 30)
            rows.append(
                {
                    "what": "G and dG/dθ" if jac else "G only",
                    "dtype": str(dtype).removeprefix("torch."),
                    "size": f"{r.size}x{q.size}",
                    "best_s": t["best_s"],
                    "median_s": t["median_s"],
                }
            )
    return rows


def _per_curve(make, r, Gs, q, Fs, n: int) -> tuple[float, list]:
    """Seconds per curve of a loop of single fits over the first n curves, and the fits."""
    fits = []
    t0 = time.perf_counter()
    for j in range(n):
        fits.append(make((q, Fs[:, j])).fit(r, Gs[:, j]))
    return (time.perf_counter() - t0) / n, fits


@benchmark("wavelet")
def batch_vs_loop(quick: bool) -> list[dict]:
    """1000 frames: WaveletRDFBatchRegressor vs loops of single fits (scaled per curve)."""
    n, n_loop, n_adam = (20, 4, 8) if quick else (1000, 20, 50)
    r, Gs, q, Fs = ge_se_like_frames(n, n_q=200 if quick else 1000)

    t0 = time.perf_counter()
    batch = WaveletRDFBatchRegressor((q, Fs)).fit(r, Gs)
    t_batch = (time.perf_counter() - t0) / n
    fpe = first_peak_error(Gs, batch.predict(r), r=r, multioutput="raw_values")

    t0 = time.perf_counter()
    WaveletRDFBatchRegressor((q, Fs[:, :n_adam]), solver="adam").fit(r, Gs[:, :n_adam])
    t_batch_adam = (time.perf_counter() - t0) / n_adam

    t_adam, _ = _per_curve(WaveletRDFRegressor, r, Gs, q, Fs, n_loop)
    t_lm, lm_fits = _per_curve(
        lambda sf: WaveletRDFRegressor(sf, solver="lm"), r, Gs, q, Fs, n_loop
    )
    t_ls, _ = _per_curve(
        lambda sf: WaveletRDFRegressor(sf, solver="least_squares"), r, Gs, q, Fs, n_loop
    )
    theta_diff = max(
        float(np.max(np.abs(f.theta_ - batch.theta_[j]) / np.abs(batch.theta_[j])))
        for j, f in enumerate(lm_fits)
    )
    rows = [
        {
            "what": "batch lm (WaveletRDFBatchRegressor default)",
            "n_curves": n,
            "n_timed": n,
            "s_per_curve": t_batch,
            "total_s_for_n": t_batch * n,
            "frac_FPE<1e-3": float(np.mean(fpe < 1e-3)),
        },
        {
            "what": "batch adam (paper training, vectorised)",
            "n_curves": n,
            "n_timed": n_adam,
            "s_per_curve": t_batch_adam,
            "total_s_for_n": t_batch_adam * n,
        },
    ]
    for what, t in (
        ("loop of single default fits (adam)", t_adam),
        ("loop of single lm fits", t_lm),
        ("loop of single least_squares fits", t_ls),
    ):
        rows.append(
            {
                "what": what,
                "n_curves": n,
                "n_timed": n_loop,
                "s_per_curve": t,
                "total_s_for_n": t * n,
                "batch_lm_speedup": t / t_batch,
                "batch_adam_speedup": t / t_batch_adam if "adam" in what else "",
            }
        )
    rows[2]["max_rel_theta_diff_vs_batch"] = ""
    rows[3]["max_rel_theta_diff_vs_batch"] = theta_diff
    return rows


class _Trivial(torch.nn.Module):
    """One parameter, no physics: what the skorch + Adam loop costs by itself."""

    def __init__(self):
        super().__init__()
        self.theta = torch.nn.Parameter(torch.ones(1))

    def forward(self, X):
        return X[:, 0] * self.theta


@benchmark("wavelet")
def interleaved(quick: bool) -> list[dict]:
    """Default fits and the bare skorch+Adam loop, timed in turns (robust to drifting load)."""
    from sklearn_rdf._training import fit_net, make_net

    r, G, q, F = ge_se_like(n_q=200 if quick else 1000)
    loop = make_net(_Trivial, criterion=torch.nn.L1Loss, max_epochs=200, lr=0.01)
    cases = {
        "adam (paper, 2 x 100 epochs)": lambda: WaveletRDFRegressor((q, F)).fit(r, G),
        "skorch+Adam loop alone, 200 epochs": lambda: fit_net(loop, r[:2, None], G[:2]),
        "lm": lambda: WaveletRDFRegressor((q, F), solver="lm").fit(r, G),
        "least_squares": lambda: WaveletRDFRegressor((q, F), solver="least_squares").fit(r, G),
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    for f in cases.values():
        f()
    for _ in range(2 if quick else 8):
        for k, f in cases.items():
            t0 = time.perf_counter()
            f()
            times[k].append(time.perf_counter() - t0)
    return [
        {"what": k, "best_s": min(v), "median_s": float(np.median(v)), "repeat": len(v)}
        for k, v in times.items()
    ]


ABLATION = {
    "(a) optimisation": {"bounds": {}, "loss": "mae"},
    "(b) + bounding": {"loss": "mae"},
    "(c) + selective loss": {"bounds": {}},
    "(d) all (WT-RDF+)": {},
}


@benchmark("wavelet")
def ablation_table3(quick: bool) -> list[dict]:
    """Table 3's settings (a)-(d) with the paper's Adam and the least-squares solvers."""
    r, G, q, F = ge_se_like(n_q=200 if quick else 1000)
    runs = [("WT-RDF (learn=False)", "-", {"learn": False})]
    for solver in ("adam", "lm", "least_squares"):
        runs += [(name, solver, {**kw, "solver": solver}) for name, kw in ABLATION.items()]
    rows = []
    for name, solver, settings in runs:
        est = WaveletRDFRegressor((q, F), **settings).fit(r, G)
        P = est.predict(r)
        rows.append(
            {
                "method": name,
                "solver": solver,
                "MAE": mean_absolute_error(G, P),
                "FPE": first_peak_error(G, P, r=r),
                "SPE": second_peak_error(G, P, r=r),
                **{k: round(v, 3) for k, v in est.params_.items()},
            }
        )
    return rows
