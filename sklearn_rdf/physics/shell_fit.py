"""Gaussian-shell fit of a truncated structure factor, with the low-r line (resolution model).

The Fourier transform of F(q) measured up to q_max has a resolution Δr ≈ 2π/q_max and
termination ripples. What lies beyond q_max is, at large q, the sum of the sharp coordination
shells (the broad medium-range structure has decayed), and each Gaussian shell k (N_k
neighbours at r_k with spread σ_k, R_k(r) = N_k/(σ_k√(2π)) exp(−(r − r_k)²/(2σ_k²))) adds

    F_k(q) = (N_k / r_k) sin(q r_k) exp(−q² σ_k² / 2)                       (1)

to F(q) = ∫ G(r) sin(q r) dr (G_k = R_k / r with 1/r taken at r_k). The fit, in the spirit of
A. C. Hannon's PFIT for glasses, finds the shells from the data alone:

- F residual: the data F(q) on [q_fit_min, q_max] against Σ_k F_k(q);
- low-r rows: no atom sits closer than r_core, so the *true* G(r) = −4πρr − M(r) there, where
  M(r) = (2/π) ∫_0^{q_min} F sin(q r) dq is what a grid starting at q_min > 0 leaves out
  (F taken linear from F(0) = 0 to the first point). The hybrid curve — the data's transform
  plus the transform of the shells' F on (q_max, q_extend] — must follow that line; its
  termination ripples below r_core measure exactly the missing tail. ρ is given or fitted;
- bounds as priors: r_k within ``position_tolerance`` of a peak of the transformed data, σ_k in
  ``sigma_bounds``, N_k ≥ 0;
- model selection from F alone: every number of shells K ≤ ``max_shells`` and each start width
  is fitted to the data below q_split = (1 − validation_fraction) q_max and scored on how well
  its shells *extrapolate* F to (q_split, q_max] — the task the model is for, on data the fit
  did not see; the winner is refitted on all data.

N_k is the shell's area in the R(r) of the data's weighting: for a total neutron or X-ray
structure factor it is the weighted coordination number (for SiO2 neutrons the Si–O peak area is
2 c_Si b_Si b_O / ⟨b⟩² · N_SiO). Quantities: F in Å⁻¹, q in Å⁻¹, r, σ in Å, ρ in atoms/Å³.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from .._validation import (
    as_curve,
    as_grid,
    check_density,
    check_positive_real,
    check_same_length,
)
from .peaks import find_rdf_peaks
from .transforms import sine_transform_F_to_G, trapezoid_weights

__all__ = [
    "ShellFit",
    "fit_gaussian_shells",
    "gaussian_shells_F",
    "low_r_noise_ratio",
    "low_r_reference",
]


def gaussian_shells_F(q, shells) -> np.ndarray:
    """F(q) (Å⁻¹) of Gaussian shells, Eq. (1) of the module: Σ N/r sin(qr) exp(−q²σ²/2).

    Parameters
    ----------
    q : array-like of shape (n,)
        Momentum transfer (Å⁻¹).
    shells : array-like of shape (n_shells, 3)
        (r_k [Å], N_k, σ_k [Å]) per shell.

    Returns
    -------
    ndarray of shape (n,)
        F(q) of the shells (Å⁻¹).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import gaussian_shells_F
    >>> F = gaussian_shells_F(np.array([0.0, np.pi / 2]), [(1.0, 4.0, 0.0001)])
    >>> np.round(F, 3)
    array([0., 4.])
    """
    q = np.asarray(q, dtype=np.float64)
    s = np.asarray(shells, dtype=np.float64).reshape(-1, 3)
    phase = np.sin(np.multiply.outer(q, s[:, 0]))
    damp = np.exp(-0.5 * np.multiply.outer(q**2, s[:, 2] ** 2))
    return (s[:, 1] / s[:, 0] * phase * damp).sum(axis=-1)


def low_r_reference(r, q, F, rho: float) -> np.ndarray:
    """G(r) below the atomic core as the data's transform should show it (Å⁻²).

    −4πρr minus M(r) = (2/π)∫_0^{q_min} F(q) sin(qr) dq, the part of the transform that a grid
    starting at q_min leaves out (F taken linear from F(0) = 0 to F(q_min)); M = 0 when
    q_min ≤ 0.1 Å⁻¹.

    Parameters
    ----------
    r : array-like of shape (n,)
        Distances inside the atomic core (Å).
    q, F : array-like of shape (n_q,)
        The data's q grid (Å⁻¹) and F(q) (Å⁻¹); only the first point is read.
    rho : float
        Number density (atoms/Å³), > 0.

    Returns
    -------
    ndarray of shape (n,)
        G(r) in Å⁻².

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import low_r_reference
    >>> q = np.linspace(0.05, 10, 200)
    >>> round(float(low_r_reference([1.0], q, np.zeros_like(q), 0.05)[0]), 4)
    -0.6283
    """
    rho = check_density(rho)
    r = np.asarray(r, dtype=np.float64)
    return -4.0 * np.pi * rho * r - _missing_low_q(r, q, F)


#: Above this :func:`low_r_noise_ratio`, ``low_r_weight="auto"`` leaves the low-r line out.
#: Chosen on the even-numbered simulated glasses (ratios 0.53–3.98 on all of them; the real
#: curves of the resolution benchmark: 0.002–0.12).
NOISE_RATIO_LIMIT = 0.3


def low_r_noise_ratio(q, F, r_low, rho: float, q_extend: float) -> float:
    """How far noise, not truncation, would move G(r) below the atomic core (dimensionless).

    The noise of F(q) is estimated from its second differences on the upper half of the data,
    σ_F = rms(Δ²F)/√6 (for a grid fine against the structure, white noise); on [0, q_extend]
    it moves G(r) by σ_G = (2/π) σ_F √(Δq q_extend / 2). The ratio is σ_G over the rms of the
    data's transform minus the low-r line −4πρr − M(r) on ``r_low``, the termination ripples
    that the low-r line reads the missing tail from. Near 0 the ripples are truncation; near
    1 or above they are as large as what noise alone would leave (small simulation boxes).

    Parameters
    ----------
    q, F : ndarray of shape (n,)
        The data (Å⁻¹).
    r_low : ndarray
        Distances inside the atomic core (Å).
    rho : float
        Number density (atoms/Å³).
    q_extend : float
        The q (Å⁻¹) the transform is meant to reach.

    Returns
    -------
    float
        σ_G / rms ripple.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import low_r_noise_ratio
    >>> q, r_low = np.arange(0.5, 7.9, 0.1), np.arange(0.05, 1.9, 0.02)
    >>> F = 2 * np.sin(2.4 * q) * np.exp(-0.01 * q**2)
    >>> noise = np.random.default_rng(0).normal(0, 0.5, q.size)
    >>> clean = low_r_noise_ratio(q, F, r_low, 0.05, 20.0)
    >>> noisy = low_r_noise_ratio(q, F + noise, r_low, 0.05, 20.0)
    >>> bool(clean < 0.3 < noisy)
    True
    """
    q, F = as_grid(q, "q"), as_curve(F, "F")
    check_same_length(q, F, "q", "F")
    r_low = as_grid(r_low, "r_low", strictly_increasing=False, min_size=1)
    rho = check_density(rho)
    q_extend = check_positive_real(q_extend, "q_extend")
    upper = q >= 0.5 * q[-1]
    if np.count_nonzero(upper) < 5:
        return 0.0
    sigma_F = float(np.sqrt(np.mean(np.diff(F[upper], 2) ** 2) / 6.0))
    dq = float(np.median(np.diff(q[upper])))
    sigma_G = (2.0 / np.pi) * sigma_F * np.sqrt(dq * float(q_extend) / 2.0)
    line = -4.0 * np.pi * rho * r_low - _missing_low_q(r_low, q, F)
    ripple = float(np.sqrt(np.mean((sine_transform_F_to_G(q, F, r_low) - line) ** 2)))
    return sigma_G / max(ripple, 1e-12)


def _missing_low_q(r, q, F) -> np.ndarray:
    """M(r) = (2/π)∫_0^{q_min} F sin(qr) dq with F linear from 0 to F(q_min); 0 if q_min ≤ 0.1."""
    q = np.asarray(q, dtype=np.float64)
    F = np.asarray(F, dtype=np.float64)
    if q[0] <= 0.1:
        return np.zeros_like(r)
    qq = np.linspace(0.0, q[0], 64)
    return (
        (2.0 / np.pi)
        * (trapezoid_weights(qq) * F[0] * qq / q[0])
        @ np.sin(np.multiply.outer(qq, r))
    )


@dataclass
class ShellFit:
    """Result of :func:`fit_gaussian_shells`.

    Attributes
    ----------
    shells : ndarray of shape (n_shells, 3)
        (r_k [Å], N_k, σ_k [Å]), ordered by r.
    errors : ndarray of shape (n_shells, 3)
        One-standard-deviation uncertainties from the Jacobian at the solution.
    rho : float
        Number density (atoms/Å³), given or fitted.
    rho_error : float
        Its uncertainty (0 when given).
    r_core : float
        Below this r (Å) the low-r line was imposed.
    candidates : ndarray
        Peak positions of the transformed data that seeded the shells (Å).
    selection : list of dict
        One row per (n_shells, start width) tried: the extrapolation error on
        (q_split, q_max] (rms, Å⁻¹) and the data residual.
    cost : float
        Final least-squares cost.
    low_r_weight : float
        The weight of the low-r line used (the resolved value of "auto").
    noise_ratio : float
        :func:`low_r_noise_ratio` of the data.
    """

    shells: np.ndarray
    errors: np.ndarray
    rho: float
    rho_error: float
    r_core: float
    candidates: np.ndarray
    selection: list = field(default_factory=list)
    cost: float = 0.0
    low_r_weight: float = 10.0
    noise_ratio: float = 0.0


def _candidates(q, F, shell_range, rel_prominence=0.02):
    """First-shell distance and shell seeds from the peaks of the data's transforms."""
    r = np.arange(0.01, 10.0, 0.01)
    G_lorch = sine_transform_F_to_G(q, F, r, window="lorch")
    G_plain = sine_transform_F_to_G(q, F, r)
    lo, hi = shell_range
    found = find_rdf_peaks(r, G_lorch, rel_prominence=rel_prominence, r_range=(lo, hi))
    if len(found) == 0:
        raise ValueError(
            f"no peak in the transformed F(q) within shell_range [{lo}, {hi}] Å: nothing to "
            "seed a shell with; widen shell_range or check the data"
        )
    strong = found.heights > 0.1 * found.heights.max()
    r1 = float(found.positions[strong][0])
    plain = find_rdf_peaks(r, G_plain, rel_prominence=rel_prominence, r_range=(lo, hi))
    seeds = np.sort(np.concatenate([found.positions, plain.positions]))
    seeds = seeds[(seeds >= r1 - 0.05) & (seeds <= hi)]
    merged: list[float] = []
    for s in seeds:
        if not merged or s - merged[-1] > 0.15:
            merged.append(float(s))
    return r1, np.array(merged), r, G_lorch


class _Problem:
    """The residual vector for one data range (see the module docstring)."""

    def __init__(self, q, F, *, q_fit_min, q_extend, rl, ref_M, rho, low_r_weight):
        self.qf = q[q >= q_fit_min]
        self.Ff = F[q >= q_fit_min]
        self.rl = rl
        self.M = ref_M
        self.G_data = sine_transform_F_to_G(q, F, rl)
        qm = q[-1]
        self.qe = np.arange(qm, max(q_extend, qm + 0.04), 0.02)
        self.T = (
            (2.0 / np.pi) * np.sin(np.multiply.outer(rl, self.qe)) * trapezoid_weights(self.qe)
        )
        self.rho = rho
        self.sF = np.sqrt(self.qf.size)
        self.sL = np.sqrt(max(rl.size, 1)) / low_r_weight

    def residuals(self, p):
        k = (p.size - (self.rho is None)) // 3
        shells = p[: 3 * k]
        rho = p[-1] if self.rho is None else self.rho
        rF = (self.Ff - gaussian_shells_F(self.qf, shells)) / self.sF
        G_hybrid = self.G_data + self.T @ gaussian_shells_F(self.qe, shells)
        rL = (G_hybrid - (-self.M - 4.0 * np.pi * rho * self.rl)) / self.sL
        return np.concatenate([rF, rL])


def _start(seeds, k, sigma0, r_grid, G_lorch, rho0, fit_rho, tol, sigma_bounds):
    p0, lo, hi = [], [], []
    for rp in seeds[:k]:
        height = float(np.interp(rp, r_grid, G_lorch))
        area = max(height * rp * sigma0 * np.sqrt(2 * np.pi), 0.05)
        p0 += [rp, area, sigma0]
        lo += [rp - tol, 0.0, sigma_bounds[0]]
        hi += [rp + tol, 500.0, sigma_bounds[1]]
    if fit_rho:
        p0.append(rho0)
        lo.append(0.3 * rho0)
        hi.append(3.0 * rho0)
    lo, hi = np.array(lo), np.array(hi)
    return np.clip(np.array(p0), lo + 1e-9, hi - 1e-9), lo, hi


def _with_prior_seeds(seeds, prior, shell_range):
    """Seeds from prior knowledge (bond lengths, Å) replace the data's within 0.25 Å of them."""
    prior = np.unique(prior)  # sorted; a position given twice seeds one shell
    lo, hi = shell_range
    if not np.all(np.isfinite(prior)) or prior[0] < lo or prior[-1] > hi:
        raise ValueError(f"shell_seeds must be finite and lie in shell_range [{lo}, {hi}] Å")
    keep = [x for x in seeds if np.min(np.abs(prior - x)) > 0.25]
    return np.sort(np.concatenate([prior, keep]))


def _greedy_path(problem, k_max, sigma0, r1, r_grid, rho0, fit_rho, tol, sigma_bounds, r_range):
    """Shells added one at a time, each seeded where the (Lorch-windowed) transform of the
    F(q) left unexplained peaks highest: [(k, solution, seeds), ...]."""
    path, seeds, prev = [], [], None
    for k in range(1, k_max + 1):
        if prev is None:
            seed, height = r1, float(np.interp(r1, r_grid, problem.G_seed))
        else:
            resid = problem.Ff - gaussian_shells_F(problem.qf, prev[: 3 * (k - 1)])
            G_res = sine_transform_F_to_G(problem.qf, resid, r_grid, window="lorch")
            free = (r_grid >= max(r_range[0], r1 - 0.05)) & (r_grid <= r_range[1])
            for rk in prev[0 : 3 * (k - 1) : 3]:
                free &= np.abs(r_grid - rk) > 0.1
            if not free.any():
                break
            i = int(np.argmax(np.where(free, G_res, -np.inf)))
            seed, height = float(r_grid[i]), float(G_res[i])
        seeds.append(seed)
        p0, lo, hi = _start(
            np.array(seeds), k, sigma0, r_grid, problem.G_seed, rho0, fit_rho, tol, sigma_bounds
        )
        if prev is not None:
            p0[: 3 * (k - 1)] = np.clip(prev[: 3 * (k - 1)], lo[: 3 * (k - 1)], hi[: 3 * (k - 1)])
            p0[3 * (k - 1) + 1] = max(height * seed * sigma0 * np.sqrt(2 * np.pi), 0.05)
            if fit_rho:
                p0[-1] = np.clip(prev[-1], lo[-1], hi[-1])
        p0 = np.clip(p0, lo + 1e-9, hi - 1e-9)
        sol = least_squares(problem.residuals, p0, bounds=(lo, hi), x_scale="jac")
        path.append((k, sol, list(seeds)))
        prev = sol.x
    return path


def _uncertainties(sol):
    J = sol.jac
    dof = max(J.shape[0] - J.shape[1], 1)
    s2 = 2.0 * sol.cost / dof
    cov = np.linalg.pinv(J.T @ J) * s2
    return np.sqrt(np.clip(np.diag(cov), 0.0, None))


def fit_gaussian_shells(
    q,
    F,
    *,
    rho: float | None = None,
    q_extend: float = 40.0,
    n_shells: int | str = "auto",
    max_shells: int = 4,
    q_fit_min: float = 1.0,
    core_fraction: float = 0.8,
    r_core: float | None = None,
    low_r_weight: float | str = 10.0,
    sigma_bounds: tuple[float, float] = (0.02, 0.5),
    sigma_starts: tuple[float, ...] = (0.05, 0.1),
    position_tolerance: float = 0.2,
    validation_fraction: float = 0.2,
    shell_range: tuple[float, float] = (0.5, 6.0),
    seeding: str = "peaks",
    prior_seeds=None,
) -> ShellFit:
    """Fit Gaussian shells to a truncated F(q) with the low-r line (see the module docstring).

    Parameters
    ----------
    q, F : ndarray of shape (n,)
        The data up to its q_max: q (Å⁻¹, increasing), F = q(S − 1) (Å⁻¹). Already validated.
    rho : float, optional
        Number density (atoms/Å³); fitted from the low-r line when None.
    q_extend : float
        The shells' F continues the data to this q (Å⁻¹) in the low-r rows.
    n_shells : int or "auto"
        Fixed number of shells, or chosen by extrapolation to the top ``validation_fraction``
        of the q range.
    max_shells : int
        Most shells tried by "auto".
    q_fit_min : float
        Data below this q (Å⁻¹) are not fitted by the shells (medium-range order lives there).
    core_fraction, r_core : float
        The low-r line holds below ``r_core`` (Å), by default ``core_fraction`` × the first
        peak of the Lorch-windowed transform.
    low_r_weight : float or "auto"
        Weight of the low-r rows against the F rows (both normalised per point). "auto":
        10 when the data's noise would move G(r) below r_core by less than
        ``NOISE_RATIO_LIMIT`` (0.3) of the termination ripples there
        (:func:`low_r_noise_ratio`), else the line is left out (10⁻⁶; ρ, if fitted, stays at
        its start, the slope of the data's transform there).
    sigma_bounds, sigma_starts : tuples of float
        Allowed shell widths (Å) and the start widths tried (restarts).
    position_tolerance : float
        Each shell stays within this distance (Å) of the peak that seeded it.
    validation_fraction : float
        Fraction of the q range held out for the choice of the number of shells.
    shell_range : (float, float)
        r range (Å) in which shells are seeded; a range without a peak is a ValueError.
    seeding : {"residual", "peaks"}
        "residual": shells are added one at a time, each where the transform of the F(q)
        the previous shells leave unexplained peaks highest (warm-started, a matching
        pursuit); "peaks": the K first peaks of the transformed data seed K shells at once.
    prior_seeds : array-like of float, optional
        Shell positions known beforehand (bond lengths, Å; e.g. from the crystal of the same
        composition): they join the seeds and replace the data's within 0.25 Å of them.
        Shells that merge into one peak of the cut transform (Si–O and Mg–O in Mg2SiO4) are
        found this way, not from the peaks. Only with ``seeding="peaks"`` (a ValueError
        otherwise); a single number is one seed, a position given twice seeds one shell.

    Returns
    -------
    ShellFit
        Shells, their uncertainties, ρ, r_core, the seeds and the model-selection trials.
    """
    if seeding not in ("residual", "peaks"):
        raise ValueError(f"seeding must be 'residual' or 'peaks', got {seeding!r}")
    r1, seeds, r_grid, G_lorch = _candidates(q, F, shell_range)
    if prior_seeds is not None:
        try:
            prior = np.asarray(prior_seeds, dtype=np.float64).ravel()  # a float: one seed
        except (TypeError, ValueError):
            raise ValueError(
                f"shell_seeds must be distances in Å (a number or a list), got {prior_seeds!r}"
            ) from None
        if prior.size and seeding != "peaks":
            raise ValueError(
                "shell_seeds seed the shells of seeding='peaks' only; seeding='residual' "
                "places each shell where the unexplained transform peaks"
            )
        if prior.size:
            seeds = _with_prior_seeds(seeds, prior, shell_range)
    q_max = float(q[-1])
    if q_max * r1 < 2 * np.pi:
        raise ValueError(
            f"q_max = {q_max:.3g} Å⁻¹ is below the resolution of the first peak at r = {r1:.3g} Å "
            f"(needs q_max ≥ 2π/r = {2 * np.pi / r1:.3g} Å⁻¹ for one period of sin(q r))"
        )
    if not 0.0 < core_fraction < 1.0:
        raise ValueError(
            f"core_fraction must lie in (0, 1) (the atomic core ends below the first peak at "
            f"{r1:.3g} Å), got {core_fraction!r}"
        )
    q_top = (1.0 - validation_fraction) * q_max if n_shells == "auto" else q_max
    n_rows = int(np.count_nonzero((q >= q_fit_min) & (q <= q_top)))
    if n_rows < 10:
        raise ValueError(
            f"q_fit_min = {q_fit_min:.4g} Å⁻¹ leaves {n_rows} data point(s) in "
            f"[q_fit_min, {q_top:.4g}] Å⁻¹ to fit the shells to; it needs at least 10"
        )
    r_core = core_fraction * r1 if r_core is None else float(r_core)
    rl = np.arange(0.05, r_core, 0.02)
    fit_rho = rho is None
    M = _missing_low_q(rl, q, F)
    if fit_rho:
        G_low = sine_transform_F_to_G(q, F, rl)
        slope = float(rl @ (G_low + M) / (rl @ rl))
        rho0 = max(-slope / (4 * np.pi), 1e-3)
    else:
        rho0 = check_density(rho)
    noise_ratio = low_r_noise_ratio(q, F, rl, rho0, q_extend)
    if isinstance(low_r_weight, str):
        if low_r_weight != "auto":
            raise ValueError(f"low_r_weight must be a number > 0 or 'auto', got {low_r_weight!r}")
        low_r_weight = 10.0 if noise_ratio < NOISE_RATIO_LIMIT else 1e-6
        fit_rho = fit_rho and low_r_weight > 1e-3  # without the line ρ stays at its start
    shared = {"q_extend": q_extend, "rl": rl, "ref_M": M, "rho": None if fit_rho else rho0}
    full = _Problem(q, F, q_fit_min=q_fit_min, low_r_weight=low_r_weight, **shared)
    full.G_seed = G_lorch
    if n_shells != "auto":
        n_shells = int(n_shells)
        if seeding == "peaks" and not 1 <= n_shells <= seeds.size:
            raise ValueError(
                f"n_shells = {n_shells} but the data show {seeds.size} peak(s) to seed shells with"
            )
    k_max = max_shells if n_shells == "auto" else n_shells
    if seeding == "peaks":
        k_max = min(k_max, seeds.size)
    path_args = (r1, r_grid, rho0, fit_rho, position_tolerance, sigma_bounds, shell_range)

    def fits(problem, sigma0, ks):
        if seeding == "residual":
            return _greedy_path(problem, max(ks), sigma0, *path_args)
        out = []
        for k in ks:
            p0, lo, hi = _start(
                seeds, k, sigma0, r_grid, G_lorch, rho0, fit_rho, position_tolerance, sigma_bounds
            )
            sol = least_squares(problem.residuals, p0, bounds=(lo, hi), x_scale="jac")
            out.append((k, sol, list(seeds[:k])))
        return out

    selection = []
    if n_shells == "auto":
        q_split = (1.0 - validation_fraction) * q_max
        keep = q <= q_split
        held = (q > q_split) & (q >= q_fit_min)
        part = _Problem(q[keep], F[keep], q_fit_min=q_fit_min, low_r_weight=low_r_weight, **shared)
        part.G_seed = G_lorch
        candidates = []
        for s0 in sigma_starts:
            for k, sol, used in fits(part, s0, range(1, k_max + 1)):
                extrap = F[held] - gaussian_shells_F(q[held], sol.x[: 3 * k])
                rms = float(np.sqrt(np.mean(extrap**2)))
                selection.append(
                    {"n_shells": k, "sigma_start": s0, "extrapolation_rms": rms, "cost": sol.cost}
                )
                candidates.append((rms, k, s0, used))
        _, k, s0, used = min(candidates, key=lambda c: c[0])
        p0, lo, hi = _start(
            np.array(used), k, s0, r_grid, G_lorch, rho0, fit_rho, position_tolerance, sigma_bounds
        )
        sol = least_squares(full.residuals, p0, bounds=(lo, hi), x_scale="jac")
    else:
        k, sol, used = fits(full, sigma_starts[0], [n_shells])[-1]
    err = _uncertainties(sol)
    shells = sol.x[: 3 * k].reshape(-1, 3)
    errors = err[: 3 * k].reshape(-1, 3)
    order = np.argsort(shells[:, 0])
    return ShellFit(
        shells=shells[order],
        errors=errors[order],
        rho=float(sol.x[-1]) if fit_rho else rho0,
        rho_error=float(err[-1]) if fit_rho else (0.0 if rho is not None else np.nan),
        r_core=float(r_core),
        candidates=np.array(used),
        selection=selection,
        cost=float(sol.cost),
        low_r_weight=float(low_r_weight),
        noise_ratio=float(noise_ratio),
    )
