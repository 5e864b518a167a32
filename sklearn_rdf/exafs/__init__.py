"""EXAFS inversion: χ(k) → partial radial distribution functions R(r).

- :class:`ONNERegressor`: the objectively trained neural-network ensemble of the ONNE paper
  (Marcella et al., PRB 109, 104201 (2024)), with calibrated uncertainty and fine-tuning.
- :class:`MacrostateGenerator`, :class:`Shell`: objective training sets (Gaussian-mixture
  shells, S0², ΔE0 and noise augmentation).
- Peers on the same data and tables: :func:`tikhonov_inversion` (non-negative Tikhonov with λ
  by the discrepancy principle or GCV, ΔE0 scan) and :func:`fit_cumulant_shells` (N, R, σ²,
  ΔE0 per shell, the feffit way).
- :func:`read_chi`: χ(k) from ``.chi``, ``.chik``, ``.xdi`` (and μ(E) through xraylarch).

The physics (EXAFS equation, FEFF tables, windows, Fourier transforms) lives in
:mod:`sklearn_rdf.physics.exafs`.
"""

from ._generator import MacrostateGenerator, Shell
from ._io import read_chi
from ._onne import ONNERegressor
from ._peers import CumulantFit, TikhonovResult, fit_cumulant_shells, tikhonov_inversion

__all__ = [
    "CumulantFit",
    "MacrostateGenerator",
    "ONNERegressor",
    "Shell",
    "TikhonovResult",
    "fit_cumulant_shells",
    "read_chi",
    "tikhonov_inversion",
]
