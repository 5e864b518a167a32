"""From S(Q) to G(r) and g(r) with the package's sine transform; low-r optimisation.

Shared by the native X-ray engine and the neutron reduction (the Glassure engine does these
steps in Glassure). The Kaplow–Eggert optimisation (Kaplow et al., Phys. Rev. 138, A1336
(1965); Eggert et al., Phys. Rev. B 65, 174105 (2002)) uses the one piece of knowledge a
reduction has about r: below the first interatomic distance r_c, G(r) = −4πρr exactly. Each
iteration transforms S(Q) to G(r) on [0, r_c], takes the error ΔG(r) = G(r) + 4πρr there, and
removes its back-transform from S(Q): S ← S · (1 − (1/Q) ∫_0^{r_c} ΔG(r) sin(Qr) dr) (the
multiplicative form Eggert et al. use, which also corrects the normalisation; Glassure does
the same).
"""

from __future__ import annotations

import numpy as np

from ..physics import Curve, G_to_g, sine_transform_F_to_G, sine_transform_G_to_F

__all__ = ["extend_to_zero", "kaplow_optimise", "pdf_curves", "polynomial_correction"]


def extend_to_zero(
    q: np.ndarray, S: np.ndarray, s0: float, method: str = "step"
) -> tuple[np.ndarray, np.ndarray]:
    """Prepend Q points from 0 to q_min (the grid step): S = ``s0`` (``"step"``), or a straight
    line from S(0) = ``s0`` to the first measured point (``"linear"``)."""
    if q[0] <= 0:
        return q, S
    step = float(np.median(np.diff(q)))
    low = np.arange(0.0, q[0] - step / 2, step)
    if method == "linear":
        values = s0 + (S[0] - s0) * low / q[0]
    else:
        values = np.full(low.size, s0)
    return np.concatenate([low, q]), np.concatenate([values, S])


def kaplow_optimise(
    q: np.ndarray, S: np.ndarray, rho: float, r_cutoff: float, iterations: int
) -> np.ndarray:
    """S(Q) with the r < ``r_cutoff`` region of G(r) driven to −4πρr (see the module text)."""
    r = np.arange(0.0, r_cutoff, 0.01)
    S = S.copy()
    positive = q > 0
    for _ in range(int(iterations)):
        G = sine_transform_F_to_G(q, q * (S - 1.0), r)
        delta = G + 4.0 * np.pi * rho * r
        correction = np.zeros_like(S)
        correction[positive] = sine_transform_G_to_F(r, delta, q[positive]) / q[positive]
        S = S * (1.0 - correction)
    return S


def polynomial_correction(q: np.ndarray, S: np.ndarray, r_cutoff: float) -> np.ndarray:
    """PDFgetX3's ad-hoc correction: remove from F(Q) a polynomial through the origin.

    Degree n = q_max r_c / π (Juhás et al., J. Appl. Cryst. 46, 560 (2013)): a polynomial of
    that degree has no Fourier component beyond r_c, so subtracting it only changes G(r) below
    r_c. Non-integer n blends the two neighbouring degrees, as Glassure does.
    """
    F = q * (S - 1.0)
    degree = max(1.0, q.max() * r_cutoff / np.pi)
    lo, hi = int(np.floor(degree)), int(np.ceil(degree))
    fit = np.zeros_like(F)
    for deg, weight in ((lo, hi - degree), (hi, degree - lo)) if lo != hi else ((lo, 1.0),):
        if weight == 0:
            continue
        powers = np.vstack([q**k for k in range(1, deg + 1)]).T
        coef, *_ = np.linalg.lstsq(powers / q.max() ** np.arange(1, deg + 1), F, rcond=None)
        fit += weight * (powers / q.max() ** np.arange(1, deg + 1)) @ coef
    out = S.copy()
    positive = q > 0
    out[positive] = S[positive] - fit[positive] / q[positive]
    return out


def pdf_curves(
    q: np.ndarray, S: np.ndarray, r: np.ndarray, rho: float, window, metadata: dict
) -> tuple[Curve, Curve, Curve, Curve]:
    """(S, F, G, g) curves; G by the package's sine transform, g on r > 0."""
    F = q * (S - 1.0)
    G = sine_transform_F_to_G(q, F, r, window=window)
    keep = r > 0
    g = G_to_g(r[keep], G[keep], rho)
    meta = dict(metadata, rho=rho)
    return (
        Curve(q, S, "S", metadata=dict(meta)),
        Curve(q, F, "F", metadata=dict(meta)),
        Curve(r, G, "G", metadata=dict(meta)),
        Curve(r[keep], g, "g", metadata=dict(meta)),
    )
