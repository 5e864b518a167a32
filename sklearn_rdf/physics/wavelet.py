"""The WT-RDF wavelet kernel and forward model, numpy/scipy reference (no learning here).

WT-RDF (Senjaya et al.; Eqs. 3, 4, 7-9 and 13 of the WT-RDF+ paper) predicts the reduced pair
distribution function from the reduced structure factor with a wavelet kernel D:

    G(r) = Λ ∫_{q_min}^{q_max} F(q) D((q r − b) / a) dq                              (Eq. 3)
    D(x) = Σ_{s≥0} β_{s,p} (x/2)^{2s+p} + K_f Φ(x) + C̃                              (Eq. 4)
    β_{s,p} = (−1)^s / (s! (s+p)!),   Φ(x) = x⁴ exp(−x²)                          (Eqs. 7-9)

with F(q) = q(S(q) − 1) in Å⁻¹ on q in Å⁻¹ (the paper's S_R) and G(r) = 4πρr(g(r) − 1) in Å⁻²
on r in Å (what the paper's Eq. 13 predicts: "ŷ refers to G(r)"; its Eq. 1 "g(r)" is R(r) of
this package). The integral is the trapezoid rule on the structure factor's own q grid.

The first sum of Eq. 4 is the power series of the Bessel function of the first kind, so the
known part of the kernel is J_p(x), p even (default 0):

- ``n_terms=None`` (default) uses J_p exactly (:func:`scipy.special.jv`);
- ``n_terms=n`` keeps the first n terms of the series (the truncated Eq. 7). The truncated
  series follows J_p only while |x| stays well below ~n; on a Cu Kα q range x = (qr − b)/a
  reaches ~100, where a truncated series is many orders of magnitude off.

Eq. 4 vs Eq. 13. Eq. 4 (and Eq. 7) write the series in ((qr − b)/(2a)), which is J_p((qr − b)/a):
the Bessel part and Φ share the dilation a. Eq. 13, the training equation, drops the 2:
Σ β_{s,p} ((qr − b)/a)^{2s+p} = J_p(2 (qr − b)/a), a Bessel part twice as fast as Φ. Both are
offered: ``form="eq4"`` (default, the true Bessel series of the model's derivation) and
``form="eq13"`` (the literal training equation). With the same θ they give different curves,
so fitted θ of one form does not carry over to the other.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from scipy.special import jv

from .._validation import as_grid
from .quantities import as_structure_factor

__all__ = [
    "FORMS",
    "PARAM_NAMES",
    "WT_RDF_PARAMS",
    "bessel_series",
    "check_kernel_options",
    "phi",
    "wavelet_kernel",
    "wavelet_rdf",
]

#: The five WT-RDF parameters θ, in the order used by every array of θ in the package.
PARAM_NAMES: tuple[str, ...] = ("a", "b", "K_f", "C_tilde", "Lambda")

#: The WT-RDF values of θ, tuned by hand on Ge0.25Se0.75 (Sec. 2.2 of the paper).
WT_RDF_PARAMS: dict[str, float] = {
    "a": 0.590,
    "b": 4.600,
    "K_f": 0.106,
    "C_tilde": 0.212,
    "Lambda": -4.700,
}

#: Kernel forms: "eq4" = J_p(x) (Eq. 4), "eq13" = J_p(2x) (Eq. 13 as printed).
FORMS: tuple[str, ...] = ("eq4", "eq13")


def check_kernel_options(p, n_terms, form) -> tuple[int, int | None, str]:
    """Validate the kernel options; return them as (int p, n_terms or None, form)."""
    if isinstance(p, bool) or not isinstance(p, numbers.Integral) or p < 0 or p % 2:
        raise ValueError(f"p (Bessel order) must be an even integer >= 0, got {p!r}")
    if n_terms is not None and (
        isinstance(n_terms, bool) or not isinstance(n_terms, numbers.Integral) or n_terms < 1
    ):
        raise ValueError(
            f"n_terms must be None (exact Bessel) or an integer >= 1, got {n_terms!r}"
        )
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, got {form!r}")
    return int(p), None if n_terms is None else int(n_terms), form


def bessel_series(z, p: int = 0, n_terms: int | None = None) -> np.ndarray:
    """Σ_{s<n_terms} (−1)^s / (s!(s+p)!) (z/2)^{2s+p}: J_p(z), exactly (None) or truncated."""
    p, n_terms, _ = check_kernel_options(p, n_terms, "eq4")
    z = np.asarray(z, dtype=np.float64)
    if n_terms is None:
        return jv(p, z)
    half = z / 2.0
    u = half * half
    total = np.zeros_like(z)
    for s in reversed(range(n_terms)):  # Horner in u = (z/2)²
        total = total * u + (-1) ** s / (math.factorial(s) * math.factorial(s + p))
    return total * half**p


def phi(x) -> np.ndarray:
    """Φ(x) = x⁴ exp(−x²) (Eq. 9), the short-range correction of the kernel."""
    x = np.asarray(x, dtype=np.float64)
    x2 = x * x
    return x2 * x2 * np.exp(-x2)


def wavelet_kernel(
    x,
    *,
    K_f: float,
    C_tilde: float,
    p: int = 0,
    n_terms: int | None = None,
    form: str = "eq4",
) -> np.ndarray:
    """The WT-RDF wavelet D(x) = J_p(x) + K_f Φ(x) + C̃ (Eq. 4), or J_p(2x) + ... (Eq. 13).

    Parameters
    ----------
    x : array-like
        The wavelet argument (q r − b)/a (dimensionless).
    K_f, C_tilde : float
        Amplitude of Φ and the constant offset C̃.
    p : int, default 0
        Bessel order (even).
    n_terms : int or None, default None
        None: exact J_p; an integer: the first ``n_terms`` terms of the series (Eq. 7).
    form : {"eq4", "eq13"}, default "eq4"
        "eq4": the series in x/2 (J_p(x)); "eq13": the series in x (J_p(2x)).
    """
    p, n_terms, form = check_kernel_options(p, n_terms, form)
    x = np.asarray(x, dtype=np.float64)
    z = x if form == "eq4" else 2.0 * x
    return bessel_series(z, p, n_terms) + float(K_f) * phi(x) + float(C_tilde)


def wavelet_rdf(
    r,
    q,
    F,
    *,
    a: float,
    b: float,
    K_f: float,
    C_tilde: float,
    Lambda: float,
    p: int = 0,
    n_terms: int | None = None,
    form: str = "eq4",
) -> np.ndarray:
    """Reference WT-RDF forward model: G(r) = Λ ∫ F(q) D((q r − b)/a) dq (numpy trapezoid).

    A direct evaluation (the full r × q kernel in memory, :func:`scipy.special.jv`,
    :func:`numpy.trapezoid`) used to check the torch model of :mod:`sklearn_rdf.wavelet`.

    Parameters
    ----------
    r : array-like of shape (n_r,)
        Distances in Å.
    q : array-like of shape (n_q,)
        Momentum transfer in Å⁻¹, strictly increasing.
    F : array-like of shape (n_q,)
        Reduced structure factor F(q) = q(S(q) − 1) in Å⁻¹.
    a, b, K_f, C_tilde, Lambda : float
        θ of the model (a ≠ 0).
    p, n_terms, form
        Kernel options, see :func:`wavelet_kernel`.

    Returns
    -------
    G : ndarray of shape (n_r,)
        The predicted reduced PDF G(r) (Å⁻² when Λ absorbs the normalisation, as in the paper).
    """
    r = as_grid(r, "r", strictly_increasing=False, min_size=1)
    q, F = as_structure_factor((q, F))
    a = float(a)
    if not np.isfinite(a) or a == 0:
        raise ValueError(f"a (wavelet dilation) must be finite and non-zero, got {a!r}")
    x = (np.multiply.outer(r, q) - float(b)) / a
    D = wavelet_kernel(x, K_f=K_f, C_tilde=C_tilde, p=p, n_terms=n_terms, form=form)
    return float(Lambda) * np.trapezoid(F * D, q, axis=-1)
