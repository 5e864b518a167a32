"""Differentiable spectra of periodic atomic coordinates (torch).

Everything here is a torch function of positions x (N, 3) in Å inside an orthorhombic box of
lengths L (3,) in Å, differentiable with respect to x. Distances use the minimum image, so every
r range must stay below half the smallest box length.

- g(r): pair distribution function (→ (N − 1)/N at large r) on bins [r_k − Δ/2, r_k + Δ/2].
  Each pair distance d contributes the integral over the bin of a Gaussian of width σ centred
  on d, i.e. ``½[erf((hi − d)/(√2σ)) − erf((lo − d)/(√2σ))]``; only bins within ±4σ (plus one
  bin) of d are touched (the "windowed" kernel: the neglected mass is < 6e-5 of a pair). As
  σ → 0 this is the histogram that freud and ASE compute: g_k = 2 Σ_{i<j} n_k(d_ij) / (N ρ V_k),
  V_k the shell volume (N² normalisation, freud's default: an ideal gas of N atoms gives
  (N − 1)/N, not 1, so S(q) from g carries a −1/N offset in g − 1; the shipped snapshot's
  curves share it). Partials g_αβ(r) are the Faber–Ziman ones
  (g = Σ_α≤β (2 − δ_αβ) c_α c_β g_αβ).
- Weighted totals Σ_α≤β w_αβ g_αβ with the weights of :mod:`.scattering` (neutron: coherent
  lengths b; X-ray: form factors at q = 0, f(0) = Z, for the real-space total).
  The same total in one pass over the pairs: :func:`weighted_g_from_distances` gives each pair
  i–j the weight w_αβ (1 + δ_αβ) V/(N_α N_β) (one weighted histogram, no loop over pairs
  of species); :func:`weighted_structure_factor_exact` is the matching reciprocal-space total
  S_w(q) − 1 = Σ_α≤β w_αβ(q) (S_αβ(q) − 1) from the species' densities ρ_α(k), with weights
  that may depend on |k| (X-ray form factors f_α(q)).
- S(q) from g(r): S(q) = 1 + F(q)/q with F(q) = ∫ G(r) sin(qr) dr and G = 4πρr(g − 1), the
  trapezoid rule of :func:`.transforms.sine_transform_G_to_F` (a finite r_max truncates: ripples).
- S(q) as the exact sum over the box's reciprocal lattice, S(k) = |Σ_j exp(i k·x_j)|² / N
  averaged over the k vectors in each |k| bin (k = 2π n / L; what freud's
  ``StaticStructureFactorDirect`` computes); optionally on a random subset of k vectors.
- The bond-angle distribution P(θ) (θ in degrees, unit area over [0°, 180°]) of the angles
  j–i–k between neighbours within ``r_cut`` of a centre atom i, each angle weighted by a smooth
  cut-off f(d_ij) f(d_ik) and smeared by a Gaussian of width ``sigma_deg``.
"""

from __future__ import annotations

import math

import numpy as np
import torch

__all__ = [
    "bond_angle_distribution",
    "g_from_distances",
    "histogram_bins",
    "minimum_image_pairs",
    "neighbour_triplets",
    "pair_distribution",
    "pair_weight_matrix",
    "partial_pair_distributions",
    "reciprocal_vectors",
    "structure_factor_exact",
    "structure_factor_from_g",
    "weighted_g_from_distances",
    "weighted_structure_factor_exact",
    "weighted_total",
    "xray_weights_q0",
]

#: Half-width of the Gaussian window, in σ.
WINDOW_SIGMAS = 4.0
_SQRT2 = math.sqrt(2.0)


def _box(box, like: torch.Tensor) -> torch.Tensor:
    if isinstance(box, torch.Tensor):
        L = box.to(dtype=like.dtype, device=like.device).reshape(-1)
    else:
        L = torch.tensor(np.array(box, dtype=np.float64), dtype=like.dtype, device=like.device)
        L = L.reshape(-1)
    if L.numel() == 1:
        L = L.repeat(3)
    if L.numel() != 3 or not bool(torch.all(L > 0)):
        raise ValueError(f"box must be 3 positive lengths (Å), got {box!r}")
    return L


def histogram_bins(r) -> tuple[np.ndarray, float]:
    """Edges (n + 1,) and width Δ of the uniform bins whose centres are ``r`` (Å)."""
    r = np.asarray(r, dtype=np.float64)
    if r.ndim != 1 or r.size < 2:
        raise ValueError("r must be a 1-D grid of at least 2 bin centres")
    dr = np.diff(r)
    width = float(r[-1] - r[0]) / (r.size - 1)
    if width <= 0 or not np.allclose(dr, width, rtol=1e-4, atol=1e-6):
        raise ValueError("r must be uniform, increasing bin centres")
    return np.concatenate([r - width / 2, [r[-1] + width / 2]]), width


def minimum_image_pairs(x: torch.Tensor, box, r_max: float, candidates=None):
    """Pairs i < j closer than ``r_max`` (minimum image) and their distances.

    Parameters
    ----------
    x : tensor (N, 3)
        Positions (Å); any values (they are wrapped by the minimum image).
    box : array-like (3,)
        Box lengths L (Å).
    r_max : float
        Cut-off (Å); must be < L_min / 2.
    candidates : tuple of LongTensor (i, j), optional
        A superset of the pairs within ``r_max`` (a Verlet list from an earlier call with a
        larger cut-off); by default every pair i < j is examined.

    Returns
    -------
    i, j : LongTensor (n_pairs,)
    d : tensor (n_pairs,) distances (Å), differentiable in x
    vec : tensor (n_pairs, 3) minimum-image x_j − x_i
    """
    L = _box(box, x)
    if not bool(torch.isfinite(x).all()):
        bad = int(torch.nonzero(~torch.isfinite(x).all(1))[0])
        raise ValueError(f"positions contain NaN or inf (first at atom {bad})")
    if r_max >= 0.5 * float(L.min()):
        raise ValueError(
            f"r range up to {r_max:.3f} Å exceeds half the smallest box length "
            f"({0.5 * float(L.min()):.3f} Å): the minimum image would miss pairs"
        )
    n = x.shape[0]
    with torch.no_grad():  # candidate selection is not differentiated
        if candidates is None:
            iu, ju = torch.triu_indices(n, n, offset=1, device=x.device)
        else:
            iu, ju = candidates
        v = x[ju] - x[iu]
        v = v - L * torch.round(v / L)
        keep = (v * v).sum(1) < r_max * r_max
        iu, ju = iu[keep], ju[keep]
    vec = x[ju] - x[iu]
    vec = vec - L * torch.round(vec.detach() / L)
    d = torch.sqrt((vec * vec).sum(1) + 1e-30)
    return iu, ju, d, vec


def _windowed_counts(d, edges_np: np.ndarray, width: float, sigma: float, weights=None):
    """Σ over pairs of the mass of each pair's Gaussian (width σ) in every bin (window ±4σ).

    The bins are padded by the window on both sides so that no mask is needed: each pair
    fills the 2m + 1 contiguous bins around its own, from 2m + 2 values of erf at their edges.
    """
    n_bins = edges_np.size - 1
    if sigma <= 0:
        k = torch.floor((d.detach() - float(edges_np[0])) / width).long()
        ok = (k >= 0) & (k < n_bins)
        mass = torch.ones_like(d) if weights is None else weights
        return torch.zeros(n_bins, dtype=d.dtype, device=d.device).index_add(0, k[ok], mass[ok])
    m = math.ceil(WINDOW_SIGMAS * sigma / width) + 1
    pad = m + 1
    ext = edges_np[0] + width * np.arange(-pad, n_bins + pad + 1)
    e = torch.as_tensor(ext, dtype=d.dtype, device=d.device)
    centre = torch.floor((d.detach() - float(ext[0])) / width).long()
    centre = centre.clamp(m, ext.size - m - 3)
    cols = torch.arange(-m, m + 2, device=d.device)
    idx = centre[:, None] + cols[None, :]  # edges of the 2m + 1 bins around each pair
    phi = torch.erf((e[idx] - d[:, None]) / (_SQRT2 * sigma))
    mass = 0.5 * (phi[:, 1:] - phi[:, :-1])
    if weights is not None:
        mass = mass * weights[:, None]
    hist = torch.zeros(ext.size - 1, dtype=d.dtype, device=d.device)
    hist = hist.index_add(0, idx[:, :-1].reshape(-1), mass.reshape(-1))
    return hist[pad : pad + n_bins]


def _shell_volumes(edges: torch.Tensor) -> torch.Tensor:
    return 4.0 / 3.0 * math.pi * (edges[1:] ** 3 - edges[:-1] ** 3)


def _pair_histogram(d, r, sigma, weights=None):
    edges_np, width = histogram_bins(r)
    counts = _windowed_counts(d, edges_np, width, float(sigma), weights)
    return counts, _shell_volumes(torch.as_tensor(edges_np, dtype=d.dtype, device=d.device))


def _pair_reach(r, sigma, L: torch.Tensor) -> float:
    """Distance up to which pairs feed the bins of ``r`` smeared by σ: the last edge + 4σ.

    It must stay below half the smallest box length: the minimum image finds no pair beyond,
    so a window reaching past L/2 would silently lose part of each pair's Gaussian.
    """
    edges, _ = histogram_bins(r)
    reach = float(edges[-1]) + WINDOW_SIGMAS * float(sigma)
    half = 0.5 * float(L.min())
    if reach >= half:
        raise ValueError(
            f"r range up to {edges[-1]:.3f} Å (+ {WINDOW_SIGMAS:g}σ = {reach:.3f} Å with the "
            f"smearing σ = {float(sigma):g} Å) exceeds half the smallest box length "
            f"({half:.3f} Å): the minimum image would miss pairs"
        )
    return reach


def pair_distribution(x: torch.Tensor, box, r, *, sigma: float = 0.0) -> torch.Tensor:
    """Total (number-weighted) pair distribution function g(r) of periodic coordinates.

    Parameters
    ----------
    x : tensor (N, 3)
        Positions (Å).
    box : array-like (3,)
        Orthorhombic box lengths L (Å).
    r : array-like (n_r,)
        Uniform bin centres (Å); the last edge + 4σ must stay below half the smallest L.
    sigma : float, default 0
        Gaussian smearing of each pair distance (Å); 0 gives the plain histogram (freud's,
        not differentiable).

    Returns
    -------
    g : tensor (n_r,)

    Examples
    --------
    >>> import numpy as np, torch
    >>> from sklearn_rdf.physics.differentiable import pair_distribution
    >>> x = torch.rand(200, 3, dtype=torch.float64) * 10.0
    >>> r = np.arange(0.05, 4.0, 0.1)
    >>> g = pair_distribution(x, [10.0] * 3, r, sigma=0.1)
    >>> bool(abs(g[-10:].mean() - 1.0) < 0.2)
    True
    """
    n = x.shape[0]
    if n < 2:
        raise ValueError(f"need at least 2 atoms for g(r), got {n}")
    L = _box(box, x)
    _, _, d, _ = minimum_image_pairs(x, L, _pair_reach(r, sigma, L))
    return g_from_distances(d, n, torch.prod(L), r, sigma=sigma)


def g_from_distances(d: torch.Tensor, n_atoms: int, volume, r, *, sigma: float = 0.0):
    """g(r) from the distances ``d`` of all pairs i < j within reach (see
    :func:`pair_distribution`); ``volume`` in Å³."""
    rho = n_atoms / volume
    counts, vol = _pair_histogram(d, r, sigma)
    return 2.0 * counts / (n_atoms * rho * vol)


def partial_pair_distributions(x, box, r, types, n_species: int | None = None, *, sigma=0.0):
    """Faber–Ziman partial g_αβ(r) for α ≤ β, as a dict {(α, β): tensor (n_r,)}.

    g_αβ(r) = V / (N_α N_β) Σ_{i∈α} Σ_{j∈β, j≠i} n(d_ij) / V_k (each unordered pair once for
    α = β, counted twice, so that g = Σ_α≤β (2 − δ_αβ) c_α c_β g_αβ).
    """
    types = torch.as_tensor(np.asarray(types), dtype=torch.long, device=x.device)
    if types.shape != (x.shape[0],):
        raise ValueError(f"types must have one entry per atom ({x.shape[0]})")
    n_species = int(types.max()) + 1 if n_species is None else int(n_species)
    if types.numel() and (int(types.min()) < 0 or int(types.max()) >= n_species):
        raise ValueError(
            f"types must be species indices in [0, {n_species}), got {int(types.min())}.."
            f"{int(types.max())}"
        )
    L = _box(box, x)
    i, j, d, _ = minimum_image_pairs(x, L, _pair_reach(r, sigma, L))
    V = torch.prod(L)
    ti, tj = torch.minimum(types[i], types[j]), torch.maximum(types[i], types[j])
    counts_by_type = torch.bincount(types, minlength=n_species)
    out = {}
    for a in range(n_species):
        for b in range(a, n_species):
            mask = ((ti == a) & (tj == b)).to(x.dtype)
            counts, vol = _pair_histogram(d, r, sigma, weights=mask)
            na, nb = float(counts_by_type[a]), float(counts_by_type[b])
            if na == 0 or nb == 0:
                out[(a, b)] = torch.zeros_like(counts)
                continue
            factor = 2.0 if a == b else 1.0
            out[(a, b)] = factor * counts * V / (na * nb * vol)
    return out


def xray_weights_q0(species, concentrations) -> dict[str, float]:
    """Faber–Ziman X-ray weights at q = 0 (f_α(0) = Z_α), for real-space X-ray totals."""
    import periodictable

    from .scattering import faber_ziman_weights

    z = []
    for s in species:
        el = getattr(periodictable, str(s), None)
        if el is None or not hasattr(el, "number") or el.number < 1:
            raise ValueError(f"unknown species {s!r}: not a chemical element")
        z.append(float(el.number))
    return faber_ziman_weights(list(species), concentrations, z)


def weighted_total(partials: dict, species, weights: dict) -> torch.Tensor:
    """Σ_α≤β w_αβ g_αβ: ``partials`` keyed (α, β), ``weights`` keyed "α-β" (scattering.py)."""
    total = None
    for (a, b), g in partials.items():
        w = float(weights[f"{species[a]}-{species[b]}"])
        total = w * g if total is None else total + w * g
    return total


def pair_weight_matrix(weights: dict, species, counts, volume: float) -> np.ndarray:
    """Per-pair histogram weights M_αβ = w_αβ (1 + δ_αβ) V / (N_α N_β) of a weighted total.

    Σ over pairs i < j of M_{t_i t_j} n_k(d_ij) / V_k is Σ_α≤β w_αβ g_αβ(r_k) (the
    partials of :func:`partial_pair_distributions`); ``weights`` keyed "α-β" as in
    :mod:`.scattering` (either order), ``counts`` N_α atoms per species, ``volume`` V in Å³.
    A species without atoms gets weight 0.
    """
    k = len(species)
    counts = np.asarray(counts, dtype=np.float64)
    M = np.zeros((k, k))
    for a in range(k):
        for b in range(a, k):
            key = f"{species[a]}-{species[b]}"
            w = weights[key] if key in weights else weights[f"{species[b]}-{species[a]}"]
            if counts[a] > 0 and counts[b] > 0:
                M[a, b] = M[b, a] = (
                    float(w) * (2.0 if a == b else 1.0) * volume / (counts[a] * counts[b])
                )
    return M


def weighted_g_from_distances(d, i, j, types, matrix, r, *, sigma: float = 0.0):
    """Σ_α≤β w_αβ g_αβ(r) from the pairs (i, j, distance d) within reach, in one histogram.

    ``matrix`` is :func:`pair_weight_matrix` (n_species, n_species); ``types`` the species
    index of every atom. With the number weights w_αβ = (2 − δ_αβ) c_α c_β every entry is
    2V/N² and this is :func:`g_from_distances`.
    """
    t = torch.as_tensor(types, dtype=torch.long, device=d.device)
    M = torch.as_tensor(matrix, dtype=d.dtype, device=d.device)
    pair_w = M[t[i], t[j]]
    counts, vol = _pair_histogram(d, r, sigma, weights=pair_w)
    return counts / vol


def weighted_structure_factor_exact(x, box, q, types, weights, species, *, max_vectors=None,
                                    rng=None):  # fmt: skip
    """Weighted total S_w(q) = 1 + Σ_α≤β w_αβ(q) (S_αβ(q) − 1) from the reciprocal lattice.

    With ρ_α(k) = Σ_{j∈α} exp(i k·x_j), the Faber–Ziman partials are
    S_αβ(k) − 1 = Re ρ_α(k) ρ_β(k)* / (N c_α c_β) − δ_αβ / c_α, averaged over the vectors k of
    each |k| bin as :func:`structure_factor_exact` (bins without a vector are NaN).

    Parameters
    ----------
    x : tensor (N, 3)
    box : array-like (3,)
    q : array-like (n_q,)
        Uniform bin centres (Å⁻¹).
    types : array-like (N,)
        Species index of every atom.
    weights : dict or callable
        Faber–Ziman weights {"α-β": w} (constants), or a function of |k| (ndarray, Å⁻¹)
        returning {"α-β": ndarray}: X-ray weights evaluated at every vector's own |k|.
    species : sequence of str
        Names of the species indices (the keys of ``weights``).
    max_vectors, rng : as :func:`structure_factor_exact`.

    Returns
    -------
    tensor (n_q,)
    """
    edges, _ = histogram_bins(q)
    k_np, b = reciprocal_vectors(box, edges, max_vectors=max_vectors, rng=rng)
    n = x.shape[0]
    t_np = np.asarray(types)
    counts = np.bincount(t_np, minlength=len(species))
    c = counts / n
    w_k = weights(np.linalg.norm(k_np, axis=1)) if callable(weights) else weights
    k = torch.as_tensor(k_np, dtype=x.dtype, device=x.device)
    phase = x @ k.T  # (N, n_k)
    cos, sin = torch.cos(phase), torch.sin(phase)
    t = torch.as_tensor(t_np, dtype=torch.long, device=x.device)
    re = torch.zeros(len(species), k.shape[0], dtype=x.dtype, device=x.device).index_add(0, t, cos)
    im = torch.zeros(len(species), k.shape[0], dtype=x.dtype, device=x.device).index_add(0, t, sin)
    s_k = torch.ones(k.shape[0], dtype=x.dtype, device=x.device)
    for a in range(len(species)):
        for z in range(a, len(species)):
            if counts[a] == 0 or counts[z] == 0:
                continue
            key = f"{species[a]}-{species[z]}"
            w = w_k[key] if key in w_k else w_k[f"{species[z]}-{species[a]}"]
            w = torch.as_tensor(np.asarray(w, dtype=np.float64), dtype=x.dtype, device=x.device)
            cross = (re[a] * re[z] + im[a] * im[z]) / (n * c[a] * c[z])
            partial = cross - (1.0 / c[a] if a == z else 0.0)
            s_k = s_k + w * partial
    n_bins = len(q)
    bt = torch.as_tensor(b, dtype=torch.long, device=x.device)
    total = torch.zeros(n_bins, dtype=x.dtype, device=x.device).index_add(0, bt, s_k)
    count = torch.bincount(bt, minlength=n_bins).to(x.dtype)
    return torch.where(count > 0, total / count.clamp(min=1), torch.full_like(total, math.nan))


def structure_factor_from_g(r, g: torch.Tensor, q, rho: float) -> torch.Tensor:
    """S(q) = 1 + (1/q) ∫ G(r) sin(qr) dr with G = 4πρr(g − 1) (trapezoid rule, as
    :func:`sklearn_rdf.physics.sine_transform_G_to_F`); q > 0 in Å⁻¹, ρ in atoms/Å³."""
    from .transforms import trapezoid_weights

    r_np = np.asarray(r, dtype=np.float64)
    q_np = np.asarray(q, dtype=np.float64)
    if np.any(q_np <= 0):
        raise ValueError("q must be > 0 for S(q) = 1 + F(q)/q")
    kernel = np.sin(np.multiply.outer(q_np, r_np)) * trapezoid_weights(r_np)
    K = torch.as_tensor(kernel, dtype=g.dtype, device=g.device)
    rt = torch.as_tensor(r_np, dtype=g.dtype, device=g.device)
    G = 4.0 * math.pi * rho * rt * (g - 1.0)
    qt = torch.as_tensor(q_np, dtype=g.dtype, device=g.device)
    return 1.0 + (K @ G) / qt


def reciprocal_vectors(box, q_edges, *, max_vectors: int | None = None, rng=None):
    """Reciprocal-lattice vectors k = 2π n / L with |k| in [q_edges[0], q_edges[-1]).

    Returns (k (n_k, 3) float64 ndarray, bin index of each k). With ``max_vectors`` a random
    subset (``rng``: numpy Generator) of at most that many is kept.
    """
    L = np.asarray(box, dtype=np.float64).reshape(-1)
    q_edges = np.asarray(q_edges, dtype=np.float64)
    nmax = np.ceil(q_edges[-1] * L / (2 * np.pi)).astype(int)
    axes = [np.arange(-m, m + 1) for m in nmax]
    n = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, 3)
    k = 2 * np.pi * n / L
    kmod = np.linalg.norm(k, axis=1)
    keep = (kmod >= q_edges[0]) & (kmod < q_edges[-1]) & (kmod > 0)
    k, kmod = k[keep], kmod[keep]
    if max_vectors is not None and k.shape[0] > max_vectors:
        rng = np.random.default_rng(0) if rng is None else rng
        pick = rng.choice(k.shape[0], size=max_vectors, replace=False)
        k, kmod = k[pick], kmod[pick]
    return k, np.searchsorted(q_edges, kmod, side="right") - 1


def structure_factor_exact(x: torch.Tensor, box, q, *, max_vectors=None, rng=None):
    """S(q) = ⟨|Σ_j exp(i k·x_j)|²⟩ / N over the reciprocal-lattice vectors in each q bin.

    ``q``: uniform bin centres (Å⁻¹). Bins without any k vector are NaN.
    """
    edges, _ = histogram_bins(q)
    k_np, b = reciprocal_vectors(box, edges, max_vectors=max_vectors, rng=rng)
    k = torch.as_tensor(k_np, dtype=x.dtype, device=x.device)
    phase = x @ k.T  # (N, n_k)
    re, im = torch.cos(phase).sum(0), torch.sin(phase).sum(0)
    s_k = (re * re + im * im) / x.shape[0]
    n_bins = len(q)
    bt = torch.as_tensor(b, dtype=torch.long, device=x.device)
    total = torch.zeros(n_bins, dtype=x.dtype, device=x.device).index_add(0, bt, s_k)
    count = torch.bincount(bt, minlength=n_bins).to(x.dtype)
    return torch.where(count > 0, total / count.clamp(min=1), torch.full_like(total, math.nan))


def _smooth_cutoff(d: torch.Tensor, r_cut: float, width: float) -> torch.Tensor:
    return 0.5 * (1.0 - torch.tanh((d - r_cut) / width))


def neighbour_triplets(x: torch.Tensor, box, reach: float):
    """Directed bonds within ``reach`` and the pairs of bonds that share their centre atom.

    Returns
    -------
    centre, neighbour : LongTensor (n_bonds,)  the two atoms of each directed bond
    first, second : LongTensor (n_triplets,)  indices of two bonds j–i, k–i of one centre i
    vec : tensor (n_bonds, 3)  minimum-image x_neighbour − x_centre
    dist : tensor (n_bonds,)
    """
    i, j, d, vec = minimum_image_pairs(x, box, reach)
    centre = torch.cat([i, j])
    neighbour = torch.cat([j, i])
    other_vec = torch.cat([vec, -vec])
    dist = torch.cat([d, d])
    with torch.no_grad():
        order = torch.argsort(centre, stable=True)
        counts = torch.bincount(centre[order], minlength=x.shape[0])
        starts = torch.cumsum(counts, 0) - counts
        first, second = [], []
        for m in torch.unique(counts).tolist():
            if m < 2:
                continue
            atoms = torch.nonzero(counts == m).squeeze(1)
            a, b = torch.triu_indices(m, m, offset=1, device=x.device)
            base = starts[atoms][:, None]
            first.append(order[(base + a[None, :]).reshape(-1)])
            second.append(order[(base + b[None, :]).reshape(-1)])
    empty = torch.zeros(0, dtype=torch.long, device=x.device)
    first = torch.cat(first) if first else empty
    second = torch.cat(second) if second else empty
    return centre, neighbour, first, second, other_vec, dist


def bond_angle_distribution(
    x: torch.Tensor,
    box,
    theta,
    *,
    r_cut: float,
    sigma_deg: float = 3.0,
    cutoff_width: float = 0.05,
):
    """Bond-angle distribution P(θ) (θ in degrees, unit area) of angles j–i–k within r_cut.

    Parameters
    ----------
    x : tensor (N, 3)
    box : array-like (3,)
    theta : array-like (n_θ,)
        Uniform angle grid (degrees) on [0, 180].
    r_cut : float
        Neighbour cut-off (Å), e.g. the first minimum of g(r) (2.85 Å for a-Si).
    sigma_deg : float
        Gaussian smearing of each angle (degrees).
    cutoff_width : float
        Width (Å) of the smooth cut-off f(d) = ½(1 − tanh((d − r_cut)/width)).

    Returns
    -------
    P : tensor (n_θ,); zeros when no atom has two neighbours.
    """
    theta_t = torch.as_tensor(np.asarray(theta, dtype=np.float64), dtype=x.dtype, device=x.device)
    _, _, p, s, other_vec, dist = neighbour_triplets(x, box, r_cut + 4.0 * cutoff_width)
    if p.numel() == 0:
        return torch.zeros_like(theta_t)
    w = _smooth_cutoff(dist, r_cut, cutoff_width)
    u, v = other_vec[p], other_vec[s]
    cos = (u * v).sum(1) / (dist[p] * dist[s])
    ang = torch.rad2deg(torch.acos(cos.clamp(-1 + 1e-7, 1 - 1e-7)))
    wt = w[p] * w[s]
    kern = torch.exp(-0.5 * ((theta_t[None, :] - ang[:, None]) / sigma_deg) ** 2)
    hist = (wt[:, None] * kern).sum(0)
    dtheta = float(theta_t[1] - theta_t[0])
    area = hist.sum() * dtheta
    return hist / area.clamp(min=1e-30)
