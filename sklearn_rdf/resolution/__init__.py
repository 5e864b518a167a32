"""Resolution beyond the Fourier limit: G(r) from a truncated F(q) with what physics knows.

:class:`ShellRDFRegressor` fits Gaussian coordination shells to F(q) under the low-r line
(G(r) = −4πρr inside the atomic core), then transforms the data continued by the shells' F(q)
beyond q_max; its shell table gives R, N, σ per shell with uncertainties. The physics lives in
:mod:`sklearn_rdf.physics.shell_fit`. :class:`WaveletTailRDFRegressor` is the issue's third
route: the WT-RDF kernel's terms, taken beyond q_max, as learned extra terms of that tail
(:mod:`sklearn_rdf.physics.wavelet_tail`). See ``docs/resolution.md``.
"""

from ._estimator import ShellRDFRegressor
from ._wavelet_tail import WaveletTailRDFRegressor

__all__ = ["ShellRDFRegressor", "WaveletTailRDFRegressor"]
