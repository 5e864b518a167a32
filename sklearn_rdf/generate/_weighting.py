"""Which total the generators fit: number-, X-ray- or neutron-weighted (Faber–Ziman).

A measured total of a multi-species glass weights its partials by the scattering power of the
species: g(r) = Σ_α≤β w_αβ g_αβ(r), S(q) − 1 = Σ_α≤β w_αβ(q) (S_αβ(q) − 1) with the
Faber–Ziman weights w_αβ = (2 − δ_αβ) c_α c_β b_α b_β / ⟨b⟩² of
:func:`sklearn_rdf.physics.scattering.faber_ziman_weights`:

- ``"number"``: b_α = 1, w_αβ = (2 − δ_αβ) c_α c_β (the number-weighted total of a
  simulation, the generators' default);
- ``"neutron"``: the coherent lengths b_α
  (:func:`~sklearn_rdf.physics.scattering.neutron_weights`);
- ``"xray"``: the form factors f_α(q) of :func:`~sklearn_rdf.physics.xray.xray_form_factors`,
  q-dependent in S(q) (exact there), at q = 0 (f_α(0) = Z_α) for the real-space g(r) — the
  usual approximation: a real-space X-ray total is the transform of a sum whose weights vary
  with q, so no single set of weights makes it exactly Σ w_αβ g_αβ (``docs/conventions.md``
  measures the difference for SiO2 and CuZr);
- a dict ``{"Si-O": w, ...}``: weights of every pair α ≤ β given explicitly (either order of a
  pair's names), constant in q, summing to 1 within 0.02 (rounded table values; they are
  rescaled to sum to 1 exactly).

For one species every weighting is the same total (w = 1).
"""

from __future__ import annotations

from numbers import Real

import numpy as np

__all__ = ["WEIGHTINGS", "TotalWeighting", "resolve_weighting"]

#: Named weightings of the generators' ``weighting`` parameter.
WEIGHTINGS = ("number", "xray", "neutron")
#: How far from 1 the sum of explicit pair weights may be (rounded values) before it is refused.
SUM_TOLERANCE = 0.02
#: q step (Å⁻¹) of the tabulated X-ray form factors interpolated at every |k| (their curvature
#: makes the linear interpolation exact to < 1e-6 electrons).
_FORM_FACTOR_STEP = 0.002


class TotalWeighting:
    """The Faber–Ziman weights of a generator's total g(r) and S(q) (see the module docstring).

    Parameters
    ----------
    kind : {"number", "xray", "neutron", "explicit"}
    species : list of str
    concentrations : ndarray
        Atomic fractions c_α (summing to 1).
    explicit : dict, optional
        Pair weights {"α-β": w} (``kind="explicit"``), keyed in the order of ``species``.
    """

    def __init__(self, kind, species, concentrations, explicit=None):
        self.kind = kind
        self.species = list(species)
        self.concentrations = np.asarray(concentrations, dtype=np.float64)
        self.explicit = explicit
        self._f_grid = None

    @property
    def is_number(self) -> bool:
        """True when the total is the number-weighted one (``"number"`` or a single species)."""
        return self.kind == "number" or len(self.species) == 1

    @property
    def has_negative(self) -> bool:
        """True when a pair weight of g(r) is negative (e.g. neutrons with b_Ti, b_Li < 0):
        that pair's first shell is a dip of the total, not a peak."""
        return any(float(w) < 0 for w in self.real_space().values())

    def real_space(self) -> dict:
        """Weights {"α-β": float} of the real-space total g(r) (X-ray: at q = 0)."""
        from ..physics.scattering import faber_ziman_weights, neutron_weights

        sp, c = self.species, self.concentrations
        if len(sp) == 1:
            return {f"{sp[0]}-{sp[0]}": 1.0}
        if self.kind == "number":
            return faber_ziman_weights(sp, c, np.ones(len(sp)))
        if self.kind == "neutron":
            return neutron_weights(sp, c)
        if self.kind == "xray":
            from ..physics.differentiable import xray_weights_q0

            return xray_weights_q0(sp, c)
        return dict(self.explicit)

    def at_q(self, q) -> dict:
        """Weights {"α-β": ndarray} of S(q) at every q (Å⁻¹): q-dependent for X-rays."""
        q = np.asarray(q, dtype=np.float64)
        if self.kind != "xray" or len(self.species) == 1:
            return {k: np.full(q.shape, w) for k, w in self.real_space().items()}
        from ..physics.scattering import faber_ziman_weights

        return faber_ziman_weights(self.species, self.concentrations, self._form_factors(q))

    def _form_factors(self, q: np.ndarray) -> np.ndarray:
        from ..physics.xray import xray_form_factors

        top = float(q.max()) if q.size else 0.0
        if self._f_grid is None or self._f_grid[0][-1] < top:
            grid = np.arange(0.0, 1.5 * top + 10 * _FORM_FACTOR_STEP, _FORM_FACTOR_STEP)
            self._f_grid = (grid, xray_form_factors(self.species, grid))
        grid, f = self._f_grid
        return np.vstack([np.interp(q, grid, row) for row in f])

    def label(self) -> str:
        """A short name for reports and figures ("X-ray-weighted", ...)."""
        names = {
            "number": "number-weighted",
            "xray": "X-ray-weighted (q = 0 in r)",
            "neutron": "neutron-weighted",
            "explicit": "weighted (explicit pair weights)",
        }
        return names[self.kind]


def resolve_weighting(weighting, species, counts) -> TotalWeighting:
    """Check a generator's ``weighting`` and return its :class:`TotalWeighting`.

    Parameters
    ----------
    weighting : {"number", "xray", "neutron"} or dict
        See the module docstring.
    species : list of str
        The fitted chemical elements.
    counts : array-like of int
        Atoms per species (their fractions are the concentrations c_α of the weights).

    Returns
    -------
    TotalWeighting

    Raises
    ------
    ValueError
        An unknown name; a dict naming a pair of species that are not fitted, giving a pair
        twice or leaving one out, with a weight that is not a finite number, a negative weight
        of a like pair α-α (unlike pairs may be negative, as for neutrons with b_α < 0), or
        whose weights do not sum to 1 (within 0.02).
    """
    counts = np.asarray(counts, dtype=np.float64)
    c = counts / counts.sum()
    if isinstance(weighting, str):
        if weighting not in WEIGHTINGS:
            raise ValueError(
                f"unknown weighting {weighting!r}; use one of {WEIGHTINGS} or a dict of "
                "Faber–Ziman pair weights {'Si-O': w, ...}"
            )
        out = TotalWeighting(weighting, species, c)
        if len(species) > 1:
            out.real_space()  # ValueError now for a species without a length (or a null ⟨b⟩)
        return out
    if not isinstance(weighting, dict):
        raise ValueError(
            f"weighting must be one of {WEIGHTINGS} or a dict of Faber–Ziman pair weights "
            f"{{'Si-O': w, ...}}, got {weighting!r}"
        )
    pairs = {}
    for key, w in weighting.items():
        parts = str(key).split("-")
        if len(parts) != 2 or parts[0] not in species or parts[1] not in species:
            raise ValueError(
                f"weighting names the pair {key!r}; pairs are 'α-β' of the species {species}"
            )
        a, b = sorted((species.index(parts[0]), species.index(parts[1])))
        name = f"{species[a]}-{species[b]}"
        if name in pairs:
            raise ValueError(f"weighting gives the pair {name} twice (as {key!r})")
        if isinstance(w, bool) or not isinstance(w, Real) or not np.isfinite(w):
            raise ValueError(f"weighting[{key!r}] must be a finite number, got {w!r}")
        if a == b and w < 0:  # c_α² b_α² / ⟨b⟩² ≥ 0; only cross weights can be negative
            raise ValueError(
                f"weighting[{key!r}] = {w!r} is negative: a like pair's Faber–Ziman weight "
                "c_α² b_α² / ⟨b⟩² is ≥ 0 (only unlike pairs can have negative weights)"
            )
        pairs[name] = float(w)
    needed = [f"{species[a]}-{species[b]}" for a in range(len(species))
              for b in range(a, len(species))]  # fmt: skip
    missing = [p for p in needed if p not in pairs]
    if missing:
        raise ValueError(f"weighting leaves out the pairs {missing} (give every pair α ≤ β)")
    total = sum(pairs.values())
    if not abs(total - 1.0) <= SUM_TOLERANCE:
        raise ValueError(
            f"Faber–Ziman pair weights sum to 1; weighting sums to {total:.4g} (a total that "
            "does not tend to 1 at large r): normalise them by ⟨b⟩²"
        )
    return TotalWeighting("explicit", species, c, {k: w / total for k, w in pairs.items()})
