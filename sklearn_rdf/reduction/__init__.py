"""Reduction of raw diffraction patterns to S(Q), F(Q), G(r) and g(r).

- :func:`reduce_xray`: a raw X-ray pattern I(Q) or I(2θ) and its background → S(Q) → F(Q) →
  G(r), g(r): background (scaled or fitted), polarisation, Compton subtraction from tabulated
  incoherent functions, fitted or Krogh-Moe–Norman normalisation, extrapolation to Q = 0,
  Kaplow–Eggert or PDFgetX3-style low-r optimisation, cylindrical-sample absorption
  (:func:`absorption_correction`, from ``diffpy.labpdfproc``). Glassure 3.0 does the work (extra
  ``reduction``) or, for comparison, the package's own implementation (``engine="native"``).
- :func:`reduce_neutron`: a neutron differential cross-section or Gudrun's F(Q) → the same.
- :func:`simulate_xray_pattern`: a raw pattern synthesised from a known S(Q), to check a
  reduction on data it was never tuned on.

Every output is a :class:`~sklearn_rdf.physics.Curve` with its quantity and units
(see ``docs/reduction.md`` and ``docs/conventions.md``).
"""

from ._neutron import reduce_neutron
from ._result import Reduction
from ._simulate import SimulatedPattern, simulate_xray_pattern
from ._xray import absorption_correction, reduce_xray

__all__ = [
    "Reduction",
    "SimulatedPattern",
    "absorption_correction",
    "reduce_neutron",
    "reduce_xray",
    "simulate_xray_pattern",
]
