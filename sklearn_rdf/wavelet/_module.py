"""The WT-RDF torch module: θ as one learnable tensor, the structure factors as buffers."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ..physics.transforms import trapezoid_weights
from ..physics.wavelet import PARAM_NAMES, check_kernel_options
from ._kernel import WaveletRDFFunction, wavelet_rdf_and_jacobian

__all__ = ["WaveletRDFModule"]


class WaveletRDFModule(nn.Module):
    """G(r) = Λ ∫ F(q) D((q r − b)/a) dq for one or many curves (Eqs. 3-4 / 13 of WT-RDF+).

    Parameters
    ----------
    q : array-like of shape (n_q,)
        Momentum transfer (Å⁻¹), strictly increasing, shared by all curves.
    F : array-like of shape (n_q,) or (n_q, m)
        Reduced structure factor(s) F(q) = q(S(q) − 1) (Å⁻¹), one per column.
    theta : array-like of shape (5,) or (m, 5)
        Starting θ = (a, b, K_f, C̃, Λ), one row per curve (a single row is repeated).
    p, n_terms, form
        Kernel options, see :func:`sklearn_rdf.physics.wavelet.wavelet_kernel`.
    dtype : torch dtype, default torch.float32
        Dtype of θ and of the buffers.

    Attributes
    ----------
    theta : nn.Parameter of shape (m, 5)
        The learnable parameters; column k is ``PARAM_NAMES[k]``.

    Notes
    -----
    ``forward(X)`` takes r (Å) as X of shape (n_r, 1) or (n_r,), shared by all curves, or
    (n_r, m), one column of r per curve (each curve evaluated at its own points, e.g. the
    peak bins of its selective loss), and returns G of shape (n_r, m): curves are columns,
    the package's multi-output convention. The trapezoid rule on the q grid is folded into
    the buffer ``wF`` (weights × F), so the integral is a matrix product. Gradients flow to
    ``theta`` only (through :class:`WaveletRDFFunction`).
    """

    def __init__(self, q, F, theta, *, p=0, n_terms=None, form="eq4", dtype=torch.float32):
        super().__init__()
        self.p, self.n_terms, self.form = check_kernel_options(p, n_terms, form)
        q = np.asarray(q, dtype=np.float64)
        F = np.asarray(F, dtype=np.float64)
        F = F.reshape(F.shape[0], -1)
        wF = (trapezoid_weights(q)[:, None] * F).T  # (m, n_q)
        theta = np.asarray(theta, dtype=np.float64).reshape(-1, len(PARAM_NAMES))
        if theta.shape[0] == 1 and wF.shape[0] > 1:
            theta = np.repeat(theta, wF.shape[0], axis=0)
        if theta.shape[0] != wF.shape[0]:
            raise ValueError(
                f"theta has {theta.shape[0]} rows but there are {wF.shape[0]} structure factors"
            )
        self.register_buffer("q", torch.as_tensor(q, dtype=dtype))
        self.register_buffer("wF", torch.as_tensor(np.ascontiguousarray(wF), dtype=dtype))
        self.theta = nn.Parameter(torch.as_tensor(theta, dtype=dtype).clone())

    @property
    def n_curves(self) -> int:
        return int(self.wF.shape[0])

    def _r(self, X) -> torch.Tensor:
        """forward's X as r of shape (n_r,) (shared) or (m, n_r) (one row per curve)."""
        r = torch.as_tensor(X).to(dtype=self.q.dtype, device=self.q.device)
        shape = tuple(r.shape)
        if r.dim() == 2 and r.shape[1] == 1:
            r = r[:, 0]
        if r.dim() == 1:
            return r.contiguous()
        if r.dim() != 2 or r.shape[1] != self.n_curves:
            raise ValueError(
                f"X must be r (Å) of shape (n_r,) or (n_r, 1), shared by all curves, or "
                f"(n_r, {self.n_curves}), one column per curve; got {shape}"
            )
        return r.T.contiguous()

    def forward(self, X) -> torch.Tensor:
        # Under no_grad the Function still sees a Parameter that requires grad; detaching
        # tells it to skip the Jacobian (half the cost of a forward pass).
        theta = self.theta if torch.is_grad_enabled() else self.theta.detach()
        G = WaveletRDFFunction.apply(
            theta, self._r(X), self.q, self.wF, self.p, self.n_terms, self.form
        )
        return G.T

    def value_and_jacobian(self, X, theta=None, *, wF=None, jacobian: bool = True):
        """G (m, n_r) and dG/dθ (m, n_r, 5) at ``theta`` (default: the module's own θ).

        ``X`` is r (Å) of shape (n_r,), shared, or (m, n_r), one row per curve of ``theta``.
        ``wF`` selects other (weighted) structure factors, e.g. a subset of the curves' rows
        (then give the same subset of the rows of a per-curve r).
        """
        theta = self.theta.detach() if theta is None else theta
        r = torch.as_tensor(X).to(dtype=self.q.dtype, device=self.q.device)
        if r.dim() == 2 and r.shape[0] == 1:
            r = r[0]
        return wavelet_rdf_and_jacobian(
            theta, r.contiguous(), self.q, self.wF if wF is None else wF,
            p=self.p, n_terms=self.n_terms, form=self.form, jacobian=jacobian,
        )  # fmt: skip
