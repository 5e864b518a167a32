"""Physics of pair correlations, apart from any learning.

Quantities and units (r in Å, q in Å⁻¹, ρ in atoms/Å³):

- g(r): pair distribution function, → 1 at large r.
- G(r) = 4πρr(g(r) − 1): reduced pair distribution function (Å⁻²).
- R(r) = 4πρr²g(r): radial distribution function (Å⁻¹); ∫ R dr over a shell is its CN.
- S(q): total structure factor, → 1 at large q.
- F(q) = q(S(q) − 1): reduced structure factor (Å⁻¹), the WT-RDF+ paper's S_R(q).

The field's weighted conventions (Keen's F(Q), G(r), D(r), T(r); G(r)/r) are in
:data:`CONVENTIONS`, reached with :func:`convert`.
"""

from .composition import as_composition, mass_to_number_density
from .coordination import (
    CoordinationShell,
    PartialShell,
    coordination_number,
    density_from_low_r,
    partial_coordination_number,
)
from .geometry import polarisation_factor, q_to_two_theta, to_inverse_angstrom, two_theta_to_q
from .inversion import regularised_inversion
from .models import gaussian_shells_g, gaussian_shells_R
from .peaks import DEFAULT_REL_PROMINENCE, Peaks, find_rdf_peaks, kth_peak_index
from .qrange import QRange, noise_limited_q_max
from .quantities import (
    CONVENTIONS,
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
    IllConditionedNormalisationWarning,
    faber_ziman_weights,
    mean_coherent_length,
    neutron_scattering_lengths,
    neutron_self_scattering,
    neutron_weights,
    normalisation_condition,
)
from .shell_fit import (
    ShellFit,
    fit_gaussian_shells,
    gaussian_shells_F,
    low_r_noise_ratio,
    low_r_reference,
)
from .sum_rules import high_q_level, krogh_moe_ratio
from .transforms import (
    WINDOWS,
    hanning,
    kaiser,
    lorch,
    sine_transform,
    sine_transform_F_to_G,
    sine_transform_G_to_F,
    trapezoid_weights,
)
from .wavelet_tail import WaveletTailFit, fit_wavelet_tail, wavelet_tail_basis
from .xray import xray_form_factors, xray_weights

__all__ = [
    "CONVENTIONS",
    "DEFAULT_REL_PROMINENCE",
    "QUANTITIES",
    "WINDOWS",
    "CoordinationShell",
    "Curve",
    "F_to_S",
    "G_to_R",
    "G_to_g",
    "IllConditionedNormalisationWarning",
    "PartialShell",
    "Peaks",
    "QRange",
    "Quantity",
    "R_to_G",
    "R_to_g",
    "S_to_F",
    "ShellFit",
    "WaveletTailFit",
    "as_composition",
    "as_structure_factor",
    "convert",
    "coordination_number",
    "density_from_low_r",
    "faber_ziman_weights",
    "find_rdf_peaks",
    "fit_gaussian_shells",
    "fit_wavelet_tail",
    "g_to_G",
    "g_to_R",
    "gaussian_shells_F",
    "gaussian_shells_R",
    "gaussian_shells_g",
    "hanning",
    "high_q_level",
    "kaiser",
    "krogh_moe_ratio",
    "kth_peak_index",
    "lorch",
    "low_r_noise_ratio",
    "low_r_reference",
    "mass_to_number_density",
    "mean_coherent_length",
    "neutron_scattering_lengths",
    "neutron_self_scattering",
    "neutron_weights",
    "noise_limited_q_max",
    "normalisation_condition",
    "partial_coordination_number",
    "polarisation_factor",
    "q_to_two_theta",
    "regularised_inversion",
    "sine_transform",
    "sine_transform_F_to_G",
    "sine_transform_G_to_F",
    "to_inverse_angstrom",
    "trapezoid_weights",
    "two_theta_to_q",
    "wavelet_tail_basis",
    "xray_form_factors",
    "xray_weights",
]
