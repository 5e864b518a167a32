"""Physics of pair correlations, apart from any learning.

Quantities and units (r in Å, q in Å⁻¹, ρ in atoms/Å³):

- g(r): pair distribution function, → 1 at large r.
- G(r) = 4πρr(g(r) − 1): reduced pair distribution function (Å⁻²).
- R(r) = 4πρr²g(r): radial distribution function (Å⁻¹); ∫ R dr over a shell is its CN.
- S(q): total structure factor, → 1 at large q.
- F(q) = q(S(q) − 1): reduced structure factor (Å⁻¹), the WT-RDF+ paper's S_R(q).
"""

from .coordination import CoordinationShell, coordination_number
from .inversion import regularised_inversion
from .models import gaussian_shells_g, gaussian_shells_R
from .peaks import DEFAULT_REL_PROMINENCE, Peaks, find_rdf_peaks, kth_peak_index
from .quantities import (
    QUANTITIES,
    Curve,
    F_to_S,
    G_to_g,
    G_to_R,
    Quantity,
    R_to_G,
    R_to_g,
    S_to_F,
    as_structure_factor,
    convert,
    g_to_G,
    g_to_R,
)
from .scattering import (
    faber_ziman_weights,
    mean_coherent_length,
    neutron_scattering_lengths,
    neutron_weights,
)
from .shell_fit import ShellFit, fit_gaussian_shells, gaussian_shells_F, low_r_reference
from .transforms import (
    lorch,
    sine_transform,
    sine_transform_F_to_G,
    sine_transform_G_to_F,
    trapezoid_weights,
)

__all__ = [
    "DEFAULT_REL_PROMINENCE",
    "QUANTITIES",
    "CoordinationShell",
    "Curve",
    "F_to_S",
    "G_to_R",
    "G_to_g",
    "Peaks",
    "Quantity",
    "R_to_G",
    "R_to_g",
    "S_to_F",
    "ShellFit",
    "as_structure_factor",
    "convert",
    "coordination_number",
    "faber_ziman_weights",
    "find_rdf_peaks",
    "fit_gaussian_shells",
    "g_to_G",
    "g_to_R",
    "gaussian_shells_F",
    "gaussian_shells_R",
    "gaussian_shells_g",
    "kth_peak_index",
    "lorch",
    "low_r_reference",
    "mean_coherent_length",
    "neutron_scattering_lengths",
    "neutron_weights",
    "regularised_inversion",
    "sine_transform",
    "sine_transform_F_to_G",
    "sine_transform_G_to_F",
    "trapezoid_weights",
]
