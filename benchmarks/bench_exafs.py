"""Benchmarks of the EXAFS inversion (ONNERegressor and its two peers).

``python -m benchmarks.run exafs`` runs:

toy_kernel
    The toy kernel of Eq. A1 (no amplitude, phase or losses): a 10-member ONNE trained on
    Gaussian shells only (N 1–6, μ 2.0–2.8 Å, σ 0.03–0.20 Å; k 0.5–12 Å⁻¹), tested on
    held-out skewed, Γ-like, bimodal, flat-top and harmonic-dimer shells (and Gaussians):
    mean absolute error of N and of the mean distance R; training CPU time; coverage of the
    calibrated ±2σ band of N.
feff_kernel
    The same shapes through the FEFF8L Cu–Cu table, ΔE0 drawn in ±5 eV (unknown to every
    method), S0² 0.9 known, noise 0.01 on k²χ, k 2–12 Å⁻¹: ONNE against non-negative
    Tikhonov (GCV λ, ΔE0 scan in 1 eV steps) and a one-shell cumulant fit in R space
    (1.4–3.2 Å), accuracy (N and R of the whole grid, and of the window 1.8–3.0 Å, where
    leakage far from the shell does not count) and time per spectrum; inverting 1,000
    spectra; the Spearman rank correlation of the spread with |ΔN| over all held-out shapes,
    with the spread from perturbed copies (default) and from the members alone.
cu_foil
    Cu foil (``../shared/data/exafs_cu/cu_metal.chi``) and FEFF8L's own fcc Cu path sum with
    and without multiple scattering (``benchmarks/data``, known first shell 2.5562 Å): ONNE
    without and with the χ(R) filter, cumulant fit without and with C3.
uf4_melt
    The UF4 melt (``exp.chik`` and the MD partials): the MD's χ(k) against the data, and every
    inversion under a stated S0² (held 0.9; the MD-fitted value, circular) on the data and on
    the MD's own χ(k).
fine_tuning, uf4_e0_reference
    Fine-tuning on one state point tested on another; ONNE's UF4 R against the E0 reference.
uf4_table_variants, uf4_table_variants_onne
    Is the UF4 amplitude the U–F table's? For each FEFF variant of the table
    (``benchmarks/data/uf4_table_variants.npz``, ``benchmarks/make_uf4_table_variants.py``):
    the amplitude factor, the S0² at which the MD's χ matches exp.chik, the cumulant fit and
    (for three variants) the ONNE at S0² 0.9; FEFF's own S0² estimate.

CPU times are ``time.process_time`` of the process that did the work (members report their
own), measured on the shared 2-core development machine under load from other sessions.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import numpy as np
from scipy import stats

from sklearn_rdf.exafs import (
    MacrostateGenerator,
    ONNERegressor,
    Shell,
    fit_cumulant_shells,
    read_chi,
    tikhonov_inversion,
)
from sklearn_rdf.physics.exafs import (
    chi_from_rdf,
    load_scattering_table,
    r_factor,
    shell_moments,
)

from .harness import benchmark

SHAPES = ("gaussian", "skewed", "gamma", "bimodal", "flat_top", "harmonic_dimer")
R_GRID = np.round(np.arange(1.4, 3.6001, 0.02), 4)
#: Microstates of 200 sampled distances per component (measured: better on held-out shapes
#: than the analytic Gaussian density or 1000 samples; docs/exafs.md)
PAIR_SAMPLES = 200
#: The toy benchmark's microstates: 50 sampled distances (2-member A/B: bimodal N error 0.14
#: against 0.25 with 200 samples)
TOY_PAIR_SAMPLES = 50
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def held_out_shell(kind: str, r, rng, n_range=(1.5, 5.5), centre=(2.2, 2.6)):
    """One shell of the given shape on r: R(r) (Å⁻¹) normalised to a random N."""
    n = rng.uniform(*n_range)
    c = rng.uniform(*centre)
    if kind == "gaussian":
        pdf = stats.norm(c, rng.uniform(0.04, 0.15)).pdf(r)
    elif kind == "skewed":
        pdf = stats.skewnorm(rng.uniform(3, 6), loc=c - 0.08, scale=rng.uniform(0.08, 0.14)).pdf(r)
    elif kind == "gamma":
        pdf = stats.gamma(rng.uniform(2, 5), loc=c - 0.15, scale=0.05).pdf(r)
    elif kind == "bimodal":
        d, w = rng.uniform(0.15, 0.3), rng.uniform(0.3, 0.7)
        s1, s2 = rng.uniform(0.03, 0.06, size=2)
        pdf = w * stats.norm(c - d / 2, s1).pdf(r) + (1 - w) * stats.norm(c + d / 2, s2).pdf(r)
    elif kind == "flat_top":
        pdf = stats.gennorm(8, loc=c, scale=rng.uniform(0.1, 0.2)).pdf(r)
    elif kind == "harmonic_dimer":
        # a classical harmonic dimer at fixed energy: density ∝ 1/√(A² − (r − c)²) between the
        # turning points, smeared by a 0.02 Å Gaussian (zero-point motion / resolution)
        A = rng.uniform(0.08, 0.15)
        fine = np.linspace(c - A, c + A, 2001)[1:-1]
        dens = 1 / np.sqrt(A**2 - (fine - c) ** 2)
        pdf = (dens[None, :] * stats.norm(0, 0.02).pdf(r[:, None] - fine[None, :])).sum(1)
    else:
        raise ValueError(kind)
    R = n * pdf / np.trapezoid(pdf, r)
    return R


def test_set(kind, n, r, rng):
    Rs = np.stack([held_out_shell(kind, r, rng) for _ in range(n)])
    n_true, d_true, _ = shell_moments(r, Rs)
    return Rs, n_true, d_true


def _errors(onne_or_R, r, n_true, d_true, window=None):
    """Mean |ΔN| and |ΔR| of the predicted shells (over the whole grid, or a window in Å)."""
    lo, hi = window if window is not None else (None, None)
    n, d, _ = shell_moments(r, onne_or_R, lo, hi)
    return float(np.mean(np.abs(n - n_true))), float(np.mean(np.abs(d - d_true)))


#: Shell window of the FEFF comparison (the held-out shells lie inside it): leakage of a
#: solution far from the shell does not count there.
WINDOW = (1.8, 3.0)


def _coverage(onne, X, r, n_true):
    """Fraction of true N within the calibrated ±2σ of the shell table."""
    tab = onne.shell_table(X)
    return float(np.mean(np.abs(tab["n"].to_numpy() - n_true) <= 2 * tab["n_std"].to_numpy()))


def _spreads(onne, X, n_true):
    """|ΔN| of the first shell, its calibrated σ (perturbed copies) and the members' σ."""
    tab = onne.shell_table(X)
    draws = onne.spread_draws
    onne.spread_draws = 0  # the members' own spread (its scale does not matter to a rank)
    try:
        members = onne.shell_table(X)
    finally:
        onne.spread_draws = draws
    err = np.abs(tab["n"].to_numpy() - n_true)
    return np.column_stack([err, tab["n_std"].to_numpy(), members["n_std"].to_numpy()])


def _train(gen, quick, **kw):
    params = dict(
        n_members=3 if quick else 10,
        n_train=2000 if quick else 10000,
        max_epochs=10 if quick else 60,
        n_calibration=400 if quick else 1000,
        n_jobs=2,
        random_state=0,
    )
    params.update(kw)
    t0 = time.perf_counter()
    onne = ONNERegressor(gen, **params).fit()
    wall = time.perf_counter() - t0
    return onne, wall


@benchmark("exafs")
def toy_kernel(quick: bool) -> list[dict]:
    k = np.round(np.arange(0.5, 12.0001, 0.05), 4)
    gen = MacrostateGenerator(
        [Shell("X-Y", n=(1, 6), distance=(2.0, 2.8), sigma=(0.03, 0.20))],
        k, R_GRID, "toy", pair_samples=TOY_PAIR_SAMPLES,
    )  # fmt: skip
    onne, wall = _train(gen, quick, kweight=0)
    cov = onne.coverage_.set_index("quantity")
    rows = [
        {"benchmark": "toy_kernel", "case": "training", "members": onne.n_members,
         "cpu_s_total": round(sum(onne.member_cpu_seconds_), 1), "wall_s": round(wall, 1),
         "N_raw_within_2sigma": cov.loc["n X-Y shell 0", "raw_within_2sigma"],
         "N_calibrated_within_2sigma": cov.loc["n X-Y shell 0", "calibrated_within_2sigma"],
         "N_spread_error_spearman": cov.loc["n X-Y shell 0", "spearman_spread_error"]}
    ]  # fmt: skip
    rng = np.random.default_rng(7)
    for kind in SHAPES:
        Rs, n_true, d_true = test_set(kind, 20 if quick else 50, R_GRID, rng)
        X = chi_from_rdf(k, R_GRID, Rs.T, "toy").T
        pred = onne.predict(X)
        n_err, d_err = _errors(pred, R_GRID, n_true, d_true)
        rows.append(
            {"benchmark": "toy_kernel", "case": kind, "N_mae": n_err, "R_mae_A": d_err,
             "N_within_calibrated_2sigma": _coverage(onne, X, R_GRID, n_true)}
        )  # fmt: skip
    return rows


def _feff_setup():
    k = np.round(np.arange(2.0, 12.0001, 0.05), 4)
    table = load_scattering_table("Cu-Cu")
    gen = MacrostateGenerator(
        [Shell("Cu-Cu", n=(1, 6), distance=(2.0, 2.8), sigma=(0.03, 0.20))],
        k, R_GRID, {"Cu-Cu": table}, s02=0.9, e0_shift=(-5, 5), noise=0.01,
        pair_samples=PAIR_SAMPLES,
    )  # fmt: skip
    return k, table, gen


@benchmark("exafs")
def feff_kernel(quick: bool) -> list[dict]:
    _, table, gen = _feff_setup()
    onne, wall = _train(gen, quick)
    cov = onne.coverage_.set_index("quantity")
    rows = [
        {"benchmark": "feff_kernel", "method": "ONNE", "case": "training",
         "cpu_s_total": round(sum(onne.member_cpu_seconds_), 1), "wall_s": round(wall, 1),
         "N_raw_within_2sigma": cov.loc["n Cu-Cu shell 0", "raw_within_2sigma"],
         "N_calibrated_within_2sigma": cov.loc["n Cu-Cu shell 0", "calibrated_within_2sigma"],
         "N_spread_error_spearman": cov.loc["n Cu-Cu shell 0", "spearman_spread_error"]}
    ]  # fmt: skip
    rng = np.random.default_rng(11)
    n_test = 8 if quick else 25
    spread_tables = []
    k_fine = np.round(np.arange(0.0, 14.0001, 0.05), 4)
    sel = (k_fine >= 2.0 - 1e-9) & (k_fine <= 12.0 + 1e-9)
    for kind in SHAPES:
        Rs, n_true, d_true = test_set(kind, n_test, R_GRID, rng)
        n_tw, d_tw, _ = shell_moments(R_GRID, Rs, *WINDOW)
        e0 = rng.uniform(-5, 5, size=n_test)
        chis = np.stack(
            [
                chi_from_rdf(k_fine, R_GRID, R, table, e0_shift=e, s02=0.9)
                for R, e in zip(Rs, e0, strict=True)
            ]
        )
        chis[:, k_fine > 0] += rng.normal(0, 0.01, size=(n_test, np.sum(k_fine > 0))) / (
            k_fine[k_fine > 0] ** 2
        )
        t0 = time.process_time()
        pred = onne.predict(chis[:, sel])
        t_onne = (time.process_time() - t0) / n_test
        n_err, d_err = _errors(pred, R_GRID, n_true, d_true)
        n_win, d_win = _errors(pred, R_GRID, n_tw, d_tw, WINDOW)
        spread_tables.append(_spreads(onne, chis[:, sel], n_true))
        rows.append(
            {
                "benchmark": "feff_kernel",
                "method": "ONNE",
                "case": kind,
                "N_mae": n_err,
                "R_mae_A": d_err,
                "N_mae_window": n_win,
                "R_mae_window_A": d_win,
                "cpu_s_per_spectrum": t_onne,
                "N_within_calibrated_2sigma": _coverage(onne, chis[:, sel], R_GRID, n_true),
            }
        )
        t0 = time.process_time()
        tik = [
            tikhonov_inversion(
                k_fine,
                c,
                R_GRID,
                table,
                kmin=2,
                kmax=12,
                s02=0.9,
                e0_shifts=np.arange(-5, 5.01, 1.0),
            )
            for c in chis
        ]
        t_tik = (time.process_time() - t0) / n_test
        R_tik = np.stack([t.R for t in tik])
        n_err, d_err = _errors(R_tik, R_GRID, n_true, d_true)
        n_win, d_win = _errors(R_tik, R_GRID, n_tw, d_tw, WINDOW)
        rows.append(
            {
                "benchmark": "feff_kernel",
                "method": "Tikhonov (NNLS, GCV, ΔE0 scan)",
                "case": kind,
                "N_mae": n_err,
                "R_mae_A": d_err,
                "N_mae_window": n_win,
                "R_mae_window_A": d_win,
                "cpu_s_per_spectrum": t_tik,
            }
        )
        t0 = time.process_time()
        fits = [
            fit_cumulant_shells(
                k_fine,
                c,
                [dict(table=table, n=3.0, distance=2.4, sigma2=0.008)],
                s02=0.9,
                kmin=2,
                kmax=12,
                rmin=1.4,
                rmax=3.2,
            )
            for c in chis
        ]
        t_cum = (time.process_time() - t0) / n_test
        n_fit = np.array([f.shells.n[0] for f in fits])
        d_fit = np.array([f.shells.distance[0] for f in fits])
        rows.append({"benchmark": "feff_kernel", "method": "cumulant fit (R space)", "case": kind,
                     "N_mae": float(np.mean(np.abs(n_fit - n_true))),
                     "R_mae_A": float(np.mean(np.abs(d_fit - d_true))),
                     "cpu_s_per_spectrum": t_cum})  # fmt: skip
    pooled = np.concatenate(spread_tables)  # |ΔN|, σ_N (perturbed copies), σ_N (members)
    for col, what in ((1, f"members × {onne.spread_draws} perturbed copies (default)"),
                      (2, "members only (spread_draws=0)")):  # fmt: skip
        row = {
            "benchmark": "feff_kernel",
            "method": "ONNE",
            "case": f"spread vs N error, all held-out shapes: {what}",
            "N_spread_error_spearman": stats.spearmanr(pooled[:, col], pooled[:, 0]).statistic,
        }
        if col == 1:
            row["N_within_calibrated_2sigma"] = float(np.mean(pooled[:, 0] <= 2 * pooled[:, 1]))
        rows.append(row)  # fmt: skip
    # inverting 1,000 spectra at once
    X, _, _ = gen.sample(1000, random_state=3)
    onne.predict(X[:10])
    t0, c0 = time.perf_counter(), time.process_time()
    onne.predict(X)
    rows.append(
        {
            "benchmark": "feff_kernel",
            "method": "ONNE",
            "case": "predict 1000 spectra",
            "wall_s": time.perf_counter() - t0,
            "cpu_s": time.process_time() - c0,
        }
    )
    return rows


CU_PATHS = Path(__file__).resolve().parent / "data" / "cu_fcc_feff8l_paths.npz"
#: The R window (Å, phase-uncorrected χ(R)) of the Cu first-shell cumulant fit; ONNE's
#: ``r_window`` uses the same one.
CU_R_WINDOW = (1.7, 2.9)


#: Member layouts of the mixed-width ensemble (cycled over the members).
MIXED_WIDTHS = [(256,) * 3, (128,) * 3, (512,) * 2, (192,) * 4, (384,) * 3]


@benchmark("exafs")
def spread_ranking(quick: bool) -> list[dict]:
    """The feff_kernel test again with members of five different widths (``MIXED_WIDTHS``).

    Same generator, same held-out shapes and draws (seed 11) as ``feff_kernel``; reports N
    error, calibrated coverage and the Spearman rank correlation of spread and |ΔN| pooled
    over the shapes, for the spread from perturbed copies and from the members alone.
    """
    _, table, gen = _feff_setup()
    onne, wall = _train(gen, quick, hidden=MIXED_WIDTHS)
    cov = onne.coverage_.set_index("quantity").loc["n Cu-Cu shell 0"]
    rng = np.random.default_rng(11)
    n_test = 8 if quick else 25
    k_fine = np.round(np.arange(0.0, 14.0001, 0.05), 4)
    sel = (k_fine >= 2.0 - 1e-9) & (k_fine <= 12.0 + 1e-9)
    pooled, n_err = [], []
    for kind in SHAPES:
        Rs, n_true, _ = test_set(kind, n_test, R_GRID, rng)
        e0 = rng.uniform(-5, 5, size=n_test)
        chis = np.stack([chi_from_rdf(k_fine, R_GRID, R, table, e0_shift=e, s02=0.9)
                         for R, e in zip(Rs, e0, strict=True)])  # fmt: skip
        chis[:, k_fine > 0] += rng.normal(0, 0.01, size=(n_test, np.sum(k_fine > 0))) / (
            k_fine[k_fine > 0] ** 2
        )
        pooled.append(_spreads(onne, chis[:, sel], n_true))
        n_err.append(float(np.mean(pooled[-1][:, 0])))
    pooled = np.concatenate(pooled)
    rows = [{"method": "ONNE, mixed widths", "case": "training",
             "cpu_s_total": round(sum(onne.member_cpu_seconds_), 1), "wall_s": round(wall, 1),
             "N_raw_within_2sigma": cov["raw_within_2sigma"],
             "N_calibrated_within_2sigma": cov["calibrated_within_2sigma"],
             "N_spread_error_spearman": cov["spearman_spread_error"]}]  # fmt: skip
    for kind, err in zip(SHAPES, n_err, strict=True):
        rows.append({"method": "ONNE, mixed widths", "case": kind, "N_mae": err})
    for col, what in ((1, f"members × {onne.spread_draws} perturbed copies (default)"),
                      (2, "members only (spread_draws=0)")):  # fmt: skip
        row = {
            "method": "ONNE, mixed widths",
            "case": f"spread vs N error, all held-out shapes: {what}",
            "N_spread_error_spearman": stats.spearmanr(pooled[:, col], pooled[:, 0]).statistic,
        }
        if col == 1:
            row["N_within_calibrated_2sigma"] = float(np.mean(pooled[:, 0] <= 2 * pooled[:, 1]))
        rows.append(row)  # fmt: skip
    return rows


def _cu_onne(quick: bool, r_window):
    """ONNE on the first four fcc Cu shells in single scattering, S0² 0.9, k 3–14 Å⁻¹."""
    k = np.round(np.arange(3.0, 14.0001, 0.05), 4)
    r = np.round(np.arange(2.0, 5.4001, 0.02), 4)
    table = load_scattering_table("Cu-Cu")
    gen = MacrostateGenerator(
        [Shell("Cu-Cu", n=(8, 14), distance=(2.45, 2.65), sigma=(0.04, 0.12)),
         Shell("Cu-Cu", n=(3, 9), distance=(3.45, 3.75), sigma=(0.05, 0.15)),
         Shell("Cu-Cu", n=(16, 32), distance=(4.3, 4.6), sigma=(0.05, 0.15)),
         Shell("Cu-Cu", n=(6, 18), distance=(4.95, 5.25), sigma=(0.05, 0.15))],
        k, r, {"Cu-Cu": table}, s02=0.9, e0_shift=(-5, 8), noise=0.02,
        pair_samples=PAIR_SAMPLES,
    )  # fmt: skip
    onne, _ = _train(gen, quick, r_window=r_window)
    return onne, k, table


@benchmark("exafs")
def cu_foil(quick: bool) -> list[dict]:
    """Cu foil first shell (crystal 2.553 Å) and FEFF8L's own fcc path sum (known answer).

    ONNE without and with the Fourier filter of the cumulant fit's R window; the cumulant fit
    without and with a third cumulant. The FEFF8L spectra (``benchmarks/data``, made by
    ``benchmarks/make_cu_feff8l_paths.py``) have the first shell at 2.5562 Å: with every path
    (multiple scattering included, which the single-scattering training lacks) and with the
    single-scattering paths alone.
    """
    if not SHARED.is_dir():
        return [{"benchmark": "cu_foil", "case": "skipped: ../shared/data is absent"}]
    k_data, chi_data, _ = read_chi(SHARED / "exafs_cu" / "cu_metal.chi")
    spectra = {"Cu foil (cu_metal.chi)": (k_data, chi_data)}
    if CU_PATHS.exists():
        paths = np.load(CU_PATHS)
        spectra["FEFF8L fcc Cu, all paths (R1 2.5562)"] = (paths["k"], paths["chi_all"])
        spectra["FEFF8L fcc Cu, single scattering only"] = (paths["k"], paths["chi_single"])
    rows = []
    for r_window in (None, CU_R_WINDOW):
        onne, k, table = _cu_onne(quick, r_window)
        label = "no filter" if r_window is None else f"χ(R) filtered {r_window[0]}–{r_window[1]} Å"
        for name, (kk, cc) in spectra.items():
            tab = onne.shell_table(np.interp(k, kk, cc)[None, :])
            first = tab[tab.shell == 0].iloc[0]
            rows.append({"case": f"{name}: ONNE ({label}, S0² 0.9, k 3–14)", "N": first.n,
                         "N_std": first.n_std, "R_A": first.distance,
                         "R_std": first.distance_std, "sigma2": first.sigma2})  # fmt: skip
    for name, (kk, cc) in spectra.items():
        for c3 in (None, 0.0):
            shell = dict(table=table, n=12, distance=2.55, sigma2=0.008, c3=c3)
            fit = fit_cumulant_shells(kk, cc, [shell], s02=0.9, kmin=3, kmax=14,
                                      rmin=CU_R_WINDOW[0], rmax=CU_R_WINDOW[1])  # fmt: skip
            sh = fit.shells.iloc[0]
            what = "C3 free" if c3 is not None else "no C3"
            rows.append({"case": f"{name}: cumulant fit ({what}, S0² 0.9, k 3–14, R 1.7–2.9)",
                         "N": sh.n, "N_std": sh.n_err, "R_A": sh.distance,
                         "R_std": sh.distance_err, "sigma2": sh.sigma2, "c3": sh.c3,
                         "e0_shift": fit.e0_shift, "r_factor": fit.r_factor})  # fmt: skip
    return rows


def uf4_md_partials():
    d = SHARED / "exafs_uf4_molten_salt"
    r = np.loadtxt(d / "MD_r_UF4_F.txt")
    R_F = 4 * np.pi * r**2 * np.loadtxt(d / "MD_gr_UF4_F.txt")
    R_U = 4 * np.pi * r**2 * np.loadtxt(d / "MD_gr_UF4_U.txt")
    return r, R_F, R_U


def _uf4_md_chi(k, s02, e0, tables=None):
    """χ(k) of the MD U–F (1.8–5.4 Å) and U–U (3.0–5.4 Å) partials.

    ``tables``: (U–F, U–U) scattering tables; default the shipped FEFF8L ones.
    """
    r, R_F, R_U = uf4_md_partials()
    keep = (r >= 1.8) & (r <= 5.4)
    far = keep & (r >= 3.0)
    tf, tu = tables or (load_scattering_table("U-F"), load_scattering_table("U-U"))
    return chi_from_rdf(k, r[keep], R_F[keep], tf, s02=s02, e0_shift=e0) + chi_from_rdf(
        k, r[far], R_U[far], tu, s02=s02, e0_shift=e0
    )


def uf4_forward(k_data, chi_data, kmin=2.0, kmax=10.0, tables=None):
    """χ(k) of the MD U–F (+ U–U) partials vs exp.chik: S0² and ΔE0 fitted (k²χ, k 2–10)."""
    from scipy.optimize import least_squares

    sel = (k_data >= kmin) & (k_data <= kmax)
    kk = k_data[sel]
    data = kk**2 * chi_data[sel]

    def model(s02, e0):
        return kk**2 * _uf4_md_chi(kk, s02, e0, tables)

    sol = least_squares(lambda p: model(*p) - data, [0.9, 0.0], bounds=([0.1, -15], [2, 15]))
    s02, e0 = sol.x
    return s02, e0, r_factor(data, model(s02, e0)), r_factor(data, model(1.0, 0.0))


#: S0² assumptions of the UF4 inversion: what EXAFS users hold (0.9), and the value the MD
#: forward model needs to match exp.chik (circular: it takes the MD's N as given; shown only
#: to separate the method from the amplitude).
UF4_S02 = {"0.9 (held, as users do)": 0.9}


@benchmark("exafs")
def uf4_melt(quick: bool) -> list[dict]:
    """UF4 melt: the MD's χ(k) against exp.chik, and the inversions under stated S0².

    One ONNE is trained at S0² 1 (N 1–12 so that every assumption stays inside it); an
    assumed S0² s enters by dividing the spectrum by s (χ ∝ S0² N). Each inversion also runs
    on the MD's own χ(k) (at the fitted S0², ΔE0), whose answer is known (N 7.84, R 2.307 Å):
    that separates what the method does with a broad skewed shell from what the data say.
    """
    if not SHARED.is_dir():
        return [{"benchmark": "uf4_melt", "case": "skipped: ../shared/data is absent"}]
    d = SHARED / "exafs_uf4_molten_salt"
    k_data, chi_data, _ = read_chi(d / "exp.chik")
    r, R_F, _ = uf4_md_partials()
    sh = (r >= 1.8) & (r <= 3.0)
    n_md, d_md, s2_md = shell_moments(r[sh], R_F[sh])
    s02_md, e0_md, rf, rf_raw = uf4_forward(k_data, chi_data)
    rows = [{"case": "MD U–F(+U–U) χ vs exp.chik (k²χ, k 2–10; S0², ΔE0 fitted)",
             "s02": s02_md, "e0_shift": e0_md, "r_factor": rf, "r_factor_s02_1_e0_0": rf_raw,
             "N": n_md, "R_A": d_md, "sigma2": s2_md}]  # fmt: skip
    assumptions = {**UF4_S02, f"{s02_md:.3f} (from the MD fit: circular)": float(s02_md)}
    spectra = {"exp.chik": chi_data, "MD χ (known N 7.84)": _uf4_md_chi(k_data, s02_md, e0_md)}
    table = load_scattering_table("U-F")
    r_grid = np.round(np.arange(1.7, 3.4001, 0.02), 4)
    k = np.round(np.arange(2.0, 10.0001, 0.05), 4)
    for r_window in (None, (1.2, 2.6)):
        gen = MacrostateGenerator(
            [Shell("U-F", n=(1, 12), distance=(2.1, 2.6), sigma=(0.05, 0.25), max_components=2)],
            k, r_grid, {"U-F": table}, s02=1.0, e0_shift=(-5, 10), noise=0.02,
            pair_samples=PAIR_SAMPLES,
        )  # fmt: skip
        onne, _ = _train(gen, quick, r_window=r_window)
        label = "no filter" if r_window is None else "χ(R) filtered 1.2–2.6 Å"
        for (aname, s02), (sname, chi) in itertools.product(assumptions.items(), spectra.items()):
            t = onne.shell_table(np.interp(k, k_data, chi / s02)[None, :]).iloc[0]
            rows.append({"case": f"{sname}: ONNE ({label}, k 2–10), S0² {aname}", "N": t.n,
                         "N_std": t.n_std, "R_A": t.distance, "R_std": t.distance_std,
                         "sigma2": t.sigma2})  # fmt: skip
    for (aname, s02), (sname, chi) in itertools.product(assumptions.items(), spectra.items()):
        for c3 in (None, 0.0):
            fit = fit_cumulant_shells(
                k_data, chi, [dict(table=table, n=6, distance=2.3, sigma2=0.02, c3=c3)],
                s02=s02, kmin=2, kmax=8, rmin=1.2, rmax=2.6,
            )  # fmt: skip
            s = fit.shells.iloc[0]
            what = "C3 free" if c3 is not None else "no C3"
            rows.append({"case": f"{sname}: cumulant fit ({what}, k 2–8, R 1.2–2.6), S0² {aname}",
                         "N": s.n, "N_std": s.n_err, "R_A": s.distance, "R_std": s.distance_err,
                         "sigma2": s.sigma2, "c3": s.c3, "e0_shift": fit.e0_shift,
                         "r_factor": fit.r_factor})  # fmt: skip
        tik = tikhonov_inversion(k_data, chi, r_grid, table, kmin=2, kmax=10, s02=s02,
                                 e0_shifts=np.arange(-5, 10.01, 1.0))  # fmt: skip
        n_t, d_t, s2_t = shell_moments(r_grid, tik.R, 1.8, 3.0)
        rows.append({"case": f"{sname}: Tikhonov (k 2–10), S0² {aname}", "N": n_t, "R_A": d_t,
                     "sigma2": s2_t, "e0_shift": tik.e0_shift})  # fmt: skip
    return [{"benchmark": "uf4_melt", **row} for row in rows]


def _md_like_frames(r, rng, n_frames, scale_r=1.0, scale_n=1.0):
    """Frames around the MD U–F first shell (its shape, randomly stretched and rescaled)."""
    r_md, R_F, _ = uf4_md_partials()
    sh = (r_md >= 1.8) & (r_md <= 3.0)
    frames = []
    for _ in range(n_frames):
        s = scale_r * (1 + rng.normal(0, 0.01))
        n = scale_n * (1 + rng.normal(0, 0.05))
        shape = np.interp(r, r_md[sh] * s, R_F[sh], left=0.0, right=0.0)
        frames.append(n * shape * np.trapezoid(R_F[sh], r_md[sh]) / np.trapezoid(shape, r))
    return np.stack(frames)


@benchmark("exafs")
def fine_tuning(quick: bool) -> list[dict]:
    """Fine-tune on frames of one state point, test on another (Sec. III.C)."""
    if not SHARED.is_dir():
        return [{"benchmark": "fine_tuning", "case": "skipped: ../shared/data is absent"}]
    table = load_scattering_table("U-F")
    k = np.round(np.arange(2.0, 10.0001, 0.05), 4)
    r = np.round(np.arange(1.7, 3.4001, 0.02), 4)
    gen = MacrostateGenerator(
        [Shell("U-F", n=(3, 12), distance=(2.1, 2.6), sigma=(0.05, 0.25))],
        k, r, {"U-F": table}, s02=0.9, e0_shift=(-5, 5), noise=0.01,
        pair_samples=PAIR_SAMPLES,
    )  # fmt: skip
    onne, _ = _train(gen, quick)
    rng = np.random.default_rng(5)
    Y_a = _md_like_frames(r, rng, 60)  # state point A (the MD's)
    Y_b = _md_like_frames(r, rng, 26, scale_r=0.97, scale_n=0.8)  # state point B
    X_a = chi_from_rdf(k, r, Y_a.T, table, s02=0.9).T
    X_b = chi_from_rdf(k, r, Y_b.T, table, s02=0.9).T
    X_g, Y_g, _ = gen.sample(300, random_state=9)

    def scores(model):
        pred_b = model.predict(X_b)
        n_p, d_p, _ = shell_moments(r, pred_b)
        n_t, d_t, _ = shell_moments(r, Y_b)
        n_g, _, _ = shell_moments(r, model.predict(X_g))
        return {
            "curve_mae_B": float(np.mean(np.abs(pred_b - Y_b))),
            "N_mae_B": float(np.mean(np.abs(n_p - n_t))),
            "R_mae_B_A": float(np.mean(np.abs(d_p - d_t))),
            "N_mae_gaussian_test": float(np.mean(np.abs(n_g - shell_moments(r, Y_g)[0]))),
        }

    import copy

    mean_a = Y_a.mean(0)
    n_m, d_m, _ = shell_moments(r, mean_a)
    n_t, d_t, _ = shell_moments(r, Y_b)
    rows = [
        {"benchmark": "fine_tuning", "case": "mean of the tuning frames (A) as the answer",
         "curve_mae_B": float(np.mean(np.abs(mean_a - Y_b))),
         "N_mae_B": float(np.mean(np.abs(n_m - n_t))),
         "R_mae_B_A": float(np.mean(np.abs(d_m - d_t)))},
        {"benchmark": "fine_tuning", "case": "ONNE (objective training only)", **scores(onne)},
    ]  # fmt: skip
    for replay in (0, 2000):
        tuned = copy.deepcopy(onne).fine_tune(X_a, Y_a, n_replay=replay, max_epochs=60)
        rows.append(
            {
                "benchmark": "fine_tuning",
                "case": f"ONNE fine-tuned on A, replay {replay}",
                **scores(tuned),
            }
        )
    return rows


@benchmark("exafs")
def uf4_e0_reference(quick: bool) -> list[dict]:
    """How ONNE's UF4 R follows the E0 reference: the spectrum with its E0 moved by δ."""
    from sklearn_rdf.physics.exafs import ETOK

    if not SHARED.is_dir():
        return [{"benchmark": "uf4_e0_reference", "case": "skipped: ../shared/data is absent"}]
    k_data, chi_data, _ = read_chi(SHARED / "exafs_uf4_molten_salt" / "exp.chik")
    table = load_scattering_table("U-F")
    k = np.round(np.arange(2.0, 10.0001, 0.05), 4)
    r = np.round(np.arange(1.7, 3.4001, 0.02), 4)
    gen = MacrostateGenerator(
        [Shell("U-F", n=(3, 12), distance=(2.1, 2.6), sigma=(0.05, 0.25), max_components=2)],
        k, r, {"U-F": table}, s02=0.9, e0_shift=(-5, 10), noise=0.02,
        pair_samples=PAIR_SAMPLES,
    )  # fmt: skip
    onne, _ = _train(gen, quick, n_members=3 if quick else 5)
    rows = []
    for shift in (-10, -5, 0, 5, 10):
        kq = np.sqrt(np.clip(k_data**2 + ETOK * shift, 0, None))
        chi_s = np.interp(kq, k_data, chi_data)
        t = onne.shell_table(np.interp(k, k_data, chi_s)[None, :]).iloc[0]
        rows.append(
            {
                "benchmark": "uf4_e0_reference",
                "case": f"data E0 moved by {shift} eV",
                "N": t.n,
                "N_std": t.n_std,
                "R_A": t.distance,
                "R_std": t.distance_std,
            }
        )
    return rows


#: Tables of the UF4 scattering study (``python -m benchmarks.make_uf4_table_variants``)
UF4_VARIANTS = Path(__file__).resolve().parent / "data" / "uf4_table_variants.npz"
#: The variants whose ONNE is trained (5 members each, S0² 1; chosen from the cumulant fits'
#: range before any ONNE ran): the old table (sparse cluster), the lowest-amplitude one
#: (FEFF6L) and the one with the largest N (EXCHANGE 3). The shipped table (feff8l melt SCF)
#: is uf4_melt's.
UF4_ONNE_VARIANTS = ("feff8l sparse", "feff6l sparse", "feff8l melt SCF EXCHANGE 3")


def uf4_variant_tables() -> dict:
    """{variant: (U–F table, U–U table)} from ``benchmarks/data/uf4_table_variants.npz``.

    A variant whose cluster has no U gets the shipped U–U table (its U–U term is 3 % of the
    MD's χ); a variant FEFF refused to compute is ``None`` with the reason.
    """
    import json

    from sklearn_rdf.physics.exafs import ScatteringTable

    out = {}
    with np.load(UF4_VARIANTS, allow_pickle=False) as z:
        names = dict.fromkeys(key.split("/")[0] for key in z.files)
        names.pop("S02 estimate", None)  # FEFF's own S0², not a table (uf4_feff_s02)
        for name in names:
            if f"{name}/failed" in z.files:
                out[name] = str(z[f"{name}/failed"])
                continue
            tabs = []
            for pair in ("U-F", "U-U"):
                if f"{name}/{pair}/k" not in z.files:
                    tabs.append(load_scattering_table(pair))
                    continue
                g = {f: z[f"{name}/{pair}/{f}"].astype(np.float64)
                     for f in ("k", "r", "amplitude", "phase", "mean_free_path")}  # fmt: skip
                g["k"] = np.clip(g["k"], 0, None)
                prov = json.loads(str(z[f"{name}/{pair}/provenance"]))
                tabs.append(ScatteringTable("U", pair[2:], **g, edge="L3", provenance=prov))
            out[name] = tuple(tabs)
    return out


def uf4_amplitude_factor(table, r=2.30, kmin=2.0, kmax=10.0):
    """Mean over k of |f_eff|·exp(−2r/λ) (Å) and of δ (rad) at distance r."""
    k = np.arange(kmin, kmax + 1e-9, 0.05)
    amp, pha, lam = table.at(k, [r])
    return float(np.mean(amp[0] * np.exp(-2 * r / lam[0]))), float(np.mean(pha[0]))


@benchmark("exafs")
def uf4_table_variants(quick: bool) -> list[dict]:
    """Is the UF4 amplitude the U–F table's? The MD's χ and the cumulant fit for each FEFF variant.

    Per variant: the N-independent amplitude factor |f_eff|·e^(−2R/λ) at 2.30 Å averaged over
    k 2–10 Å⁻¹ (and its ratio to the shipped table's), the mean phase difference; the S0² and
    ΔE0 at which the MD's χ(k) (U–F + U–U partials through this variant's tables) matches
    exp.chik (k²χ, k 2–10) and its R-factor; the cumulant fit of exp.chik at S0² 0.9 held
    (no C3, k 2–8, R 1.2–2.6 Å, ΔE0 fitted).
    """
    if not SHARED.is_dir():
        return [{"case": "skipped: ../shared/data is absent"}]
    k_data, chi_data, _ = read_chi(SHARED / "exafs_uf4_molten_salt" / "exp.chik")
    shipped = load_scattering_table("U-F")
    ref_amp, ref_pha = uf4_amplitude_factor(shipped)
    rows = []
    with np.load(UF4_VARIANTS, allow_pickle=False) as z:
        for key in (f for f in z.files if f.startswith("S02 estimate/")):
            rows.append({"case": f"FEFF's own S0² (S02 0.0 card), {key.split('/')[1]} cluster",
                         "s02": float(z[key])})  # fmt: skip
    for name, tabs in {"shipped table": (shipped, load_scattering_table("U-U")),
                       **uf4_variant_tables()}.items():  # fmt: skip
        if isinstance(tabs, str):
            rows.append({"case": name, "failed": tabs[:160]})
            continue
        amp, pha = uf4_amplitude_factor(tabs[0])
        s02, e0, rf, rf_raw = uf4_forward(k_data, chi_data, tables=tabs)
        fit = fit_cumulant_shells(
            k_data, chi_data, [dict(table=tabs[0], n=6, distance=2.3, sigma2=0.02)],
            s02=0.9, kmin=2, kmax=8, rmin=1.2, rmax=2.6,
        )  # fmt: skip
        s = fit.shells.iloc[0]
        rows.append({
            "case": name, "amp_factor_A": amp, "amp_ratio": amp / ref_amp,
            "phase_minus_shipped_rad": pha - ref_pha, "s02": s02, "e0_shift": e0,
            "r_factor": rf, "r_factor_s02_1_e0_0": rf_raw, "N": s.n, "N_std": s.n_err,
            "R_A": s.distance, "sigma2": s.sigma2, "fit_e0_shift": fit.e0_shift,
            "fit_r_factor": fit.r_factor,
        })  # fmt: skip
    return rows


@benchmark("exafs")
def uf4_table_variants_onne(quick: bool) -> list[dict]:
    """ONNE (5 members, no filter, k 2–10) on exp.chik at S0² 0.9 held, for UF4_ONNE_VARIANTS."""
    if not SHARED.is_dir():
        return [{"case": "skipped: ../shared/data is absent"}]
    k_data, chi_data, _ = read_chi(SHARED / "exafs_uf4_molten_salt" / "exp.chik")
    variants = uf4_variant_tables()
    r_grid = np.round(np.arange(1.7, 3.4001, 0.02), 4)
    k = np.round(np.arange(2.0, 10.0001, 0.05), 4)
    rows = []
    for name in UF4_ONNE_VARIANTS:
        if isinstance(variants.get(name), str) or name not in variants:
            rows.append({"case": name, "failed": str(variants.get(name, "not computed"))[-200:]})
            continue
        gen = MacrostateGenerator(
            [Shell("U-F", n=(1, 12), distance=(2.1, 2.6), sigma=(0.05, 0.25), max_components=2)],
            k, r_grid, {"U-F": variants[name][0]}, s02=1.0, e0_shift=(-5, 10), noise=0.02,
            pair_samples=PAIR_SAMPLES,
        )  # fmt: skip
        t0 = time.process_time()
        onne, _ = _train(gen, quick, n_members=3 if quick else 5)
        t = onne.shell_table(np.interp(k, k_data, chi_data / 0.9)[None, :]).iloc[0]
        rows.append({"case": f"{name}: ONNE (no filter, k 2–10), S0² 0.9", "N": t.n,
                     "N_std": t.n_std, "R_A": t.distance, "R_std": t.distance_std,
                     "sigma2": t.sigma2, "cpu_s_parent": time.process_time() - t0})  # fmt: skip
    return rows
