"""Objective training sets: Gaussian-shell macrostates and the χ(k) they give.

A *macrostate* (ONNE paper, Sec. II) is a set of continuous random variables, one per shell and
scatterer, each a Gaussian f(x | μ, σ) of pair distances, with N_n neighbours. Here every
draw samples, per shell, N from its range, splits it over 1 to ``max_components`` Gaussian
components (Dirichlet weights; 1 component: a plain Gaussian shell), each with its own μ and σ
from the shell's ranges, and puts the resulting partial R(r) = Σ_c N_c/(σ_c√(2π))
exp(−(r − μ_c)²/(2σ_c²)) (Å⁻¹, ∫ R dr = N) on the r grid of its pair. The χ(k) of the draw
is the EXAFS equation of every pair (:func:`sklearn_rdf.physics.exafs.exafs_kernel`), with
S0² and ΔE0 drawn from their ranges and Gaussian noise added to k^w χ(k).

Single scattering from the tables is the default; the ONNE paper's 3-D assembly (a genetic
algorithm on spheres) with FEFF multiple scattering is
:class:`~sklearn_rdf.exafs.ClusterMacrostateGenerator` (extra ``feff`` or ``feff10``).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .._validation import as_grid, check_positive_int
from ..physics.exafs import ScatteringTable, exafs_kernel, load_scattering_table

__all__ = ["MacrostateGenerator", "Shell"]


def _range(value, name: str, *, low: float | None = None) -> tuple[float, float]:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        value = (value, value)
    try:
        a, b = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or a (low, high) pair, got {value!r}") from None
    if not (np.isfinite(a) and np.isfinite(b)) or a > b:
        raise ValueError(f"{name} must be finite with low <= high, got {value!r}")
    if low is not None and a < low:
        raise ValueError(f"{name} must be >= {low}, got {value!r}")
    return a, b


@dataclass(frozen=True)
class Shell:
    """Ranges of one coordination shell of one absorber–scatterer pair.

    Parameters
    ----------
    pair : str
        ``"Absorber-Scatterer"`` (e.g. ``"Ni-Cl"``); shells of one pair add up in its R(r).
    n : float or (float, float)
        Coordination number N (range), ≥ 0.
    distance : float or (float, float)
        Mean distance μ of each Gaussian component (Å).
    sigma : float or (float, float)
        Width σ of each Gaussian component (Å), > 0.
    max_components : int, default 1
        Up to this many Gaussian components (1–3) share the shell's N.

    Examples
    --------
    >>> from sklearn_rdf.exafs import Shell
    >>> Shell("U-F", n=(5, 10), distance=(2.1, 2.5), sigma=(0.05, 0.2)).n
    (5.0, 10.0)
    """

    pair: str
    n: tuple
    distance: tuple
    sigma: tuple
    max_components: int = 1

    def __post_init__(self):
        if not isinstance(self.pair, str) or self.pair.count("-") != 1:
            raise ValueError(f"pair must be 'Absorber-Scatterer', got {self.pair!r}")
        object.__setattr__(self, "n", _range(self.n, "n", low=0.0))
        object.__setattr__(self, "distance", _range(self.distance, "distance", low=0.0))
        sigma = _range(self.sigma, "sigma", low=0.0)
        if sigma[0] <= 0:
            raise ValueError(f"sigma must be > 0 Å, got {self.sigma!r}")
        object.__setattr__(self, "sigma", sigma)
        m = self.max_components
        if isinstance(m, bool) or not isinstance(m, numbers.Integral) or not 1 <= m <= 3:
            raise ValueError(f"max_components must be 1, 2 or 3, got {m!r}")


class MacrostateGenerator:
    """Draw objective training spectra: χ(k) of random Gaussian-mixture shells and their R(r).

    Parameters
    ----------
    shells : sequence of Shell
        The shells; their pairs, in order of first appearance, are the partials of y.
    k : array-like of shape (n_k,)
        Wavenumbers (Å⁻¹) of χ(k).
    r : array-like of shape (n_r,)
        Distances (Å) of every partial R(r).
    tables : "toy", or mapping pair → ScatteringTable, or None, default None
        Scattering functions; None loads the package's table of each pair; "toy" uses the toy
        kernel of Eq. A1 for every pair.
    s02 : float or (float, float), default 1.0
        S0² range (> 0).
    e0_shift : float or (float, float), default 0.0
        ΔE0 range (eV). Kernels are tabulated every ``e0_step`` eV and interpolated.
    noise : float, default 0.0
        Standard deviation of the Gaussian noise added to k^noise_kweight χ(k).
    noise_kweight : int, default 2
        k-weight in which the noise is white.
    e0_step : float, default 0.5
        Spacing (eV) of the tabulated ΔE0 kernels.
    pair_samples : int or None, default None
        None: each shell's R(r) is its macrostate's density. An int: a *microstate*, that
        many pair distances drawn per Gaussian component and histogrammed on the r grid (the
        ONNE paper's toy set draws 1000); the sampling noise makes the targets rougher than
        any Gaussian, which helps the network generalise to other shapes (``docs/exafs.md``).

    Attributes
    ----------
    pairs : list of str
        The partials, in the order of y's blocks.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.exafs import MacrostateGenerator, Shell
    >>> gen = MacrostateGenerator(
    ...     [Shell("Cu-Cu", n=(8, 12), distance=(2.45, 2.65), sigma=(0.05, 0.12))],
    ...     k=np.arange(2, 12.01, 0.05), r=np.linspace(2.0, 3.2, 61), e0_shift=(-3, 3))
    >>> X, Y, params = gen.sample(5, random_state=0)
    >>> X.shape, Y.shape, list(params.columns[:3])
    ((5, 201), (5, 61), ['pair', 'shell', 'n'])
    """

    def __init__(
        self,
        shells: Sequence[Shell],
        k,
        r,
        tables=None,
        *,
        s02=1.0,
        e0_shift=0.0,
        noise: float = 0.0,
        noise_kweight: int = 2,
        e0_step: float = 0.5,
        pair_samples: int | None = None,
    ):
        shells = list(shells)
        if not shells or not all(isinstance(s, Shell) for s in shells):
            raise ValueError("shells must be a non-empty sequence of Shell")
        self.shells = shells
        self.k = as_grid(k, "k", min_value=0.0)
        self.r = as_grid(r, "r", min_value=0.0, min_inclusive=False)
        self.pairs = list(dict.fromkeys(s.pair for s in shells))
        self.s02 = _range(s02, "s02")
        if self.s02[0] <= 0:
            raise ValueError(f"S0² (s02) must be > 0, got {s02!r}")
        self.e0_shift = _range(e0_shift, "e0_shift")
        if not (isinstance(noise, numbers.Real) and np.isfinite(noise) and noise >= 0):
            raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
        self.noise = float(noise)
        self.noise_kweight = int(noise_kweight)
        if not (isinstance(e0_step, numbers.Real) and e0_step > 0):
            raise ValueError(f"e0_step must be > 0 eV, got {e0_step!r}")
        if pair_samples is not None and (
            isinstance(pair_samples, bool)
            or not isinstance(pair_samples, numbers.Integral)
            or pair_samples < 1
        ):
            raise ValueError(f"pair_samples must be None or an integer >= 1, got {pair_samples!r}")
        self.pair_samples = pair_samples
        self.tables = self._resolve_tables(tables)
        lo, hi = self.e0_shift
        n_e0 = max(2, int(np.ceil((hi - lo) / e0_step)) + 1) if hi > lo else 1
        self._e0_grid = np.linspace(lo, hi, n_e0)
        # kernels[pair] : (n_e0, n_k, n_r), S0² = 1
        self._kernels = {
            p: np.stack([exafs_kernel(self.k, self.r, self.tables[p], e0_shift=e) for e in
                         self._e0_grid])
            for p in self.pairs
        }  # fmt: skip

    def _resolve_tables(self, tables) -> dict:
        if isinstance(tables, str):
            if tables != "toy":
                raise ValueError(f"tables must be 'toy', a mapping or None, got {tables!r}")
            return dict.fromkeys(self.pairs, "toy")
        out = {}
        for p in self.pairs:
            if tables is not None and p in tables:
                t = tables[p]
                if not (isinstance(t, ScatteringTable) or t == "toy"):
                    raise ValueError(f"tables[{p!r}] must be a ScatteringTable or 'toy'")
                out[p] = t
            elif tables is not None and not isinstance(tables, Mapping):
                raise ValueError("tables must be 'toy', a mapping pair → ScatteringTable or None")
            else:
                out[p] = load_scattering_table(p)
        return out

    @property
    def n_outputs(self) -> int:
        """Columns of y: n_r per pair."""
        return len(self.pairs) * self.r.size

    def rdf(self, shell_params, rng=None) -> np.ndarray:
        """Partials R(r) from per-sample component lists.

        With ``pair_samples``, each component is a microstate: that many distances drawn from
        its Gaussian (``rng``), histogrammed on the r grid and scaled to the component's N.

        Parameters
        ----------
        shell_params : list of list of (pair, n, mu, sigma)
            One list of Gaussian components per sample (μ, σ in Å).
        rng : numpy.random.Generator, optional
            Draws the microstates (needed with ``pair_samples``).

        Returns
        -------
        ndarray of shape (n_samples, n_pairs·n_r)
            R(r) (Å⁻¹) of each pair, side by side.
        """
        Y = np.zeros((len(shell_params), len(self.pairs), self.r.size))
        if self.pair_samples is not None:
            mid = (self.r[1:] + self.r[:-1]) / 2
            edges = np.concatenate([[2 * self.r[0] - mid[0]], mid, [2 * self.r[-1] - mid[-1]]])
            width = np.diff(edges)
        for i, comps in enumerate(shell_params):
            for pair, n, mu, sig in comps:
                j = self.pairs.index(pair)
                if self.pair_samples is not None:
                    draws = rng.normal(mu, sig, size=self.pair_samples)
                    counts, _ = np.histogram(draws, bins=edges)
                    Y[i, j] += n * counts / (self.pair_samples * width)
                    continue
                Y[i, j] += (
                    n / (sig * np.sqrt(2 * np.pi)) * np.exp(-0.5 * ((self.r - mu) / sig) ** 2)
                )
        return Y.reshape(len(shell_params), -1)

    def chi(self, Y, s02=1.0, e0_shift=0.0) -> np.ndarray:
        """χ(k) of partials Y, from the tabulated kernels.

        Parameters
        ----------
        Y : array-like of shape (n_samples, n_pairs·n_r)
            Partials R(r) (Å⁻¹).
        s02 : float or array-like of shape (n_samples,), default 1.0
            S0².
        e0_shift : float or array-like of shape (n_samples,), default 0.0
            ΔE0 (eV), interpolated between the kernels' ΔE0 grid (clipped to its range).

        Returns
        -------
        ndarray of shape (n_samples, n_k)
            Unweighted χ(k), without noise.
        """
        Y = np.asarray(Y, dtype=np.float64).reshape(-1, len(self.pairs), self.r.size)
        n = Y.shape[0]
        s02 = np.broadcast_to(np.asarray(s02, dtype=np.float64), (n,))
        e0 = np.broadcast_to(np.asarray(e0_shift, dtype=np.float64), (n,))
        grid = self._e0_grid
        if grid.size == 1:
            j = np.zeros(n, dtype=int)
            t = np.zeros(n)
        else:
            pos = np.clip((e0 - grid[0]) / (grid[1] - grid[0]), 0, grid.size - 1 - 1e-12)
            j = pos.astype(int)
            t = pos - j
        X = np.zeros((n, self.k.size))
        for b in np.unique(j):
            rows = np.flatnonzero(j == b)
            for p_i, p in enumerate(self.pairs):
                Kb = self._kernels[p]
                lo = Y[rows, p_i] @ Kb[b].T
                X[rows] += (1 - t[rows, None]) * lo
                if grid.size > 1:
                    X[rows] += t[rows, None] * (Y[rows, p_i] @ Kb[min(b + 1, grid.size - 1)].T)
        return X * s02[:, None]

    def _draw_macrostates(self, n_samples: int, rng):
        """Components (pair, n, μ, σ) of each sample, the params rows, S0² and ΔE0."""
        n_samples = check_positive_int(n_samples, "n_samples")
        comps_all, rows = [], []
        s02 = rng.uniform(*self.s02, size=n_samples)
        e0 = rng.uniform(*self.e0_shift, size=n_samples)
        for i in range(n_samples):
            comps = []
            for si, sh in enumerate(self.shells):
                n_tot = rng.uniform(*sh.n)
                m = int(rng.integers(1, sh.max_components + 1))
                w = rng.dirichlet(np.ones(m)) if m > 1 else np.ones(1)
                mu = rng.uniform(*sh.distance, size=m)
                sig = rng.uniform(*sh.sigma, size=m)
                for c in range(m):
                    comps.append((sh.pair, n_tot * w[c], mu[c], sig[c]))
                mean = float(np.sum(w * mu))
                var = float(np.sum(w * (sig**2 + (mu - mean) ** 2)))
                rows.append(
                    {"sample": i, "pair": sh.pair, "shell": si, "n": n_tot, "distance": mean,
                     "sigma2": var, "components": m, "s02": s02[i], "e0_shift": e0[i]}
                )  # fmt: skip
            comps_all.append(comps)
        return comps_all, rows, s02, e0

    def _add_noise(self, X, rng):
        """X plus white noise of standard deviation ``noise`` on k^noise_kweight χ(k)."""
        if self.noise > 0:
            kw = np.where(self.k > 0, self.k, np.inf) ** self.noise_kweight
            X = X + rng.normal(scale=self.noise, size=X.shape) / kw
        return X

    def sample(self, n_samples: int, random_state=None):
        """Draw ``n_samples`` macrostates.

        Parameters
        ----------
        n_samples : int
            Number of spectra.
        random_state : int, numpy.random.Generator or None, default None
            Seed of the draw.

        Returns
        -------
        X : ndarray of shape (n_samples, n_k)
            χ(k), unweighted, with S0², ΔE0 and noise applied.
        Y : ndarray of shape (n_samples, n_pairs·n_r)
            The partial R(r) (Å⁻¹) of each pair, side by side in ``pairs`` order.
        params : pandas.DataFrame
            One row per sample and shell: pair, shell index, n, distance (N-weighted mean μ),
            sigma2 (variance of the shell's distances), components, s02, e0_shift, sample.
        """
        import pandas as pd

        rng = np.random.default_rng(random_state)
        comps_all, rows, s02, e0 = self._draw_macrostates(n_samples, rng)
        Y = self.rdf(comps_all, rng)
        X = self.chi(Y, s02, e0)
        X = self._add_noise(X, rng)
        params = pd.DataFrame(rows)[
            ["pair", "shell", "n", "distance", "sigma2", "components", "s02", "e0_shift",
             "sample"]
        ]  # fmt: skip
        return X, Y, params

    def stream(self, batch_size: int, random_state=None) -> Iterator[tuple]:
        """An endless stream of ``(X, Y)`` batches (new macrostates each time), reproducible.

        Parameters
        ----------
        batch_size : int
            Spectra per batch.
        random_state : int, numpy.random.Generator or None, default None
            Seed of the stream.

        Yields
        ------
        X : ndarray of shape (batch_size, n_k)
            χ(k), as in :meth:`sample`.
        Y : ndarray of shape (batch_size, n_pairs·n_r)
            The partials R(r) (Å⁻¹).
        """
        rng = np.random.default_rng(random_state)
        while True:
            X, Y, _ = self.sample(batch_size, random_state=rng)
            yield X, Y
