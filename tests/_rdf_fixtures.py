"""Curves shared by tests (and by ``benchmarks/bench_neural.py``) until the embedded Ge-Se
family of ``sklearn_rdf.datasets`` is available.
"""

from __future__ import annotations

import numpy as np

from sklearn_rdf.physics import gaussian_shells_g

# Ge0.25Se0.75-like shells (r_k Å, N_k, σ_k Å): Ge-Se/Se-Se bonds at 2.36 Å (mean
# coordination 0.25·4 + 0.75·2 = 2.5), a second shell at 3.7 Å and a third at 5.8 Å.
GE_SE_SHELLS = ((2.36, 2.5, 0.08), (3.70, 8.0, 0.25), (5.80, 18.0, 0.45))
#: Number density of a GeSe3 glass (about 4.4 g/cm³), atoms/Å³.
GE_SE_RHO = 0.0342


def ge_se_like_G(n_points: int = 59, r_min: float = 1.5, r_max: float = 7.3):
    """r (Å) and G(r) = 4πρr(g(r) − 1) (Å⁻²) of a Ge-Se-like Gaussian-shell glass.

    59 evenly spaced points over 1.5-7.3 Å by default, the size of the WT-RDF+ curves.
    """
    r = np.linspace(r_min, r_max, n_points)
    g = gaussian_shells_g(r, GE_SE_SHELLS, GE_SE_RHO)
    return r, 4 * np.pi * GE_SE_RHO * r * (g - 1)
