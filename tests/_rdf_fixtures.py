"""Ge–Se-like test data built from the Gaussian-shell model (until the embedded datasets land).

A Ge0.25Se0.75-like glass: number density ρ = 0.0335 atoms/Å³ (4.3 g/cm³, mean atomic mass
77.4 u), shells (r_k Å, N_k, σ_k Å) = (2.36, 2.5, 0.09) Ge–Se/Se–Se bonds, (3.75, 8.0, 0.28)
second neighbours, (5.9, 14.0, 0.45) third. From g(r):

- the target: G(r) = 4πρr(g(r) − 1) (Å⁻²) on 59 points r = 0.2, 0.3, ..., 6.0 Å (the paper's
  datasets have 59 points);
- the input: F(q) = ∫ G(r) sin(qr) dr (Å⁻¹) from a fine r grid (0–30 Å), truncated at
  q_max = 7.9 Å⁻¹ as by a Cu Kα diffractometer, on ``n_q`` points from q_min = 0.3 Å⁻¹.

Used by the wavelet tests and benchmarks (``benchmarks/bench_wavelet.py`` imports it from
``tests._rdf_fixtures``); ``ge_se_like_frames`` makes a family of slightly different glasses,
one curve per frame, as a stand-in for time-resolved diffraction.
"""

from __future__ import annotations

import numpy as np

from sklearn_rdf.physics import g_to_G, gaussian_shells_g, sine_transform, sine_transform_G_to_F

RHO = 0.0335
SHELLS = ((2.36, 2.5, 0.09), (3.75, 8.0, 0.28), (5.9, 14.0, 0.45))
R_TARGET = np.round(np.linspace(0.2, 6.0, 59), 10)
Q_MIN, Q_MAX = 0.3, 7.9
_R_FINE = np.linspace(0.0, 30.0, 3001)


def _G(r, shells, rho=RHO) -> np.ndarray:
    return g_to_G(r, gaussian_shells_g(r, shells, rho), rho)


def ge_se_like(n_q: int = 400, shells=SHELLS, r=R_TARGET, q_max: float = Q_MAX):
    """(r, G, q, F): target G(r) on ``r`` and the truncated F(q) on ``n_q`` points."""
    q = np.linspace(Q_MIN, q_max, n_q)
    F = sine_transform_G_to_F(_R_FINE, _G(_R_FINE, shells), q)
    return np.array(r, dtype=np.float64), _G(r, shells), q, F


def ge_se_like_frames(n_frames: int, n_q: int = 400, seed: int = 0):
    """(r, G, q, F) for ``n_frames`` glasses: G of shape (59, n_frames), F (n_q, n_frames).

    Each frame scales the shell distances by 1 ± 2 % and the widths by 1 ± 15 % (uniform,
    seeded), as a glass relaxing or heating over the frames of a time-resolved experiment.
    """
    rng = np.random.default_rng(seed)
    q = np.linspace(Q_MIN, Q_MAX, n_q)
    base = np.array(SHELLS)
    G_target, G_fine = [], []
    for _ in range(n_frames):
        shells = base.copy()
        shells[:, 0] *= 1.0 + rng.uniform(-0.02, 0.02)
        shells[:, 2] *= 1.0 + rng.uniform(-0.15, 0.15, size=len(base))
        G_target.append(_G(R_TARGET, shells))
        G_fine.append(_G(_R_FINE, shells))
    # F(q) = ∫ G(r) sin(qr) dr for all frames with one sin(qr) matrix (as sine_transform_G_to_F)
    F = sine_transform(_R_FINE, np.column_stack(G_fine), q)
    return R_TARGET.copy(), np.column_stack(G_target), q, F


def ge_se_like_G(n_points: int = 59, r_min: float = 1.5, r_max: float = 7.3):
    """r (Å) and G(r) = 4πρr(g(r) − 1) (Å⁻²) of the same glass on ``n_points`` even points.

    59 points over 1.5–7.3 Å by default, the size and range of the embedded WT-RDF+ curves.
    """
    r = np.linspace(r_min, r_max, n_points)
    return r, _G(r, SHELLS)


def material(shift: float = 0.0, n_q: int = 400):
    """(r (59, 1) in Å over 1.5–7.3 Å, target G(r) in Å⁻², (q, F) truncated at 7.9 Å⁻¹).

    ``shift`` (Å) moves every shell, for a second material in cross-material tests.
    """
    shells = np.array(SHELLS)
    shells[:, 0] += shift
    r, G, q, F = ge_se_like(n_q=n_q, shells=shells, r=np.linspace(1.5, 7.3, 59))
    return r.reshape(-1, 1), G, (q, F)
