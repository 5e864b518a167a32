"""The ONNE paper's 3-D assembly: sampled distances placed on spheres by a genetic algorithm.

A microstate is a list of absorber–neighbour distances (one per neighbour, Å) and the
neighbours' elements. Section II of the ONNE paper (Marcella et al., PRB 109, 104201 (2024))
turns it into a "reasonable" 3-D cluster for FEFF: each neighbour stays on the sphere of its
distance around the absorber (at the origin) and only its direction changes; a genetic
algorithm (GA) chooses the directions so that the *minimum interatomic distance* between
neighbours is as large as possible, so that no two atoms overlap. The absorber–neighbour
distances are fixed, so they take no part in the fitness.

The GA here (numpy only, one population evolved as arrays):

- genome: one unit vector per neighbour; fitness: min ‖r_i u_i − r_j u_j‖ over neighbour pairs;
- initial population: half Fibonacci grids (Swinbank & Purser 2006, the paper's ref. 53) in a
  random orientation, half directions uniform on the sphere;
- tournament selection (3), uniform crossover per atom, Gaussian mutation of a few directions
  with a step that shrinks over the generations, and a directed mutation of the closest pair
  (the atoms of every pair within 5 % of the closest distance step apart, a random fraction
  of the mutation step); the best ``n_elite`` pass unchanged.

Seeded by ``random_state`` (one ``numpy.random.Generator``): the same seed gives the same cluster.
"""

from __future__ import annotations

import numbers
import time

import numpy as np

__all__ = ["assemble_cluster", "fibonacci_sphere", "min_neighbour_distance"]


def fibonacci_sphere(n: int) -> np.ndarray:
    """``n`` nearly evenly spread unit vectors (the Fibonacci grid on the sphere).

    Parameters
    ----------
    n : int
        Number of points (≥ 1).

    Returns
    -------
    ndarray of shape (n, 3)
        Unit vectors.

    Examples
    --------
    >>> from sklearn_rdf.exafs import fibonacci_sphere
    >>> fibonacci_sphere(12).shape
    (12, 3)
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    i = np.arange(n) + 0.5
    z = 1.0 - 2.0 * i / n
    phi = np.pi * (1.0 + np.sqrt(5.0)) * i
    rho = np.sqrt(1.0 - z * z)
    return np.stack([rho * np.cos(phi), rho * np.sin(phi), z], axis=1)


def _pairwise_min(pos: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Min neighbour–neighbour distance of each cluster of ``pos`` (P, n, 3), and its pair."""
    diff = pos[:, :, None, :] - pos[:, None, :, :]
    d2 = np.einsum("pijx,pijx->pij", diff, diff)
    n = pos.shape[1]
    d2[:, np.arange(n), np.arange(n)] = np.inf
    flat = d2.reshape(d2.shape[0], -1).argmin(axis=1)
    i, j = np.divmod(flat, n)
    return np.sqrt(d2.reshape(d2.shape[0], -1)[np.arange(d2.shape[0]), flat]), i, j


def min_neighbour_distance(positions) -> float:
    """The smallest distance (Å) between two neighbours of a cluster (absorber excluded).

    Parameters
    ----------
    positions : array-like of shape (n, 3)
        Neighbour positions (Å) relative to the absorber, or an ``ase.Atoms`` whose first atom
        is the absorber.

    Returns
    -------
    float
        min over i < j of ‖x_i − x_j‖ (Å); ``inf`` for fewer than two neighbours.

    Examples
    --------
    >>> from sklearn_rdf.exafs import min_neighbour_distance
    >>> min_neighbour_distance([[1, 0, 0], [-1, 0, 0], [0, 1, 0]])
    1.4142135623730951
    """
    if hasattr(positions, "get_positions"):
        positions = positions.get_positions()[1:] - positions.get_positions()[0]
    pos = np.asarray(positions, dtype=np.float64)
    if pos.ndim != 2 or pos.shape[1] != 3:
        raise ValueError(f"positions must have shape (n, 3), got {pos.shape}")
    if pos.shape[0] < 2:
        return float("inf")
    return float(_pairwise_min(pos[None])[0][0])


def _random_directions(rng, shape) -> np.ndarray:
    u = rng.normal(size=(*shape, 3))
    return u / np.linalg.norm(u, axis=-1, keepdims=True)


def _random_rotation(rng) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(3, 3)))
    q = q * np.sign(np.diag(r))
    return q if np.linalg.det(q) > 0 else -q


def _check_int(value, name, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def assemble_cluster(
    absorber: str,
    distances,
    symbols,
    *,
    population_size: int = 40,
    n_generations: int = 150,
    mutation_scale: float = 0.15,
    n_elite: int = 2,
    random_state=None,
):
    """Place neighbours at given distances around an absorber, maximising their min distance.

    The ONNE paper's genetic algorithm (Sec. II): each neighbour stays on the sphere of its
    distance to the absorber and only its direction evolves; the fitness of a cluster is the
    minimum distance between any two neighbours.

    Parameters
    ----------
    absorber : str
        Element symbol of the absorbing atom (placed at the origin).
    distances : array-like of shape (n_neighbours,)
        Absorber–neighbour distances (Å), > 0, e.g. a microstate drawn from a macrostate.
    symbols : str or sequence of str of length n_neighbours
        Element symbol of each neighbour (one symbol: all neighbours).
    population_size : int, default 40
        Clusters per generation (≥ 4).
    n_generations : int, default 150
        Generations (≥ 0; 0 returns the best of the initial population).
    mutation_scale : float, default 0.15
        Initial standard deviation (rad) of a direction's Gaussian mutation; it shrinks
        linearly to a twentieth of it by the last generation.
    n_elite : int, default 2
        Best clusters copied unchanged into the next generation.
    random_state : int, numpy.random.Generator or None, default None
        Seed; the same seed gives the same cluster.

    Returns
    -------
    ase.Atoms
        The absorber at the origin (index 0), then the neighbours in the order of ``distances``.
        ``atoms.info`` holds ``"min_distance"`` (Å), ``"min_distance_initial"`` (best of the
        initial population, Å), ``"generations"`` and ``"cpu_seconds"``.

    Examples
    --------
    >>> from sklearn_rdf.exafs import assemble_cluster
    >>> atoms = assemble_cluster("Cu", [2.55] * 12, "Cu", random_state=0)
    >>> len(atoms), round(atoms.info["min_distance"] / 2.55, 2)  # icosahedron: 1.05
    (13, 1.04)
    """
    from ase import Atoms

    t0 = time.process_time()
    r = np.asarray(distances, dtype=np.float64).ravel()
    if r.size == 0:
        raise ValueError("distances must hold at least one absorber–neighbour distance")
    if not np.all(np.isfinite(r)) or np.any(r <= 0):
        raise ValueError("distances must be finite and > 0 Å")
    if isinstance(symbols, str):
        symbols = [symbols] * r.size
    symbols = list(symbols)
    if len(symbols) != r.size:
        raise ValueError(f"symbols has {len(symbols)} entries but distances has {r.size}")
    pop_n = _check_int(population_size, "population_size", 4)
    n_gen = _check_int(n_generations, "n_generations", 0)
    n_elite = _check_int(n_elite, "n_elite", 0)
    if n_elite >= pop_n:
        raise ValueError(f"n_elite must be < population_size, got {n_elite} >= {pop_n}")
    if not (isinstance(mutation_scale, numbers.Real) and mutation_scale > 0):
        raise ValueError(f"mutation_scale must be > 0 (rad), got {mutation_scale!r}")
    try:
        Atoms([absorber, *symbols])
    except (KeyError, ValueError, TypeError):
        raise ValueError(
            f"absorber and symbols must be element symbols, got {absorber!r}, {symbols!r}"
        ) from None
    rng = np.random.default_rng(random_state)
    n = r.size

    # initial population: Fibonacci grids in random orientations, random directions
    grid = fibonacci_sphere(n)
    U = _random_directions(rng, (pop_n, n))
    for p in range(pop_n // 2):
        U[p] = (grid @ _random_rotation(rng).T)[rng.permutation(n)]

    def fitness(U):
        return _pairwise_min(U * r[None, :, None])

    fit = fitness(U)[0]
    initial = float(fit.max())
    n_mut = max(1, round(0.1 * n))
    for g in range(n_gen):
        if n < 2:
            break
        step = mutation_scale * (1.0 - 0.95 * g / max(1, n_gen - 1))
        order = np.argsort(-fit)
        elite = U[order[:n_elite]]
        n_child = pop_n - n_elite
        # tournament selection of two parents per child
        cand = rng.integers(0, pop_n, size=(2, n_child, 3))
        parents = np.take_along_axis(cand, fit[cand].argmax(axis=-1)[..., None], -1)[..., 0]
        pa, pb = U[parents[0]], U[parents[1]]
        take_a = rng.random((n_child, n)) < 0.5
        child = np.where(take_a[..., None], pa, pb)
        # Gaussian mutation of a few directions
        mask = np.zeros((n_child, n), dtype=bool)
        rows = np.repeat(np.arange(n_child), n_mut)
        mask[rows, rng.integers(0, n, size=rows.size)] = True
        child = child + mask[..., None] * rng.normal(scale=step, size=child.shape)
        # directed mutation: atoms of the pairs within 5 % of the closest distance step apart
        pos = child * r[None, :, None]
        diff = pos[:, :, None, :] - pos[:, None, :, :]
        dist = np.sqrt(np.einsum("pijx,pijx->pij", diff, diff))
        dist[:, np.arange(n), np.arange(n)] = np.inf
        near = dist <= 1.05 * dist.min(axis=(1, 2), keepdims=True)
        push = np.einsum("pij,pijx->pix", near / dist, diff)
        norm = np.linalg.norm(push, axis=-1, keepdims=True)
        push = np.divide(push, norm, out=np.zeros_like(push), where=norm > 0)
        child += step * rng.random((n_child, 1, 1)) * push
        child /= np.linalg.norm(child, axis=-1, keepdims=True)
        U = np.concatenate([elite, child])
        fit = fitness(U)[0]
    best = int(np.argmax(fit))
    atoms = Atoms([absorber, *symbols], positions=np.vstack([np.zeros(3), U[best] * r[:, None]]))
    atoms.info.update(
        min_distance=float(fit[best]) if n > 1 else float("inf"),
        min_distance_initial=initial if n > 1 else float("inf"),
        generations=n_gen,
        cpu_seconds=time.process_time() - t0,
    )
    return atoms
