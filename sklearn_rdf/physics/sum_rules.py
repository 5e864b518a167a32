"""Sum rules a structure factor must obey, as checks of a reduction.

Krogh-Moe / Norman: ∫_0^∞ Q² (S(Q) − 1) dQ = −2π²ρ, because g(r) = 0 at r = 0. On a finite
range the integral converges only where S(Q) − 1 has decayed, and the Q² weight makes it very
sensitive to the large-Q level: a constant offset ε of S(Q) moves the ratio by
−ε Q_max³/(6π²ρ) (for Q_max = 20 Å⁻¹ and ρ = 0.087 atoms/Å³, ε = −0.001 moves it by +2.6).
The ratio is a check of the normalisation and the background level, not a number to fit to.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_curve, as_grid, check_density, check_same_length

__all__ = ["krogh_moe_ratio"]


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
