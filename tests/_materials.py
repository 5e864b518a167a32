"""Small model materials shared by tests: Gaussian-shell glasses with their truncated F(q)."""

from __future__ import annotations

import numpy as np

from sklearn_rdf.physics import g_to_G, gaussian_shells_g, sine_transform_G_to_F

RHO = 0.034


def material(shift: float = 0.0):
    """(r (59, 1) in Å, target G(r) in Å⁻², (q, F) truncated at 7.9 Å⁻¹) of a Ge–Se-like model."""
    r_fine = np.linspace(0, 30, 6001)
    shells = [(2.36 + shift, 2.7, 0.09), (3.75 + shift, 8.0, 0.25)]
    G_fine = g_to_G(r_fine, gaussian_shells_g(r_fine, shells, RHO, continuum_start=4.6), RHO)
    q = np.linspace(0.3, 7.9, 400)
    F = sine_transform_G_to_F(r_fine, G_fine * np.exp(-((r_fine / 12) ** 2)), q)
    r = np.linspace(1.5, 7.3, 59)
    G = np.interp(r, r_fine, G_fine)
    return r.reshape(-1, 1), G, (q, F)
