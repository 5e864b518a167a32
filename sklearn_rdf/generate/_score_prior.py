"""A learned structural prior: a noise-conditional energy trained by denoising score matching.

The score of the noised data distribution, s(x̃, σ) = ∇ log p_σ(x̃), is modelled as the negative
gradient of a learned energy E_θ(x̃, σ) = Σ_i ε_θ(D_i(x̃), σ) (so it is a conservative,
permutation- and rotation-invariant field). D_i describes atom i's first shell: Gaussian radial
functions of its neighbour distances per neighbour species, and a soft histogram of the cosines
of its bond angles, each bond weighted by the cut-off f(d) = ½(cos(πd/r_cut) + 1). Training
(Vincent 2011) draws a structure x of the training set, σ log-uniform in [σ_min, σ_max], noise
ε ~ N(0, 1) and minimises mean_i |σ s_θ(x + σε, σ) + ε|². GLASS (the source paper) uses a graph
network on GPUs; this is a small CPU model of the same idea: no potential needed, only
structures.

Sampling: annealed Langevin dynamics (Song & Ermon 2019) from random positions through the
noise levels, x ← x + α s + √(2α) z with α = η σ², and a final denoising step x + σ² s.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import torch

from ..physics.differentiable import neighbour_triplets
from ._guided import budget_clock

__all__ = ["EnergyScoreModel", "annealed_langevin", "train_score_model"]


class EnergyScoreModel(torch.nn.Module):
    """Noise-conditional energy E_θ(x, σ) of periodic coordinates (score = −∇_x E_θ).

    Parameters
    ----------
    n_species : int
    r_cut : float
        First-shell cut-off (Å).
    n_radial, n_angular, hidden : int
        Radial functions per neighbour species, cosine bins, width of the per-atom network.
    """

    def __init__(self, n_species: int, r_cut: float, n_radial=12, n_angular=12, hidden=64):
        super().__init__()
        self.n_species = int(n_species)
        self.r_cut = float(r_cut)
        # radial functions from a quarter of the cut-off: the model must see (and learn to
        # avoid) pairs far closer than any in the data; from 0.5 r_cut up its unconditional
        # samples kept overlapping atoms (442 eV/atom under SW, measured 2026-12-01)
        self.register_buffer("mu", torch.linspace(0.25 * r_cut, r_cut, n_radial))
        self.register_buffer("cos_centres", torch.linspace(-1.0, 1.0, n_angular))
        self.width_r = float(0.75 * r_cut / max(n_radial - 1, 1)) * 1.5
        self.width_c = 2.0 / max(n_angular - 1, 1)
        n_in = self.n_species * n_radial + n_angular + self.n_species + 2
        self.net = torch.nn.Sequential(
            torch.nn.Linear(n_in, hidden),
            torch.nn.SiLU(),
            torch.nn.Linear(hidden, hidden),
            torch.nn.SiLU(),
            torch.nn.Linear(hidden, 1),
        )

    def descriptors(self, x: torch.Tensor, box, types: torch.Tensor) -> torch.Tensor:
        """Per-atom first-shell descriptors D_i (N, n_features - noise features)."""
        n = x.shape[0]
        centre, neighbour, first, second, vec, dist = neighbour_triplets(x, box, self.r_cut)
        fc = 0.5 * (torch.cos(math.pi * dist / self.r_cut) + 1.0)
        radial = torch.exp(-(((dist[:, None] - self.mu[None, :]) / self.width_r) ** 2))
        radial = radial * fc[:, None]
        n_r = self.mu.numel()
        rad = torch.zeros(n, self.n_species * n_r, dtype=x.dtype, device=x.device)
        cols = types[neighbour][:, None] * n_r + torch.arange(n_r, device=x.device)[None, :]
        rad = rad.index_put((centre[:, None].expand_as(cols), cols), radial, accumulate=True)
        ang = torch.zeros(n, self.cos_centres.numel(), dtype=x.dtype, device=x.device)
        if first.numel():
            cos = (vec[first] * vec[second]).sum(1) / (dist[first] * dist[second])
            soft = torch.exp(-(((cos[:, None] - self.cos_centres[None, :]) / self.width_c) ** 2))
            soft = soft * (fc[first] * fc[second])[:, None]
            ang = ang.index_add(0, centre[first], soft)
        return torch.cat([rad / 4.0, ang / 6.0], dim=1)

    def energy(self, x: torch.Tensor, box, types: torch.Tensor, sigma: float) -> torch.Tensor:
        """Σ_i ε_θ(D_i, σ): a scalar (arbitrary units)."""
        d = self.descriptors(x, box, types)
        onehot = torch.nn.functional.one_hot(types, self.n_species).to(x.dtype)
        noise = torch.tensor([math.log(sigma), sigma], dtype=x.dtype, device=x.device)
        feats = torch.cat([d, onehot, noise.expand(x.shape[0], 2)], dim=1)
        return self.net(feats).sum()

    def score(self, x: torch.Tensor, box, types: torch.Tensor, sigma: float, create_graph=False):
        """s_θ(x, σ) = −∇_x E_θ (N, 3)."""
        if not x.requires_grad:
            x = x.detach().requires_grad_(True)
        e = self.energy(x, box, types, sigma)
        (grad,) = torch.autograd.grad(e, x, create_graph=create_graph)
        return -grad


def train_score_model(
    structures,
    *,
    n_species: int,
    r_cut: float,
    sigma_min: float = 0.02,
    sigma_max: float = 0.5,
    n_iter: int = 6000,
    learning_rate: float = 3e-3,
    hidden: int = 64,
    n_radial: int = 12,
    n_angular: int = 12,
    seed: int = 0,
    max_time: float | None = None,
    device: str = "cpu",
    verbose: bool = False,
):
    """Denoising score matching on a list of (positions (N, 3), types (N,), box (3,)).

    ``device`` is a torch device ("cpu", "cuda", "cuda:N", "auto"); the noise is drawn by the
    numpy generator on the CPU and moved, so a seed gives the same draws on every device.
    ``max_time`` stops the training after that many seconds: CPU seconds on the CPU, wall
    seconds on a CUDA device (:func:`~sklearn_rdf.generate._guided.budget_clock`).

    Returns the trained :class:`EnergyScoreModel` (float64, eval mode, on ``device``) and the
    loss history.
    """
    from .._training import resolve_device, torch_rng  # skorch only when a prior is trained

    dev = torch.device(resolve_device(device))  # CUDA asked for but absent: ValueError
    rng = np.random.default_rng(seed)
    with torch_rng(int(rng.integers(2**31 - 1))):  # the caller's torch RNG is left alone
        model = EnergyScoreModel(
            n_species, r_cut, n_radial=n_radial, n_angular=n_angular, hidden=hidden
        ).double()
    model = model.to(dev)  # initialised on the CPU: the same weights on every device
    opt = torch.optim.Adam(model.parameters(), lr=learning_rate)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=n_iter)
    data = [
        (
            torch.as_tensor(np.asarray(p, dtype=np.float64), device=dev),
            torch.as_tensor(np.asarray(t, dtype=np.int64), device=dev),
            np.asarray(b, dtype=np.float64),
        )
        for p, t, b in structures
    ]
    history = []
    clock = budget_clock(dev)  # CPU s on the CPU, wall s on a GPU
    t0 = clock()
    for it in range(n_iter):
        if max_time is not None and clock() - t0 > max_time:
            break
        x, types, box = data[int(rng.integers(len(data)))]
        sigma = float(np.exp(rng.uniform(np.log(sigma_min), np.log(sigma_max))))
        eps = torch.as_tensor(rng.standard_normal(tuple(x.shape)), device=dev)
        noisy = (x + sigma * eps).requires_grad_(True)
        s = model.score(noisy, box, types, sigma, create_graph=True)
        loss = torch.mean(torch.sum((sigma * s + eps) ** 2, dim=1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        history.append(loss.item())
        if verbose and it % 100 == 0:
            print(f"DSM {it}: {np.mean(history[-100:]):.4f}", flush=True)
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model, np.array(history)


def annealed_langevin(
    model: EnergyScoreModel,
    x0,
    box,
    types,
    *,
    sigmas,
    steps_per_level: int = 40,
    eta: float = 0.1,
    rng=None,
    device=None,
):
    """Annealed Langevin dynamics from ``x0`` through the decreasing noise levels ``sigmas``.

    Runs on ``device`` (default: where ``model`` is); the noise is drawn by ``rng`` (numpy, on
    the CPU) and moved. Returns positions (N, 3) as a numpy array, wrapped into the box.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    here = next(model.parameters()).device
    dev = here if device is None else torch.device(device)
    if dev != here:  # the caller's model stays where it is
        model = copy.deepcopy(model).to(dev)
    t = torch.as_tensor(np.asarray(types, dtype=np.int64), device=dev)
    x = torch.as_tensor(np.array(x0, dtype=np.float64), device=dev)
    for sigma in sigmas:
        alpha = eta * sigma**2
        for _ in range(steps_per_level):
            s = model.score(x, box, t, float(sigma))
            z = torch.as_tensor(rng.standard_normal(tuple(x.shape)), device=dev)
            x = (x + alpha * s + math.sqrt(2 * alpha) * z).detach()
    s = model.score(x, box, t, float(sigmas[-1]))
    x = (x + float(sigmas[-1]) ** 2 * s).detach()
    return np.mod(x.cpu().numpy(), np.asarray(box, dtype=np.float64))
