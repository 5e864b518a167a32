"""Boxes, compositions, targets and ``ase.Atoms``: the checks every generator shares."""

from __future__ import annotations

import numpy as np

from .._validation import (
    as_curve,
    as_grid,
    check_density,
    check_positive_int,
    check_random_state_local,
    check_same_length,
)

__all__ = [
    "SpectralTarget",
    "atom_counts",
    "box_length",
    "check_species",
    "core_radius_for",
    "replica_seeds",
    "to_atoms",
]


def check_species(species) -> list[str]:
    """Species as chemical element symbols (ValueError naming an unknown one)."""
    import periodictable

    if isinstance(species, str):
        species = [species]
    out = []
    for s in species:
        el = getattr(periodictable, str(s), None)
        if not isinstance(el, periodictable.core.Element) or el.number < 1:
            raise ValueError(f"unknown species {s!r}: give chemical element symbols ('Si', 'O')")
        out.append(str(s))
    if len(set(out)) != len(out):
        raise ValueError(f"species must be distinct, got {out}")
    return out


def atom_counts(n_atoms, species, composition=None) -> np.ndarray:
    """Integer counts per species summing to ``n_atoms`` (largest remainder of n·c_α)."""
    n = check_positive_int(n_atoms, "n_atoms")
    if n < 2:
        raise ValueError(f"n_atoms must be at least 2, got {n}")
    k = len(species)
    c = np.full(k, 1.0 / k) if composition is None else np.asarray(composition, dtype=float)
    if c.shape != (k,) or not np.all(np.isfinite(c)) or np.any(c < 0) or c.sum() <= 0:
        raise ValueError(f"composition must be {k} non-negative fractions, got {composition!r}")
    exact = c / c.sum() * n
    counts = np.floor(exact).astype(int)
    counts[np.argsort(counts - exact, kind="stable")[: n - counts.sum()]] += 1
    return counts


def box_length(n_atoms: int, density) -> float:
    """Cubic box length L = (N/ρ)^(1/3) (Å) of N atoms at number density ρ (atoms/Å³)."""
    return (int(n_atoms) / check_density(density, "density")) ** (1.0 / 3.0)


def core_radius_for(target_g: SpectralTarget, core_radius=None, *, signed: bool = False) -> float:
    """The core distance (Å): ``core_radius`` (finite, ≥ 0) or, by default, 0.85 × the first r
    where the target g(r) exceeds 0.5 (``signed``: where |g(r)| does, for a weighted total
    with a negative pair weight, whose first shell may be a dip, e.g. Ti–O for neutrons)."""
    y = np.abs(target_g.y) if signed else target_g.y
    above = np.flatnonzero(y > 0.5)
    if above.size == 0:
        raise ValueError("the target g(r) never exceeds 0.5: no first neighbour shell")
    if core_radius is None:
        return 0.85 * float(target_g.x[above[0]])
    try:
        value = float(core_radius)
    except (TypeError, ValueError):
        value = float("nan")
    if isinstance(core_radius, bool) or not (np.isfinite(value) and value >= 0):
        raise ValueError(f"core_radius must be a finite distance >= 0 (Å), got {core_radius!r}")
    return value


class SpectralTarget:
    """One target curve (g, S or ADF) on its grid, with optional reference curves.

    ``references`` (n_ref, n_points) are curves of structures believed equivalent (e.g. several
    melt-quench samples); their spread is the *diversity* against which errors are judged.
    """

    def __init__(self, name: str, x, y, references=None):
        self.name = name
        self.x = as_grid(x, f"{name} grid")
        self.y = as_curve(y, f"target {name}")
        check_same_length(self.x, self.y, f"{name} grid", f"target {name}")
        if references is None:
            self.references = None
        else:
            ref = as_curve(references, f"reference {name} curves", ndim=(2,))
            if ref.shape[1] != self.x.size:
                raise ValueError(
                    f"reference {name} curves must have {self.x.size} points each, "
                    f"got {ref.shape[1]}"
                )
            self.references = ref

    def rmse(self, y) -> float:
        """Root-mean-square difference from the target (finite points only)."""
        d = np.asarray(y, dtype=float) - self.y
        return float(np.sqrt(np.nanmean(d * d)))

    @property
    def diversity(self) -> float:
        """Mean RMSE of each reference curve from the mean of the others (0 without any)."""
        ref = self.references
        if ref is None or ref.shape[0] < 2:
            return 0.0
        n = ref.shape[0]
        total = ref.sum(0)
        return float(
            np.mean(
                [np.sqrt(np.nanmean((ref[i] - (total - ref[i]) / (n - 1)) ** 2)) for i in range(n)]
            )
        )


def replica_seeds(random_state, n: int) -> list[int]:
    """``n`` independent integer seeds, one per replica, from ``random_state`` (SeedSequence
    spawning: reproducible, and the same for any ``n_jobs``)."""
    base = int(check_random_state_local(random_state).randint(2**31 - 1))
    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(base).spawn(n)]


def to_atoms(positions, box, symbols, info=None):
    """An ``ase.Atoms`` in a periodic orthorhombic box (positions wrapped into it)."""
    from ase import Atoms

    box = np.asarray(box, dtype=float)
    atoms = Atoms(
        symbols=list(symbols), positions=np.mod(positions, box), cell=np.diag(box), pbc=True
    )
    if info:
        atoms.info.update(info)
    return atoms
