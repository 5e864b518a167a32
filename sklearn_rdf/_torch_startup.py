"""Fits that do not pay for importing torch's compiler (the first-fit warm-up).

torch imports ``torch._dynamo`` (torch.compile's machinery, about 0.9 s of CPU once per process
on the development machine) the first time an optimizer is used: ``Adam.step`` is wrapped in
``_use_grad_for_differentiable``, which imports it on every call, and a few
``torch.optim.Optimizer`` methods (``add_param_group``, ``zero_grad``, ``state_dict``,
``load_state_dict``) in ``torch._disable_dynamo``, which imports it on its first call. The
package never compiles, so the first fit of every process paid that for nothing
(WaveletRDFRegressor: 1.06 s of CPU for the first fit, 0.12 s for the next ones).

- :class:`EagerAdam` is ``torch.optim.Adam`` whose ``step`` runs torch's own Adam step
  (``Adam.step.__wrapped__``) under the grad mode the wrapper would set, without the wrapper's
  import and its (eager no-op) graph breaks: the same arithmetic, bit for bit (tested).
  :func:`~sklearn_rdf._training.make_net` uses it wherever ``torch.optim.Adam`` is asked for.
- :func:`without_dynamo_import` runs a fit with the ``_disable_dynamo`` wrappers bypassed:
  while ``torch._dynamo`` has not been imported no ``torch.compile`` can be running, and a
  dynamo-disabled function then does exactly what the function itself does. Each bypass is
  torch's own per-function cache (``fn.__dynamo_disable``) set to the function itself, removed
  when the fit ends, so code that compiles later in the process finds torch as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import torch

__all__ = ["EagerAdam", "without_dynamo_import"]

_CACHE = "__dynamo_disable"  # torch._compile._disable_dynamo's per-function attribute


def _wrapper_code():
    """The code object of torch's ``_disable_dynamo`` wrapper (None if torch changed it)."""
    disable = getattr(getattr(torch, "_compile", None), "_disable_dynamo", None)
    if disable is None:
        return None
    return getattr(disable(lambda: None), "__code__", None)


def _wrapped_optimizer_methods() -> list:
    code = _wrapper_code()
    out = []
    for name in ("add_param_group", "zero_grad", "state_dict", "load_state_dict"):
        inner = getattr(torch.optim.Optimizer, name, None)
        fn = getattr(inner, "__wrapped__", None)
        if fn is not None and code is not None and getattr(inner, "__code__", None) is code:
            out.append(fn)
    return out


@contextmanager
def without_dynamo_import() -> Iterator[None]:
    """Run the block without the optimizer's wrappers importing ``torch._dynamo``."""
    if "torch._dynamo" in sys.modules:  # already imported: nothing to save, nothing to touch
        yield
        return
    bypassed = []
    for fn in _wrapped_optimizer_methods():
        if getattr(fn, _CACHE, None) is None:
            setattr(fn, _CACHE, fn)
            bypassed.append(fn)
    try:
        yield
    finally:
        for fn in bypassed:
            if getattr(fn, _CACHE, None) is fn:
                delattr(fn, _CACHE)


_ADAM_STEP = getattr(torch.optim.Adam.step, "__wrapped__", None)


class EagerAdam(torch.optim.Adam):
    """``torch.optim.Adam`` whose ``step`` does not import ``torch._dynamo`` (same results).

    Parameters and behaviour are those of :class:`torch.optim.Adam`; only the wrapper around
    ``step`` differs (see the module docstring). Not for use under ``torch.compile``.
    """

    def step(self, closure=None):
        """One Adam step (torch's own), with gradients off as torch's wrapper sets them."""
        if _ADAM_STEP is None:  # a torch without the wrapper: nothing to bypass
            return super().step(closure)
        previous = torch.is_grad_enabled()
        try:
            torch.set_grad_enabled(self.defaults["differentiable"])
            return _ADAM_STEP(self, closure)
        finally:
            torch.set_grad_enabled(previous)
