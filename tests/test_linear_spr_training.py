"""The training-core extensions made for LinearSPR and its CNN baseline: mini-batches, the
proximal-gradient optimizer (ISTA/FISTA) and the elastic-net proximal operator."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.linear_model import Lasso
from skorch.dataset import Dataset

from sklearn_rdf._training import (
    ElasticNetProx,
    MiniBatchIterator,
    ProximalGradient,
    fit_net,
    make_net,
    predict_net,
    torch_rng,
)


def test_mini_batch_iterator_covers_every_sample_once_per_epoch():
    X = torch.arange(10.0)[:, None]
    it = MiniBatchIterator(Dataset(X, X), batch_size=4, shuffle=True)
    assert len(it) == 3
    with torch_rng(0):
        epoch1 = torch.cat([xb[:, 0] for xb, _ in it])
        epoch2 = torch.cat([xb[:, 0] for xb, _ in it])
    assert [len(xb) for xb, _ in it] == [4, 4, 2]
    assert sorted(epoch1.tolist()) == list(range(10))
    assert not torch.equal(epoch1, epoch2)  # a new order every epoch
    with torch_rng(0):
        again = torch.cat([xb[:, 0] for xb, _ in it])
    assert torch.equal(again, epoch1)  # seeded
    plain = MiniBatchIterator(Dataset(X, X), batch_size=4)
    assert torch.equal(torch.cat([xb for xb, _ in plain]), X)


@pytest.mark.parametrize("bad", [0, -2, 1.5, True])
def test_make_net_rejects_bad_batch_size(bad):
    with pytest.raises(ValueError, match="batch_size must be None"):
        make_net(torch.nn.Linear, criterion=torch.nn.MSELoss, max_epochs=1, lr=0.1, batch_size=bad)


def test_elastic_net_prox_values():
    v = torch.tensor([[3.0, -0.5], [-4.0, 0.2]])
    soft = ElasticNetProx(l1=1.0)(v, 1.0)
    torch.testing.assert_close(soft, torch.tensor([[2.0, 0.0], [-3.0, 0.0]]))
    shrunk = ElasticNetProx(l1=1.0, l2=1.0)(v, 1.0)
    torch.testing.assert_close(shrunk, soft / 2)
    group = ElasticNetProx(l1=1.0, group_dim=0)(v, 1.0)  # columns: norms 5 and ~0.539
    torch.testing.assert_close(group, torch.tensor([[2.4, 0.0], [-3.2, 0.0]]))
    assert ElasticNetProx(l1=2.0, l2=1.0).penalty(v) == pytest.approx(2 * 7.7 + 0.5 * 25.29)
    with pytest.raises(ValueError, match="l1 must be a finite number >= 0"):
        ElasticNetProx(l1=-1.0)


def test_proximal_gradient_validates_its_arguments():
    p = [torch.nn.Parameter(torch.zeros(2))]
    with pytest.raises(ValueError, match="lr"):
        ProximalGradient(p, lr=0.0)
    with pytest.raises(ValueError, match="n_steps"):
        ProximalGradient(p, lr=0.1, n_steps=0)
    with pytest.raises(ValueError, match="prox must be a callable"):
        ProximalGradient(p, lr=0.1, prox="l1")


def _lasso_net(lr, accelerated, max_epochs, l1):
    return make_net(
        torch.nn.Linear,
        module__in_features=8,
        module__out_features=1,
        module__bias=False,
        module__dtype=torch.float64,
        criterion=torch.nn.MSELoss,
        max_epochs=max_epochs,
        lr=lr,
        optimizer=ProximalGradient,
        optimizer__prox=ElasticNetProx(l1=l1),
        optimizer__accelerated=accelerated,
        optimizer__n_steps=10,
    )


def test_ista_and_fista_solve_the_lasso_and_leave_exact_zeros():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 8))
    w = np.array([2.0, -1.0, 0, 0, 0.5, 0, 0, 0])
    y = X @ w + 0.1 * rng.normal(size=100)
    alpha = 0.05
    # MSELoss = (1/n)‖r‖² is twice sklearn's (1/2n)‖r‖²: the same minimiser with l1 = 2 alpha
    L = 2 * np.linalg.eigvalsh(X.T @ X / 100).max()
    ref = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12).fit(X, y).coef_
    fista = fit_net(
        _lasso_net(1 / L, True, 60, 2 * alpha), X, y[:, None], random_state=0, dtype=torch.float64
    )
    ista = fit_net(
        _lasso_net(1 / L, False, 60, 2 * alpha), X, y[:, None], random_state=0, dtype=torch.float64
    )
    for net in (fista, ista):
        coef = net.module_.weight.detach().numpy()[0]
        np.testing.assert_allclose(coef, ref, atol=1e-6)
        np.testing.assert_array_equal(coef == 0, ref == 0)  # iterates loaded: exact zeros
    pred = predict_net(fista, X, dtype=torch.float64)
    np.testing.assert_allclose(pred[:, 0], X @ ref, atol=1e-5)


def test_proximal_gradient_skips_non_finite_losses():
    p = torch.nn.Parameter(torch.ones(3))
    opt = ProximalGradient([p], lr=0.1, n_steps=3)
    calls = []

    def closure():
        opt.zero_grad()
        calls.append(1)
        loss = (p * float("nan")).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert not torch.isfinite(loss) and len(calls) == 1
    torch.testing.assert_close(p.detach(), torch.ones(3))
