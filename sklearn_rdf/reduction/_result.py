"""The result of a reduction: S(Q), F(Q), G(r), g(r) as named curves, and how they were made."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..physics import Curve

__all__ = ["Reduction"]


@dataclass
class Reduction:
    """S(Q), F(Q), G(r) and g(r) from a raw pattern, with the settings and fitted numbers.

    Attributes
    ----------
    S : Curve
        Faber–Ziman total structure factor S(Q) on Q (Å⁻¹), from 0 (extrapolated below the
        measured q_min) to q_max.
    F : Curve
        F(Q) = Q(S(Q) − 1) (Å⁻¹).
    G : Curve
        G(r) = 4πρr(g(r) − 1) (Å⁻²) = (2/π) ∫ F(Q) M(Q) sin(Qr) dQ on the requested r grid.
    g : Curve
        g(r) = 1 + G(r)/(4πρr) on r > 0.
    rho : float
        Number density (atoms/Å³).
    normalisation : float
        The factor n that puts the background-subtracted intensity in electron units
        (X-rays) or barn/sr/atom (neutrons).
    background_scale : float
        The background scale used (given or fitted).
    q_range : (float, float)
        The measured Q range used (Å⁻¹).
    engine : str
        Which code did the work ("glassure" or "native").
    settings : dict
        Every setting, as a record of the reduction (also in each curve's metadata).
    cpu_seconds : float
        Process CPU time of the reduction.
    engine_G : Curve or None
        G(r) as the engine itself computed it (Glassure's FFT), for comparison.
    """

    S: Curve
    F: Curve
    G: Curve
    g: Curve
    rho: float
    normalisation: float
    background_scale: float
    q_range: tuple[float, float]
    engine: str
    settings: dict[str, Any] = field(default_factory=dict)
    cpu_seconds: float = 0.0
    engine_G: Curve | None = None
