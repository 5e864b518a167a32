"""The resolution benchmark: F(q) cut at 7.9 Å⁻¹, truth = the transform of the full range.

Curves whose F(q) reaches far: the real SiO2 neutron data (to 40 Å⁻¹), liquid Ar (Yarnell,
to 11.75 Å⁻¹), liquid Ne (digitised, to 14.85 Å⁻¹), and the simulated glasses in Å
(``load_simulated_glasses``: a-Si, CuZr, SiO2, SiC, q to 20 Å⁻¹; the Lennard-Jones systems are in
reduced units, where a cut at 7.9 means nothing, and are left out). Each F(q) is cut at
``q_cut``; the truth is G(r) transformed from the whole range. The models
(:func:`resolution_models`: Fourier, Lorch, WT-RDF, WT-RDF+ by Adam and by least squares,
ShellRDFRegressor and its variants, the regularised inversion) see the cut data; one
reference row ("Oracle: shells fitted to the true tail") refits the default shells to the true
F(q) beyond the cut — it reads the answer and shows how far Gaussian shells can go:

- scored on 59 points on [1.5, 8] Å: MAE, held out (models that read the target — the Fourier
  transforms' scale/offset, WT-RDF+ — by an interleaved 5-fold; the resolution models read
  nothing from it, so every point is unseen), and the paper's FPE/SPE of the 100 % fit;
- on a fine grid (Δr = 0.005 Å): first and second peak positions (Å) inside
  [r_1 − 0.3, 8] Å (r_1: the known first-shell distance), and the first-shell area of R(r)
  between the minima of the truth's R(r) around its first peak.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin, clone

from ..metrics import first_peak_error, second_peak_error
from ..physics import coordination_number, find_rdf_peaks, sine_transform_F_to_G

__all__ = ["ResolutionCurve", "resolution_curves", "resolution_models", "run_resolution_benchmark"]

R_GRID = np.linspace(1.5, 8.0, 59)
R_FINE = np.arange(1.0, 8.0, 0.005)


@dataclass
class ResolutionCurve:
    """One curve: the full-range F(q) (q, F in Å⁻¹), ρ (atoms/Å³) and r_1 (Å)."""

    name: str
    kind: str
    q: np.ndarray
    F: np.ndarray
    rho: float | None
    r1: float
    n_scale: float = 1.0  # first-shell area -> partial N (e.g. Si–O in SiO2 neutrons)
    bond_lengths: tuple[float, ...] | None = None  # prior shell seeds (Å), known beforehand


def _real_curves(data_dir: Path) -> list[ResolutionCurve]:
    from ..datasets import interference_to_S, read
    from ..physics import neutron_weights

    out = []
    sio2 = data_dir / "sio2_glass_neutron" / "SiO2_NIMROD.mint01"
    if sio2.is_file():
        s = interference_to_S(read(sio2), composition={"Si": 1, "O": 2})
        keep = (s.x > 0) & (s.x <= 40.0)
        q = s.x[keep]
        w = neutron_weights(["Si", "O"], [1 / 3, 2 / 3])
        w_sio = next(v for k, v in w.items() if set(k.split("-")) == {"Si", "O"})
        out.append(
            ResolutionCurve(
                "SiO2 (neutron)",
                "real",
                q,
                q * (s.y[keep] - 1),
                0.0664,
                1.61,
                n_scale=(2 / 3) / w_sio,
            )
        )
    ar = data_dir / "liquid_ar_neutron" / "yarnell.sq"
    if ar.is_file():
        c = read(ar)
        out.append(
            ResolutionCurve("Ar 85 K (neutron)", "real", c.x, c.x * (c.y - 1), 0.02125, 3.7)
        )
    ne = data_dir / "liquid_ne" / "ne_42K_sq_new.csv"
    if ne.is_file():
        d = np.loadtxt(ne, delimiter=",", skiprows=1)  # header "s,q" but the columns are q, S
        out.append(
            ResolutionCurve(
                "Ne 42 K (digitised)", "real", d[:, 0], d[:, 0] * (d[:, 1] - 1), None, 3.0
            )
        )
    mg = data_dir / "raw_xray_glassure" / "Mg2SiO4_ambient.xy"
    if mg.is_file() and mg.with_name("Mg2SiO4_ambient_bkg.xy").is_file():
        out.append(_mg2sio4_curve(mg))
    return out


#: The Mg2SiO4 reduction: Glassure's test settings (density 2.9 g/cm³, Q ≤ 20 Å⁻¹ — above
#: ~22 Å⁻¹ its F(Q) grows with Q, see ``physics.noise_limited_q_max`` — Kaplow low-r
#: correction below 1.4 Å).
MG2SIO4_REDUCTION = {"composition": "Mg2SiO4", "density": 2.9, "q_max": 20.0, "r_cutoff": 1.4}


def _mg2sio4_curve(pattern: Path) -> ResolutionCurve:
    """Mg2SiO4 glass, raw synchrotron X-ray pattern reduced by ``reduce_xray`` to Q = 20 Å⁻¹.

    F(Q) starts at Q = 0 (the reduction's step below the measured Q_min = 1.24 Å⁻¹); the
    first shell is Si–O at 1.63 Å; N is the area of the X-ray-weighted R(r), compared with
    the full range's (no conversion to a partial: the weights depend on Q).
    """
    from ..datasets import read
    from ..reduction import reduce_xray

    red = reduce_xray(
        read(pattern), read(pattern.with_name("Mg2SiO4_ambient_bkg.xy")), **MG2SIO4_REDUCTION
    )
    # bond lengths of crystalline forsterite (mean Si–O 1.63, Mg–O 2.10 Å), a prior that a
    # user has before measuring: the "bond-length seeds" row
    return ResolutionCurve(
        "Mg2SiO4 (X-ray)", "real", red.F.x, red.F.y, red.rho, 1.63, bond_lengths=(1.63, 2.10)
    )


def _simulated_curves(per_system: int | None) -> list[ResolutionCurve]:
    from ..datasets import load_simulated_glasses

    out = []
    for system in ("a-si", "cuzr", "sio2", "sic"):
        d = load_simulated_glasses(system)
        n = d.S.shape[0] if per_system is None else min(per_system, d.S.shape[0])
        for i in range(n):
            meta = d.metadata.iloc[i]
            out.append(
                ResolutionCurve(
                    f"{system}[{i}]",
                    f"simulated {system}",
                    d.q,
                    d.q * (d.S[i] - 1),
                    float(meta["density"]),
                    float(meta["r_first_peak"]),
                )
            )
    return out


def resolution_curves(data_dir=None, *, per_system: int | None = None) -> list[ResolutionCurve]:
    """The benchmark's curves: the real ones found under ``data_dir``, then the simulated.

    Parameters
    ----------
    data_dir : path, optional
        Folder with ``sio2_glass_neutron/``, ``liquid_ar_neutron/``, ``liquid_ne/``,
        ``raw_xray_glassure/`` (the project's ``../shared/data``); files that are absent are
        skipped.
    per_system : int, optional
        At most this many simulated glasses per system (default: all).

    Returns
    -------
    list of ResolutionCurve
        The real curves (those whose files exist), then the simulated glasses.
    """
    real = [] if data_dir is None else _real_curves(Path(data_dir))
    return real + _simulated_curves(per_system)


class _InversionRDF(RegressorMixin, BaseEstimator):
    """Benchmark-only wrapper of :func:`sklearn_rdf.physics.regularised_inversion` (F only)."""

    def __init__(self, structure_factor=None, *, rho=None, q_extend=40.0, lam=0.01):
        self.structure_factor = structure_factor
        self.rho = rho
        self.q_extend = q_extend
        self.lam = lam

    def fit(self, X, y):
        from ..physics import regularised_inversion
        from ..physics.shell_fit import _candidates, fit_gaussian_shells

        q, F = (np.asarray(a, dtype=np.float64) for a in self.structure_factor)
        rho = self.rho
        if rho is None:
            rho = fit_gaussian_shells(q, F, q_extend=self.q_extend, n_shells=1).rho
        r1 = _candidates(q, F, (0.5, 6.0))[0]
        self.q_h_, self.F_h_, _, _, self.lam_ = regularised_inversion(
            q, F, rho=rho, r_core=0.8 * r1, q_extend=self.q_extend, lam=self.lam
        )
        return self

    def predict(self, X):
        r = np.asarray(X, dtype=np.float64).reshape(-1)
        return sine_transform_F_to_G(self.q_h_, self.F_h_, r)


class _OracleTail(RegressorMixin, BaseEstimator):
    """Reference, not a model: the default shells refitted to the *true* F(q) beyond the cut
    (it reads the answer), to show how far Gaussian shells can go on a curve."""

    def __init__(self, structure_factor=None, *, full=None, rho=None):
        self.structure_factor = structure_factor
        self.full = full
        self.rho = rho

    def fit(self, X, y):
        from scipy.optimize import least_squares

        from ..physics import gaussian_shells_F
        from ..resolution import ShellRDFRegressor

        q, F = self.structure_factor
        qf, Ff = self.full
        base = ShellRDFRegressor((q, F), rho=self.rho, q_extend=float(qf[-1])).fit(X, y)
        p0 = base.shells_.ravel()
        lo = np.ravel([[rk - 0.2, 0.0, 0.01] for rk in base.shells_[:, 0]])
        hi = np.ravel([[rk + 0.2, 500.0, 0.6] for rk in base.shells_[:, 0]])
        tail = qf > q[-1]
        sol = least_squares(
            lambda p: Ff[tail] - gaussian_shells_F(qf[tail], p),
            np.clip(p0, lo + 1e-9, hi - 1e-9),
            bounds=(lo, hi),
        )
        q_tail = np.arange(q[-1] + 0.02, qf[-1], 0.02)
        self.q_h_ = np.concatenate([q, q_tail])
        self.F_h_ = np.concatenate([F, gaussian_shells_F(q_tail, sol.x)])
        return self

    def predict(self, X):
        return sine_transform_F_to_G(self.q_h_, self.F_h_, np.asarray(X, dtype=float).reshape(-1))


def resolution_models(q, F, *, rho, q_extend, bond_lengths=None) -> dict:
    """The compared models, each given the cut F(q).

    Parameters
    ----------
    q, F : ndarray
        The cut structure factor (Å⁻¹).
    rho : float or None
        Number density (atoms/Å³) for the physics models (None: fitted).
    q_extend : float
        q (Å⁻¹) up to which the resolution models continue F(q) (the truth's range).
    bond_lengths : tuple of float, optional
        Shell positions known beforehand (Å): adds the row "Shells, bond-length seeds".

    Returns
    -------
    dict
        Name → unfitted estimator.
    """
    from ..peers import FourierRDFRegressor
    from ..resolution import ShellRDFRegressor, WaveletTailRDFRegressor
    from ..wavelet import WaveletRDFRegressor

    sf = (q, F)
    shell = {"structure_factor": sf, "rho": rho, "q_extend": q_extend}
    models = {
        "FT (no fit)": FourierRDFRegressor(sf, fit_scale=False, fit_offset=False),
        "FT": FourierRDFRegressor(sf),
        "FT + Lorch": FourierRDFRegressor(sf, window="lorch"),
        "WT-RDF": WaveletRDFRegressor(sf, learn=False),
        "WT-RDF+": WaveletRDFRegressor(sf),
        "WT-RDF+ (least squares)": WaveletRDFRegressor(sf, solver="least_squares", loss="mae"),
        "Shells (hybrid)": ShellRDFRegressor(**shell),
        "Shells (analytic G)": ShellRDFRegressor(**shell, prediction="shells"),
        "Shells, 1 shell": ShellRDFRegressor(**shell, n_shells=1),
        "Shells, residual seeding": ShellRDFRegressor(**shell, seeding="residual"),
        "Shells, no low-r line": ShellRDFRegressor(**shell, low_r_weight=1e-6),
        "Shells, low-r line always (w = 10)": ShellRDFRegressor(**shell, low_r_weight=10.0),
        "WT kernel + shells": WaveletTailRDFRegressor(**shell),
        "WT kernel + shells, no ridge": WaveletTailRDFRegressor(**shell, kernel_penalty=0.0),
        "Shells + g ≥ 0, kernel off": WaveletTailRDFRegressor(**shell, kernel_penalty=1e6),
        "Inversion (R ≥ 0, λ = 0.01)": _InversionRDF(sf, rho=rho, q_extend=q_extend),
        "Inversion (R ≥ 0, λ by GCV)": _InversionRDF(sf, rho=rho, q_extend=q_extend, lam=None),
    }
    if bond_lengths is not None:
        models["Shells, bond-length seeds"] = ShellRDFRegressor(
            **shell, shell_seeds=tuple(bond_lengths)
        )
    return models


def _reads_target(est) -> bool:
    """Whether ``est.fit`` reads the target G(r) (then it is scored by an interleaved K-fold).

    The F-only models read nothing from it: the raw transform, WT-RDF with the paper's θ
    (``learn=False``), the shells without ``fit_scale`` and the regularised inversion.
    """
    if isinstance(est, _InversionRDF | _OracleTail):
        return False  # F only (the oracle reads the true F beyond the cut, never y)
    name = type(est).__name__
    if name == "FourierRDFRegressor":
        return bool(est.fit_scale or est.fit_offset)
    if name in ("ShellRDFRegressor", "WaveletTailRDFRegressor"):
        return bool(est.fit_scale)
    return bool(getattr(est, "learn", True))


def _heldout(est, X, y, n_folds=5):
    from ..model_selection._curves import _heldout_prediction

    return _heldout_prediction(est, X, y, np.arange(len(y)), np.empty_like(y), n_folds)[1]


def _peaks(r, G, r1):
    found = find_rdf_peaks(r, G, r_range=(r1 - 0.3, 8.0))
    pos = list(found.positions[:2]) + [np.nan] * 2
    return pos[:2], found.positions


def _match(target, predicted):
    if np.isnan(target) or predicted.size == 0:
        return np.nan
    return float(predicted[np.argmin(np.abs(predicted - target))])


def _score_curve(curve: ResolutionCurve, q_cut: float) -> list[dict]:
    q, F = curve.q, curve.F
    G_true = sine_transform_F_to_G(q, F, R_GRID)
    G_fine = sine_transform_F_to_G(q, F, R_FINE)
    cut = q <= q_cut
    qc, Fc = q[cut], F[cut]
    rho = curve.rho
    if rho is None:  # density from the full range's low-r line (the shells fit estimates it)
        from ..physics.shell_fit import fit_gaussian_shells

        rho = fit_gaussian_shells(q, F, q_extend=float(q[-1]), n_shells=1).rho
    R_true = R_FINE * (G_fine + 4 * np.pi * rho * R_FINE)
    shell = coordination_number(R_FINE, R_true, r_range=(curve.r1 - 0.3, 8.0))
    (t1, t2), _ = _peaks(R_FINE, G_fine, curve.r1)
    X = R_GRID.reshape(-1, 1)
    rows = []
    models = resolution_models(
        qc, Fc, rho=curve.rho, q_extend=float(q[-1]), bond_lengths=curve.bond_lengths
    )
    models["Oracle: shells fitted to the true tail"] = _OracleTail(
        (qc, Fc), full=(q, F), rho=curve.rho
    )
    for name, est in models.items():
        start = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitted = clone(est).fit(X, G_true)
            fit_s = time.process_time() - start
            pred = fitted.predict(X)
            held = _heldout(est, X, G_true) if _reads_target(est) else pred
        fine = fitted.predict(R_FINE.reshape(-1, 1))
        _, pp = _peaks(R_FINE, fine, curve.r1)
        p1, p2 = _match(t1, pp), _match(t2, pp)
        R_pred = R_FINE * (fine + 4 * np.pi * rho * R_FINE)
        n_pred = coordination_number(R_FINE, R_pred, r_lo=shell.r_lo, r_hi=shell.r_hi).cn
        rows.append(
            {
                "curve": curve.name,
                "kind": curve.kind,
                "model": name,
                "reads_target": _reads_target(est) or isinstance(est, _OracleTail),
                "mae_heldout": float(np.mean(np.abs(held - G_true))),
                "fpe": first_peak_error(G_true, pred, r=R_GRID),
                "spe": second_peak_error(G_true, pred, r=R_GRID),
                "peak1": p1,
                "peak1_true": t1,
                "peak2": p2,
                "peak2_true": t2,
                "N1": n_pred * curve.n_scale,
                "N1_true": shell.cn * curve.n_scale,
                "fit_cpu_s": fit_s,
            }
        )
    return rows


#: The baselines of "× best": the Fourier transform (raw, the simplest honest one, and with a
#: fitted scale/offset), the Lorch transform and WT-RDF+ by either solver.
BASELINES = ("FT (no fit)", "FT", "FT + Lorch", "WT-RDF+", "WT-RDF+ (least squares)")


def _summarise(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Derived columns of the tidy rows, and the summary table (see run_resolution_benchmark)."""
    frame = frame.copy()
    best = frame[frame.model.isin(BASELINES)].groupby("curve")["mae_heldout"].min()
    ft_time = frame[frame.model == "FT"].set_index("curve")["fit_cpu_s"]
    frame["mae_vs_best_baseline"] = frame["mae_heldout"] / frame["curve"].map(best)
    frame["dr1"] = (frame["peak1"] - frame["peak1_true"]).abs()
    frame["dr2"] = (frame["peak2"] - frame["peak2_true"]).abs()
    frame["N1_err_pct"] = 100 * (frame["N1"] / frame["N1_true"] - 1)
    frame["time_vs_FT"] = frame["fit_cpu_s"] / frame["curve"].map(ft_time).clip(lower=1e-6)
    frame["group"] = np.where(frame["kind"] == "real", frame["curve"], frame["kind"])
    cols = [
        "mae_heldout",
        "mae_vs_best_baseline",
        "fpe",
        "spe",
        "peak1",
        "dr1",
        "peak2",
        "dr2",
        "N1",
        "N1_err_pct",
        "fit_cpu_s",
        "time_vs_FT",
    ]
    order = list(dict.fromkeys(frame["group"]))
    summary = frame.groupby(["group", "model"], sort=False)[cols].median()
    summary = summary.reindex(
        pd.MultiIndex.from_product([order, list(dict.fromkeys(frame.model))])
    ).dropna(how="all")
    summary.index.names = ["curve", "model"]
    return frame, summary


def run_resolution_benchmark(
    curves: list[ResolutionCurve],
    *,
    q_cut: float = 7.9,
    out_dir=None,
    log: Callable[[str], None] = print,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score every model on every curve; return (tidy rows, summary table).

    The summary has one row per (curve group, model): for the real curves each curve, for the
    simulated ones the median over the curves of a system. Columns: held-out MAE, its ratio to
    the best baseline on that curve (the Fourier transform raw and with a fitted scale/offset,
    FT + Lorch, WT-RDF+ by either solver), the first and second peak positions and their
    errors (Å), the first-shell N and its error (%), the fit's CPU time and its ratio to the
    Fourier transform's.

    Parameters
    ----------
    curves : list of ResolutionCurve
        From :func:`resolution_curves`.
    q_cut : float, default=7.9
        Where F(q) is cut (Å⁻¹).
    out_dir : path, optional
        Writes ``resolution_scores.csv`` and ``resolution_summary.csv`` there.
    log : callable
        Progress messages.

    Returns
    -------
    frame : pandas.DataFrame
        One row per (curve, model).
    summary : pandas.DataFrame
        One row per (curve group, model), as described above.
    """
    rows = []
    for i, curve in enumerate(curves, start=1):
        rows.extend(_score_curve(curve, q_cut))
        log(f"  [{i}/{len(curves)}] {curve.name}")
    frame, summary = _summarise(pd.DataFrame(rows))
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        frame.to_csv(out / "resolution_scores.csv", index=False)
        summary.to_csv(out / "resolution_summary.csv")
    return frame, summary
