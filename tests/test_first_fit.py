"""The first fit of a process costs what the next ones cost: no import of torch.compile's
machinery (``torch._dynamo``, ~0.9 s of CPU) by the optimizers, with the same arithmetic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from sklearn_rdf._torch_startup import EagerAdam, without_dynamo_import

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "options", [{}, {"weight_decay": 0.01}, {"amsgrad": True}, {"betas": (0.5, 0.9)}]
)
def test_eager_adam_is_torch_adam_bit_for_bit(options):
    def run(optimizer_class):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
        x = torch.linspace(-1, 1, 60).reshape(20, 3)
        y = torch.sin(x.sum(1, keepdim=True))
        opt = optimizer_class(model.parameters(), lr=0.05, **options)
        losses = []
        for _ in range(40):

            def closure():
                opt.zero_grad()
                loss = ((model(x) - y) ** 2).mean()
                loss.backward()
                return loss

            losses.append(float(opt.step(closure).detach()))
        return losses, [p.detach().clone() for p in model.parameters()]

    ref_losses, ref_params = run(torch.optim.Adam)
    losses, params = run(EagerAdam)
    assert losses == ref_losses
    for a, b in zip(params, ref_params, strict=True):
        assert torch.equal(a, b)
    assert torch.is_grad_enabled()


def test_the_bypass_is_undone_after_the_fit():
    fn = torch.optim.Optimizer.zero_grad.__wrapped__
    before = getattr(fn, "__dynamo_disable", None)
    with without_dynamo_import():
        pass
    assert getattr(fn, "__dynamo_disable", None) is before


_SCRIPT = """
import sys
import numpy as np
from sklearn_rdf import (CNNSpectrumRegressor, LinearSPR, RBFNetRegressor, WaveletRDFRegressor,
                         load_ge_se_glasses)
g = load_ge_se_glasses().data["binary"]
WaveletRDFRegressor(structure_factor=(g.q, g.F), max_epochs=20).fit(g.r, g.G)
RBFNetRegressor(max_epochs=5).fit(g.r, g.G)
X, Y = np.random.default_rng(0).random((12, 20)), np.random.default_rng(1).random((12, 3))
CNNSpectrumRegressor(max_epochs=3).fit(X, Y)
LinearSPR(penalty="l1", alpha=0.01, solver="fista").fit(X, Y)
import torch
fn = torch.optim.Optimizer.zero_grad.__wrapped__
print("dynamo:", "torch._dynamo" in sys.modules, "bypass left:", hasattr(fn, "__dynamo_disable"))
"""


def test_fits_do_not_import_torch_dynamo():
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _SCRIPT],
        capture_output=True, text=True, timeout=300, env=env, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "dynamo: False bypass left: False"
