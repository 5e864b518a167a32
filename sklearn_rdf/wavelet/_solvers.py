"""Solvers for one training round of the WT-RDF model (θ of m curves at once).

Each solver takes a :class:`~sklearn_rdf.wavelet._module.WaveletRDFModule` holding the
starting θ (already inside the round's bounds), the r points (Å) the loss sees — shape
(n_r,), shared by all curves, or (n_r, m), one column per curve (the selective loss: each
curve's own peak bins) — the targets Y (n_r, m) and a :class:`Round`, and returns the new θ
(m, 5) as float64 numpy and the loss per iteration.

- :func:`fit_adam`: the paper's training (Sec. 3.2, 4.2) through the shared skorch core:
  Adam, full batch, Eq. 15 clipping as a callback, the round's loss as the criterion. Adam's
  update is element-wise, so fitting m curves at once with the summed loss follows exactly
  the trajectories of m single fits.
- :func:`fit_lbfgs`: scipy's L-BFGS-B (bounds handled by the method itself) on the same loss,
  gradients from the analytic Jacobian, float64.
- :func:`fit_least_squares`: scipy's ``least_squares`` (trust-region reflective, bounds) on
  the residuals √W (ŷ − y), analytic Jacobian, float64; one curve at a time.
- :func:`fit_lm`: a vectorised Levenberg–Marquardt for many curves at once on the same
  residuals: per curve damping (Nielsen's update), Marquardt scaling, bounds by projection
  with an active set (a parameter at a bound whose gradient points outwards is held). One
  value+Jacobian evaluation of the model per iteration for all curves still running.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import torch
from scipy.optimize import least_squares, minimize

from .._training import NonFiniteLossWarning, fit_net, loss_history, make_net
from ._losses import BoundsClipper, CurveLoss

__all__ = ["SOLVERS", "Round", "fit_adam", "fit_lbfgs", "fit_least_squares", "fit_lm"]

SOLVERS: tuple[str, ...] = ("adam", "lbfgs", "least_squares", "lm")


@dataclass
class Round:
    """Settings of one training round, resolved to arrays.

    lower, upper : (m, 5) bounds (±inf where free); weights : (n_r, m); kind : "l1"/"l2".
    """

    lr: float
    max_epochs: int
    lower: np.ndarray
    upper: np.ndarray
    weights: np.ndarray
    kind: str


def nonfinite_start_error(theta_row, dtype, solver: str) -> ValueError:
    """The error for a model that is not finite at the starting θ (one row of θ)."""
    params = dict(zip(("a", "b", "K_f", "C_tilde", "Lambda"), np.asarray(theta_row).tolist(),
                      strict=True))  # fmt: skip
    return ValueError(
        f"the WT-RDF model is not finite at the starting parameters {params} in "
        f"{str(dtype).removeprefix('torch.')} (solver {solver!r}): check the scale of θ and "
        "of F(q)"
    )


def _r_rows(r: np.ndarray, dtype, device="cpu") -> torch.Tensor:
    """r (n_r,) or (n_r, m) as the model takes it: (n_r,) shared or (m, n_r) per curve."""
    return torch.as_tensor(r if r.ndim == 1 else r.T.copy(), dtype=dtype, device=device)


def _warn_nonfinite(what: str) -> None:
    warnings.warn(
        f"{what}: the loss became NaN or inf; the last parameters that gave a finite loss "
        "were kept",
        NonFiniteLossWarning,
        stacklevel=4,
    )


def fit_adam(module, r, Y, rnd: Round, *, device: str, n_threads):
    """Adam through skorch; returns (θ, per-epoch loss, net)."""
    start = module.theta.detach().cpu().numpy().astype(np.float64)
    net = make_net(
        module,
        criterion=CurveLoss,
        criterion__weights=torch.as_tensor(rnd.weights, dtype=module.theta.dtype),
        criterion__kind=rnd.kind,
        max_epochs=rnd.max_epochs,
        lr=rnd.lr,
        optimizer=torch.optim.Adam,
        device=device,
        callbacks=[("clip", BoundsClipper(rnd.lower, rnd.upper))],
    )
    fit_net(
        net,
        r[:, None] if r.ndim == 1 else r,
        Y,
        random_state=0,
        n_threads=n_threads,
        warn_nonfinite=False,
    )
    theta = net.module_.theta.detach().cpu().numpy().astype(np.float64)
    if not np.all(np.isfinite(theta)):  # only if no finite state was ever seen
        theta = start
    if dict(net.callbacks_)["nonfinite_guard"].tripped_ is not None:
        _warn_nonfinite(f"Adam stopped at epoch {len(net.history)}")
    return theta, loss_history(net), net


def _objective(module, r_t, Y_t, W_t, kind):
    """f(θ flat) → (loss, gradient) in float64 for scipy, remembering the best finite point."""
    m = Y_t.shape[0]
    best = {"loss": np.inf, "theta": None}
    history = []

    def fun(x):
        theta = torch.as_tensor(x, dtype=W_t.dtype).reshape(m, 5)
        G, jac = module.value_and_jacobian(r_t, theta)
        res = G - Y_t
        if kind == "l1":
            loss = (W_t * res.abs()).sum()
            dres = W_t * torch.sign(res)
        else:
            loss = (W_t * res * res).sum()
            dres = 2 * W_t * res
        grad = torch.einsum("mr,mrk->mk", dres, jac)
        value = float(loss)
        if not np.isfinite(value) or not bool(torch.isfinite(grad).all()):
            return np.inf, np.zeros_like(x)
        history.append(value)
        if value < best["loss"]:
            best.update(loss=value, theta=np.array(x, dtype=np.float64))
        return value, grad.reshape(-1).numpy().astype(np.float64)

    return fun, best, history


def _bounds_list(lower, upper):
    return [
        (None if not np.isfinite(lo) else float(lo), None if not np.isfinite(hi) else float(hi))
        for lo, hi in zip(lower.reshape(-1), upper.reshape(-1), strict=True)
    ]


def fit_lbfgs(module, r, Y, rnd: Round, *, tol: float):
    """scipy L-BFGS-B on the round's loss (float64); returns (θ, loss per evaluation)."""
    r_t = _r_rows(r, torch.float64)
    Y_t, W_t = (torch.as_tensor(a, dtype=torch.float64) for a in (Y.T, rnd.weights.T))
    fun, best, history = _objective(module, r_t, Y_t, W_t, rnd.kind)
    x0 = module.theta.detach().cpu().numpy().astype(np.float64).reshape(-1)
    result = minimize(
        fun,
        x0,
        jac=True,
        method="L-BFGS-B",
        bounds=_bounds_list(rnd.lower, rnd.upper),
        options={"maxiter": rnd.max_epochs, "ftol": tol, "gtol": tol},
    )
    theta = result.x
    if best["theta"] is None:
        _warn_nonfinite("L-BFGS-B")
        theta = x0
    elif not np.all(np.isfinite(theta)) or not np.isfinite(result.fun):
        _warn_nonfinite("L-BFGS-B")
        theta = best["theta"]
    elif best["loss"] < result.fun:
        theta = best["theta"]
    return theta.reshape(-1, 5), np.asarray(history)


def fit_least_squares(module, r, Y, rnd: Round, *, tol: float):
    """scipy ``least_squares`` (TRF, bounds) per curve; returns (θ, ½ Σ W res² per evaluation).

    Parameters pinned by their bounds (lower == upper, which scipy refuses) are held at that
    value and the others fitted.
    """
    r_t = torch.as_tensor(r, dtype=torch.float64)
    theta0 = module.theta.detach().cpu().numpy().astype(np.float64)
    out = theta0.copy()
    history = []
    for j in range(theta0.shape[0]):
        keep = rnd.weights[:, j] > 0
        sw = torch.as_tensor(np.sqrt(rnd.weights[keep, j]))
        y = torch.as_tensor(Y[keep, j])
        wF = module.wF[j : j + 1]
        rk = (r_t if r.ndim == 1 else r_t[:, j])[torch.as_tensor(keep)]
        lower, upper = rnd.lower[j], rnd.upper[j]
        free = lower < upper
        if not free.any():
            continue
        cache, full = {}, out[j].copy()

        def evaluate(x, rk=rk, wF=wF, cache=cache, full=full, free=free):
            key = x.tobytes()
            if key not in cache:
                cache.clear()
                full[free] = x
                theta = torch.as_tensor(full).reshape(1, 5)
                G, jac = module.value_and_jacobian(rk, theta, wF=wF)
                cache[key] = (G[0], jac[0][:, torch.as_tensor(free)])
            return cache[key]

        def residuals(x, sw=sw, y=y, evaluate=evaluate):
            G, _ = evaluate(x)
            res = (sw * (G - y)).numpy()
            if np.all(np.isfinite(res)):
                history.append(0.5 * float(res @ res))
            return res

        def jacobian(x, sw=sw, evaluate=evaluate):
            _, jac = evaluate(x)
            return (sw[:, None] * jac).numpy()

        result = least_squares(
            residuals, theta0[j, free], jac=jacobian, bounds=(lower[free], upper[free]),
            method="trf", ftol=tol, xtol=tol, gtol=tol, max_nfev=rnd.max_epochs,
        )  # fmt: skip
        out[j, free] = result.x  # TRF only accepts steps with finite residuals
    return out, np.asarray(history)


def fit_lm(module, r, Y, rnd: Round, *, tol: float):
    """Vectorised bounded Levenberg–Marquardt on ½ Σ W (ŷ − y)² for all curves.

    The model and its Jacobian are evaluated in the module's dtype (float32 by default: the
    Bessel functions dominate the cost and torch's float32 ones are 2× faster than scipy's
    float64 ones); θ, the normal equations and the costs are float64.
    Returns (θ (m, 5), total cost after each iteration).
    """
    mdtype, device = module.theta.dtype, module.theta.device
    f64 = torch.float64
    r_t = _r_rows(r, mdtype, device)
    sw = torch.as_tensor(np.sqrt(rnd.weights.T), dtype=f64, device=device)  # (m, n_r)
    y = torch.as_tensor(Y.T, dtype=f64, device=device)
    lower = torch.as_tensor(rnd.lower, dtype=f64, device=device)
    upper = torch.as_tensor(rnd.upper, dtype=f64, device=device)
    theta = module.theta.detach().to(f64).clamp_(min=lower, max=upper)
    m = theta.shape[0]
    eps = torch.finfo(mdtype).eps
    ftol = max(tol, 10 * eps)
    # residuals at the rounding level of the model's dtype cannot be reduced further:
    # ½ Σ W (100 eps max|y|)² counts as converged, per curve
    floor = 0.5 * (sw * sw).sum(1) * (100 * eps * y.abs().amax(1)) ** 2

    def evaluate(th, idx):
        rr = r_t if r_t.dim() == 1 else r_t[idx]
        G, jac = module.value_and_jacobian(rr, th.to(mdtype), wF=module.wF[idx])
        res = sw[idx] * (G.to(f64) - y[idx])
        jw = sw[idx, :, None] * jac.to(f64)
        return res, jw, 0.5 * (res * res).sum(dim=1)

    res, jw, cost = evaluate(theta, torch.arange(m, device=device))
    bad = ~torch.isfinite(cost)
    if bool(bad.any()):
        raise nonfinite_start_error(theta[int(bad.nonzero()[0])].cpu(), mdtype, "lm")
    lam = torch.full((m,), 1e-3, dtype=f64, device=device)
    nu = torch.full((m,), 2.0, dtype=f64, device=device)
    active = torch.ones(m, dtype=torch.bool, device=device)
    history = [float(cost.sum())]
    tiny = torch.finfo(f64).tiny
    for _ in range(rnd.max_epochs):
        idx = active.nonzero()[:, 0]
        if idx.numel() == 0:
            break
        th, lo, hi = theta[idx], lower[idx], upper[idx]
        r_a, j_a, c_a = res[idx], jw[idx], cost[idx]
        g = torch.einsum("mr,mrk->mk", r_a, j_a)
        H = torch.einsum("mrk,mrl->mkl", j_a, j_a)
        # active set: a parameter at a bound whose gradient points outwards is held
        held = ((th <= lo) & (g > 0)) | ((th >= hi) & (g < 0))
        free = (~held).to(f64)
        g_free = g * free
        gnorm = g_free.abs().amax(dim=1)
        d = torch.diagonal(H, dim1=1, dim2=2)
        d = torch.maximum(d, d.amax(dim=1, keepdim=True) * 1e-12 + tiny)  # Marquardt scaling
        A = H + lam[idx, None, None] * torch.diag_embed(d)
        A = A * free[:, :, None] * free[:, None, :] + torch.diag_embed(1.0 - free)
        step = -torch.linalg.solve(A, g_free[..., None])[..., 0]
        new = torch.minimum(torch.maximum(th + step, lo), hi)
        step = new - th
        pred = -(g * step).sum(1) - 0.5 * torch.einsum("mk,mkl,ml->m", step, H, step)
        n_res, n_jw, n_cost = evaluate(new, idx)
        actual = c_a - n_cost
        ok = torch.isfinite(n_cost) & (actual > 0)
        rho = torch.where(pred > 0, actual / pred, torch.zeros_like(actual))
        # Nielsen's damping update
        factor = torch.clamp(1 - (2 * rho - 1) ** 3, min=1 / 3)
        lam[idx] = torch.where(ok, lam[idx] * factor, lam[idx] * nu[idx])
        nu[idx] = torch.where(ok, torch.full_like(nu[idx], 2.0), nu[idx] * 2)
        acc = idx[ok]
        theta[acc], res[acc], jw[acc], cost[acc] = new[ok], n_res[ok], n_jw[ok], n_cost[ok]
        small_step = step.abs().amax(1) <= tol * (th.abs().amax(1) + tol)
        small_f = ok & (actual <= ftol * c_a)
        done = (gnorm <= tol) | small_f | (small_step & ok) | (lam[idx] > 1e16)
        done |= torch.where(ok, n_cost, c_a) <= floor[idx]
        active[idx[done]] = False
        history.append(float(cost.sum()))
    return theta.cpu().numpy(), np.asarray(history)
