"""EXAFS inversion: χ(k) → partial radial distribution functions R(r).

- :class:`ONNERegressor`: the objectively trained neural-network ensemble of the ONNE paper
  (Marcella et al., PRB 109, 104201 (2024)), with calibrated uncertainty and fine-tuning.
- :class:`MacrostateGenerator`, :class:`Shell`: objective training sets (Gaussian-mixture
  shells, S0², ΔE0 and noise augmentation).
- :class:`ClusterMacrostateGenerator`, :func:`assemble_cluster`: the paper's 3-D assembly
  (genetic algorithm on spheres) and FEFF multiple scattering on the clusters (extra feff).
- Peers on the same data and tables: :func:`tikhonov_inversion` (non-negative Tikhonov with λ
  by the discrepancy principle or GCV, ΔE0 scan) and :func:`fit_cumulant_shells` (N, R, σ²,
  ΔE0 per shell, the feffit way).
- :func:`read_chi`: χ(k) from ``.chi``, ``.chik``, ``.xdi`` (and μ(E) through xraylarch).

The physics (EXAFS equation, FEFF tables, windows, Fourier transforms) lives in
:mod:`sklearn_rdf.physics.exafs`.
"""

from ._cluster import assemble_cluster, fibonacci_sphere, min_neighbour_distance
from ._cluster_generator import ClusterMacrostateGenerator
from ._generator import MacrostateGenerator, Shell
from ._io import read_chi
from ._onne import ONNERegressor
from ._peers import CumulantFit, TikhonovResult, fit_cumulant_shells, tikhonov_inversion

__all__ = [
    "ClusterMacrostateGenerator",
    "CumulantFit",
    "MacrostateGenerator",
    "ONNERegressor",
    "Shell",
    "TikhonovResult",
    "assemble_cluster",
    "fibonacci_sphere",
    "fit_cumulant_shells",
    "min_neighbour_distance",
    "read_chi",
    "tikhonov_inversion",
]
