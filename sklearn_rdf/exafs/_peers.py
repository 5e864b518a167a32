"""The methods an EXAFS user would pick instead of ONNE, on the same data and tables.

- :func:`tikhonov_inversion`: R(r) ≥ 0 minimising ‖W(K R − χ)‖² + λ‖L R‖² (K the EXAFS kernel of
  the pair, W = k^w on the k window, L the second difference), λ by generalised
  cross-validation or the discrepancy principle, and a scan over ΔE0.
- :func:`fit_cumulant_shells`: the conventional shell fit (N, R, σ² per shell and one ΔE0, S0²
  fixed) in R space (real and imaginary parts of χ(R) over an R window), the way Larch's
  ``feffit`` does it, with scipy's least squares and feffit's error scaling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares, nnls

from .._validation import as_curve, as_grid
from ..physics.exafs import chi_shell, exafs_kernel, ftwindow, shell_moments, xftf

__all__ = ["CumulantFit", "TikhonovResult", "fit_cumulant_shells", "tikhonov_inversion"]


def _k_window(k, chi, kmin, kmax):
    k = as_grid(k, "k", min_value=0.0)
    chi = as_curve(chi, "chi")
    if chi.size != k.size:
        raise ValueError(f"chi has {chi.size} points but k has {k.size}")
    kmax = k[-1] if kmax is None else float(kmax)
    if kmin < k[0] - 1e-9 or kmax > k[-1] + 1e-9:
        raise ValueError(
            f"the k range {kmin}–{kmax} Å⁻¹ lies outside the data's k range "
            f"{k[0]:.2f}–{k[-1]:.2f} Å⁻¹"
        )
    sel = (k >= kmin) & (k <= kmax)
    if np.count_nonzero(sel) < 5:
        raise ValueError(f"fewer than 5 k points in [{kmin}, {kmax}] Å⁻¹")
    return k, chi, sel, kmax


@dataclass
class TikhonovResult:
    """Result of :func:`tikhonov_inversion`.

    Parameters
    ----------
    r : ndarray
        r grid (Å).
    R : ndarray
        R(r) ≥ 0 (Å⁻¹).
    lam : float
        The regularisation λ used.
    e0_shift : float
        The ΔE0 chosen (eV).
    k, chi_fit : ndarray
        The model's χ(k) on the data's k grid.
    residual : float
        ‖W(K R − χ)‖ on the window.
    scan : list
        (ΔE0, λ, score) per ΔE0 tried.
    """

    r: np.ndarray
    R: np.ndarray
    lam: float
    e0_shift: float
    k: np.ndarray
    chi_fit: np.ndarray
    residual: float
    scan: list

    def shells(self, ranges):
        """N, mean distance and σ² of R(r) over each shell range.

        Parameters
        ----------
        ranges : sequence of (r_lo, r_hi)
            Shell limits (Å).

        Returns
        -------
        list of (n, distance, sigma2)
            One tuple per range (:func:`~sklearn_rdf.physics.exafs.shell_moments`).
        """
        return [shell_moments(self.r, self.R, lo, hi) for lo, hi in ranges]


def _second_difference(n: int) -> np.ndarray:
    L = np.zeros((n - 2, n))
    i = np.arange(n - 2)
    L[i, i], L[i, i + 1], L[i, i + 2] = 1.0, -2.0, 1.0
    return L


def _gcv(A, b, AtA, Atb, LtL, lam):
    """GCV score of the unconstrained Tikhonov solution, n ‖res‖² / tr(I − H)², with
    H = A (AᵀA + λLᵀL)⁻¹ Aᵀ and tr H = tr((AᵀA + λLᵀL)⁻¹ AᵀA) (n_r × n_r work only)."""
    M = AtA + lam * LtL
    x = np.linalg.solve(M, Atb)
    res = b - A @ x
    trace = float(np.trace(np.linalg.solve(M, AtA)))
    n = b.size
    return n * float(res @ res) / max(n - trace, 1e-12) ** 2


def tikhonov_inversion(
    k,
    chi,
    r,
    table="toy",
    *,
    kmin: float = 2.0,
    kmax: float | None = None,
    kweight: int = 2,
    s02: float = 1.0,
    e0_shifts=(0.0,),
    lam: float | None = None,
    method: str = "gcv",
    noise: float | None = None,
    lambdas=None,
) -> TikhonovResult:
    """Non-negative Tikhonov inversion of χ(k) into one partial R(r).

    Parameters
    ----------
    k : array-like of shape (n_k,)
        Wavenumbers of the data (Å⁻¹).
    chi : array-like of shape (n_k,)
        Unweighted χ(k).
    r : array-like of shape (n_r,)
        r grid of the solution (Å).
    table : ScatteringTable or "toy", default "toy"
        Scattering functions of the pair.
    kmin, kmax : float
        k window (Å⁻¹); kmax None: the data's last k.
    kweight : int, default 2
        Weight W = k^kweight of the misfit.
    s02 : float, default 1.0
        S0² (held fixed: it trades exactly against N).
    e0_shifts : sequence of float, default (0.0,)
        ΔE0 values (eV) scanned; the one with the best score is kept (GCV: the smallest GCV
        score; discrepancy: the smallest misfit of the least-regularised solution).
    lam : float, optional
        Regularisation weight; None chooses it by ``method`` on ``lambdas``.
    method : {"gcv", "discrepancy"}, default "gcv"
        GCV of the unconstrained solution, or the discrepancy principle (the largest λ whose
        non-negative solution fits k^w χ to the noise level ``noise``; needs ``noise``).
    noise : float, optional
        Standard deviation of the noise of k^kweight χ(k) (discrepancy principle).
    lambdas : array-like, optional
        λ values searched (default 30 values, log-spaced over 10⁻⁸–10² times ‖WK‖²).

    Returns
    -------
    TikhonovResult

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics import gaussian_shells_R
    >>> from sklearn_rdf.physics.exafs import chi_from_rdf
    >>> from sklearn_rdf.exafs import tikhonov_inversion
    >>> k, r = np.arange(0, 12.01, 0.05), np.linspace(1.6, 3.0, 71)
    >>> chi = chi_from_rdf(k, r, gaussian_shells_R(r, [(2.3, 4.0, 0.08)]))
    >>> res = tikhonov_inversion(k, chi, r)
    >>> n, d, s2 = res.shells([(1.6, 3.0)])[0]
    >>> bool(abs(n - 4) < 0.3 and abs(d - 2.3) < 0.02)
    True
    """
    k, chi, sel, kmax = _k_window(k, chi, float(kmin), kmax)
    r = as_grid(r, "r", min_value=0.0, min_inclusive=False, min_size=3)
    if method not in ("gcv", "discrepancy"):
        raise ValueError(f"method must be 'gcv' or 'discrepancy', got {method!r}")
    if method == "discrepancy" and lam is None and (noise is None or not noise > 0):
        raise ValueError("the discrepancy principle needs the noise level noise > 0")
    w = k[sel] ** int(kweight)
    b = w * chi[sel]
    L = _second_difference(r.size)
    scan, best = [], None
    for e0 in np.atleast_1d(np.asarray(e0_shifts, dtype=np.float64)):
        A = w[:, None] * exafs_kernel(k[sel], r, table, e0_shift=float(e0), s02=s02)
        scale = float(np.linalg.norm(A, 2)) ** 2
        grid = scale * np.logspace(-8, 2, 30) if lambdas is None else np.asarray(lambdas, float)
        if lam is not None:
            lam_e0 = float(lam)
            sol, res = _nnls(A, b, L, lam_e0)
            score = res**2
        elif method == "gcv":
            AtA, Atb, LtL = A.T @ A, A.T @ b, L.T @ L
            scores = [_gcv(A, b, AtA, Atb, LtL, g) for g in grid]
            lam_e0 = float(grid[int(np.argmin(scores))])
            score = float(np.min(scores))
            sol, res = _nnls(A, b, L, lam_e0)
        else:
            target = noise * np.sqrt(b.size)
            lam_e0, sol, res = float(grid[0]), *_nnls(A, b, L, float(grid[0]))
            score = res**2  # ΔE0 is chosen by how well the least-regularised solution fits
            for g in grid:
                s_g, r_g = _nnls(A, b, L, float(g))
                if r_g <= target:
                    lam_e0, sol, res = float(g), s_g, r_g
        scan.append((float(e0), lam_e0, float(score)))
        if best is None or score < best[0]:
            best = (score, float(e0), lam_e0, sol, res)
    _, e0, lam_best, sol, res = best
    chi_fit = exafs_kernel(k, r, table, e0_shift=e0, s02=s02) @ sol
    return TikhonovResult(r, sol, lam_best, e0, k, chi_fit, float(res), scan)


def _nnls(A, b, L, lam):
    aug = np.vstack([A, np.sqrt(lam) * L])
    rhs = np.concatenate([b, np.zeros(L.shape[0])])
    sol, _ = nnls(aug, rhs, maxiter=50 * A.shape[1])
    return sol, float(np.linalg.norm(A @ sol - b))


@dataclass
class CumulantFit:
    """Result of :func:`fit_cumulant_shells`.

    Parameters
    ----------
    shells : pandas.DataFrame
        Columns pair, n, n_err, distance, distance_err, sigma2, sigma2_err, c3, c3_err
        (Å, Å², Å³; c3 is 0 and c3_err NaN for a shell fitted without C3).
    e0_shift, e0_shift_err : float
        ΔE0 and its error (eV).
    r_factor : float
        Misfit in the fit space.
    chi_fit : ndarray
        Model χ(k) on the data's k grid.
    n_independent : float
        Independent points 2ΔkΔR/π.
    success : bool
        The optimiser's flag.
    """

    shells: object
    e0_shift: float
    e0_shift_err: float
    r_factor: float
    chi_fit: np.ndarray
    n_independent: float
    success: bool


def fit_cumulant_shells(
    k,
    chi,
    shells,
    *,
    s02: float = 1.0,
    kmin: float = 2.0,
    kmax: float | None = None,
    kweight: int = 2,
    rmin: float = 1.0,
    rmax: float = 3.0,
    window: str = "hanning",
    dk: float = 1.0,
    e0_shift: float = 0.0,
    space: str = "R",
):
    """Conventional EXAFS shell fit: N, R, σ² per shell and one ΔE0 (S0² fixed), feffit-style.

    Parameters
    ----------
    k : array-like of shape (n_k,)
        Wavenumbers (Å⁻¹).
    chi : array-like of shape (n_k,)
        Unweighted χ(k).
    shells : sequence of dict
        One per shell: ``table`` (ScatteringTable or "toy"), starting ``n``, ``distance`` (Å),
        ``sigma2`` (Å²), optional ``pair`` name, and optional ``c3`` (Å³): a starting third
        cumulant, which is then fitted too (anharmonic or skewed shells; without it C3 = 0).
    s02 : float, default 1.0
        S0², fixed.
    kmin, kmax : float
        k window (Å⁻¹).
    kweight : int, default 2
        k-weight.
    rmin, rmax : float
        R window (Å) of the fit in R space.
    window : {"hanning", "kaiser"}, default "hanning"
        k window shape.
    dk : float, default 1.0
        k window taper.
    e0_shift : float, default 0.0
        Starting ΔE0 (eV).
    space : {"R", "k"}, default "R"
        Fit Re/Im χ(R) over [rmin, rmax], or windowed k^w χ(k).

    Returns
    -------
    CumulantFit

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.exafs import chi_shell
    >>> from sklearn_rdf.exafs import fit_cumulant_shells
    >>> k = np.arange(0, 14.01, 0.05)
    >>> chi = chi_shell(k, 6.0, 2.1, 0.006, e0_shift=2.0)
    >>> fit = fit_cumulant_shells(k, chi, [dict(table="toy", n=5, distance=2.0, sigma2=0.004)],
    ...                           kmax=12, rmin=1.2, rmax=3.0)
    >>> round(float(fit.shells.n[0]), 2), round(float(fit.shells.distance[0]), 3)
    (6.0, 2.1)
    """
    import pandas as pd

    k, chi, sel, kmax = _k_window(k, chi, float(kmin), kmax)
    if space not in ("R", "k"):
        raise ValueError(f"space must be 'R' or 'k', got {space!r}")
    shells = list(shells)
    if not shells:
        raise ValueError("shells must name at least one shell")
    x0, lo, hi, starts = [], [], [], []
    for sh in shells:
        starts.append(len(x0))
        x0 += [float(sh["n"]), float(sh["distance"]), float(sh["sigma2"])]
        lo += [0.0, 0.5 * float(sh["distance"]), -0.01]
        hi += [np.inf, 1.5 * float(sh["distance"]), 0.2]
        if sh.get("c3") is not None:  # the third cumulant is fitted for this shell
            x0.append(float(sh["c3"]))
            lo.append(-0.01)
            hi.append(0.01)
    x0.append(float(e0_shift))
    lo.append(-20.0)
    hi.append(20.0)
    x0 = np.clip(x0, np.array(lo) + 1e-9, np.array(hi) - 1e-9)

    def shell_params(p, i):
        j = starts[i]
        c3 = p[j + 3] if shells[i].get("c3") is not None else 0.0
        return p[j], p[j + 1], p[j + 2], c3

    def model(p):
        total = np.zeros_like(k)
        for i, sh in enumerate(shells):
            n, d, s2, c3 = shell_params(p, i)
            total += chi_shell(k, n, d, s2, sh["table"], e0_shift=p[-1], s02=s02, c3=c3)
        return total

    ft_args = dict(kmin=kmin, kmax=kmax, kweight=kweight, dk=dk, window=window, rmax_out=rmax + 1)
    if space == "R":
        data_ft = xftf(k, chi, **ft_args)
        rsel = (data_ft.r >= rmin) & (data_ft.r <= rmax)
        target = np.concatenate([data_ft.real[rsel], data_ft.imag[rsel]])

        def transform(c):
            ft = xftf(k, c, **ft_args)
            return np.concatenate([ft.real[rsel], ft.imag[rsel]])
    else:
        win = ftwindow(k, kmin, kmax, dk, window=window)[sel]
        target = win * k[sel] ** kweight * chi[sel]

        def transform(c):
            return win * k[sel] ** kweight * c[sel]

    def residual(p):
        return transform(model(p)) - target

    sol = least_squares(residual, x0, bounds=(lo, hi), x_scale="jac")
    res = sol.fun
    n_idp = 2 * (kmax - kmin) * (rmax - rmin) / np.pi
    n_par = sol.x.size
    try:
        cov = np.linalg.inv(sol.jac.T @ sol.jac)
        dof = max(n_idp - n_par, 1.0)
        # feffit: scale by the reduced chi-square over the independent points
        cov *= float(res @ res) * (n_idp / res.size) / dof
        err = np.sqrt(np.clip(np.diag(cov), 0, None))
    except np.linalg.LinAlgError:
        err = np.full(n_par, np.nan)
    rows = []
    for i, sh in enumerate(shells):
        n, d, s2, c3 = shell_params(sol.x, i)
        j = starts[i]
        fitted_c3 = sh.get("c3") is not None
        rows.append(
            {"pair": sh.get("pair", getattr(sh["table"], "pair", "toy")), "n": n,
             "n_err": err[j], "distance": d, "distance_err": err[j + 1],
             "sigma2": s2, "sigma2_err": err[j + 2], "c3": c3,
             "c3_err": err[j + 3] if fitted_c3 else np.nan}
        )  # fmt: skip
    rf = float(res @ res / (target @ target)) if target @ target > 0 else np.nan
    return CumulantFit(
        pd.DataFrame(rows),
        float(sol.x[-1]),
        float(err[-1]),
        rf,
        model(sol.x),
        n_idp,
        bool(sol.success),
    )
