"""Sum rules a structure factor must obey, as checks of a reduction.

Krogh-Moe / Norman: ∫_0^∞ Q² (S(Q) − 1) dQ = −2π²ρ, because g(r) = 0 at r = 0. On a finite
range the integral converges only where S(Q) − 1 has decayed, and the Q² weight makes it very
sensitive to the large-Q level: a constant offset ε of S(Q) moves the ratio by
−ε Q_max³/(6π²ρ) (for Q_max = 20 Å⁻¹ and ρ = 0.087 atoms/Å³, ε = −0.001 moves it by +2.6).
The ratio is a check of the normalisation and the background level, not a number to fit to.

High-Q level: S(Q) → 1 at large Q, so the mean of S(Q) − 1 over the top of the measured range
(:func:`high_q_level`) is close to 0 for a well-normalised pattern, whatever its oscillations.
Measured 2026-12-01 on the Glassure test patterns: Mg2SiO4 reduced to 20 Å⁻¹ −0.004, argon to
9 Å⁻¹ −0.003; the same patterns reduced over their whole range (to 28.4 and 10.9 Å⁻¹, where the
data stop being a structure factor) −0.10 and −0.88.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_curve, as_grid, check_density, check_same_length

__all__ = ["high_q_level", "krogh_moe_ratio"]


def krogh_moe_ratio(q, S, rho) -> float:
    """∫ Q²(S(Q) − 1) dQ / (−2π²ρ) over the given Q grid (trapezoid rule).

    Parameters
    ----------
    q : array-like of shape (n,)
        Q (Å⁻¹), strictly increasing, starting at (or extrapolated to) 0.
    S : array-like of shape (n,)
        Faber–Ziman S(Q).
    rho : float
        Number density (atoms/Å³).

    Returns
    -------
    float
        1 when the sum rule holds on this range.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.sum_rules import krogh_moe_ratio
    >>> q = np.linspace(0, 20, 2001)
    >>> a, rho = 1.5, 0.05  # g(r) = 1 − exp(−r²/a²): S − 1 = −ρ π^(3/2) a³ exp(−Q²a²/4)
    >>> S = 1 - rho * np.pi**1.5 * a**3 * np.exp(-(q**2) * a**2 / 4)
    >>> round(krogh_moe_ratio(q, S, rho), 6)
    1.0
    """
    q = as_grid(q, "q", min_value=0.0)
    S = as_curve(S, "S")
    check_same_length(q, S, "q", "S")
    rho = check_density(rho)
    return float(np.trapezoid(q**2 * (S - 1.0), q) / (-2.0 * np.pi**2 * rho))


def high_q_level(q, S, *, q_min: float, q_max: float, fraction: float = 1 / 3) -> float:
    """Mean of S(Q) − 1 over the top ``fraction`` of the range [q_min, q_max] (0 when normalised).

    Parameters
    ----------
    q : array-like of shape (n,)
        Q (Å⁻¹), strictly increasing.
    S : array-like of shape (n,)
        Faber–Ziman S(Q).
    q_min, q_max : float
        The measured range (Å⁻¹); the mean is taken on [q_max − fraction·(q_max − q_min), q_max].
    fraction : float, default 1/3
        Share of the range examined, in (0, 1].

    Returns
    -------
    float
        The mean of S(Q) − 1 there (trapezoid average over Q).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.sum_rules import high_q_level
    >>> q = np.linspace(1, 20, 1901)
    >>> S = 1 + np.sin(2 * q) / q
    >>> abs(high_q_level(q, S, q_min=1, q_max=20)) < 0.01
    True
    >>> round(high_q_level(q, 0.9 * S, q_min=1, q_max=20), 2)  # a 10 % scale error
    -0.1
    """
    q = as_grid(q, "q", min_value=0.0)
    S = as_curve(S, "S")
    check_same_length(q, S, "q", "S")
    fraction = float(fraction)
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must lie in (0, 1], got {fraction!r}")
    q_min, q_max = float(q_min), float(q_max)
    if not (np.isfinite(q_min) and np.isfinite(q_max) and q_min < q_max):
        raise ValueError(f"need finite q_min < q_max, got {q_min!r}, {q_max!r}")
    top = (q >= q_max - fraction * (q_max - q_min)) & (q <= q_max)
    if np.count_nonzero(top) < 2:
        raise ValueError(f"fewer than 2 points of q in the top of [{q_min}, {q_max}] Å⁻¹")
    x, y = q[top], S[top] - 1.0
    return float(np.trapezoid(y, x) / (x[-1] - x[0]))
