"""Scattering lengths and Faber–Ziman weights of total scattering.

A measured total structure factor is a weighted sum of partials,
S(q) − 1 = Σ_αβ w_αβ (S_αβ(q) − 1), and likewise g(r) = Σ w_αβ g_αβ(r). The Faber–Ziman
weights of the pairs α ≤ β are w_αβ = (2 − δ_αβ) c_α c_β b_α b_β / ⟨b⟩² with ⟨b⟩ = Σ c_α b_α;
they sum to 1. For neutrons b_α is the bound coherent scattering length (fm, constant in q);
for X-rays it is the atomic form factor f_α(q) (electrons, q-dependent), and the weights are
functions of q. :func:`faber_ziman_weights` computes both; the neutron lengths come from the
``periodictable`` package (never typed by hand), elements and isotopes alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

__all__ = [
    "ILL_CONDITIONED_RATIO",
    "IllConditionedNormalisationWarning",
    "faber_ziman_weights",
    "mean_coherent_length",
    "neutron_scattering_lengths",
    "neutron_weights",
    "normalisation_condition",
    "warn_if_ill_conditioned",
]

#: |⟨b⟩| below this fraction of max|b_α| makes the Faber–Ziman normalisation meaningless (the
#: textbook null-matrix alloy Ti0.676Zr0.324 has |⟨b⟩|/max|b| ≈ 0.006 and weights of ±3000).
NULL_MEAN_FRACTION = 1e-2

_MASS_FIRST = re.compile(r"^(\d+)([A-Z][a-z]?)$")  # "2H", "58Ni" -> periodictable's "2-H"


def _atom(species):
    """The periodictable Element or Isotope that ``species`` names.

    Accepts Element and Isotope objects (``periodictable.Si``, ``periodictable.D``,
    ``periodictable.Ni[58]``), element symbols ("Si"), and isotopes in periodictable's
    notation ("D", "T", "2-H", "58-Ni") or mass-number-first ("2H", "58Ni").
    """
    import periodictable

    if isinstance(species, periodictable.core.Element | periodictable.core.Isotope):
        return species
    text = str(species).strip()
    match = _MASS_FIRST.match(text)
    if match:
        text = f"{match.group(1)}-{match.group(2)}"
    try:
        return periodictable.elements.isotope(text)
    except (ValueError, KeyError, TypeError):
        return None


def _label(species) -> str:
    """The key of a species in the weight dicts: the string given, or an object's name."""
    return species if isinstance(species, str) else str(species)


def neutron_scattering_lengths(species) -> np.ndarray:
    """Bound coherent neutron scattering lengths b (fm), from :mod:`periodictable`.

    Parameters
    ----------
    species : sequence
        Elements or isotopes: symbols ("Si"), isotopes ("D", "T", "2-H", "2H", "58-Ni") or
        periodictable objects (``periodictable.D``, ``periodictable.Ni[58]``).

    Returns
    -------
    ndarray of shape (n_species,)

    Raises
    ------
    ValueError
        For a species that is neither an element nor an isotope, or has no tabulated length
        (e.g. the Lennard-Jones types "A", "B").
    """
    b = []
    for s in species:
        atom = _atom(s)
        b_c = None if atom is None else atom.neutron.b_c
        if b_c is None:
            raise ValueError(f"no neutron scattering length for species {s!r}")
        b.append(float(b_c))
    return np.asarray(b)


def _check_concentrations(concentrations, n: int) -> np.ndarray:
    try:
        c = np.array(concentrations, dtype=np.float64)
    except (TypeError, ValueError):
        c = None
    if (
        c is None
        or c.shape != (n,)
        or not np.all(np.isfinite(c))
        or np.any(c < 0)
        or not np.isclose(c.sum(), 1.0)
    ):
        raise ValueError(
            f"concentrations must be {n} non-negative fractions summing to 1, "
            f"got {concentrations!r}"
        )
    return c


def _check_unique(labels: Sequence, what: str = "species") -> None:
    seen = set()
    for label in labels:
        if label in seen:
            raise ValueError(
                f"{what} {label!r} is given twice: list each species once with its total "
                "concentration"
            )
        seen.add(label)


def check_mean_length(mean, lengths) -> None:
    """Raise when ⟨b⟩ is nearly null: |⟨b⟩| < 1e-3 · max|b_α| (at any q for arrays f(q)).

    The Faber–Ziman normalisation divides by ⟨b⟩², so for a null-matrix sample (Ti–Zr,
    Ti–Ni with b_Ti < 0, H/D mixtures) it turns noise into huge weights of either sign.
    """
    mean = np.abs(np.asarray(mean, dtype=np.float64))
    scale = np.max(np.abs(np.asarray(lengths, dtype=np.float64)), axis=0)
    if not np.all(mean > NULL_MEAN_FRACTION * scale):
        worst = float(np.min(mean / np.where(scale > 0, scale, 1.0)))
        raise ValueError(
            "the mean scattering length ⟨b⟩ = Σ c_α b_α is nearly zero: "
            f"|⟨b⟩| = {worst:.2g} max|b_α|, below {NULL_MEAN_FRACTION:g} max|b_α|. The "
            "Faber–Ziman normalisation by ⟨b⟩² is undefined for such a (null-matrix) "
            "composition; use Bhatia–Thornton number–concentration partials, or the "
            "unnormalised weights c_α c_β b_α b_β"
        )


def faber_ziman_weights(species, concentrations, lengths) -> dict[str, float | np.ndarray]:
    """Faber–Ziman weights w_αβ = (2 − δ_αβ) c_α c_β b_α b_β / ⟨b⟩² of the pairs α ≤ β.

    ⟨b⟩ = Σ c_α b_α. The weights sum to 1 (at every q), and the total is
    S(q) − 1 = Σ_α≤β w_αβ (S_αβ(q) − 1), g(r) = Σ_α≤β w_αβ g_αβ(r).

    Parameters
    ----------
    species : sequence
        Names of the species (used as keys; each once), e.g. ``["Si", "O"]``.
    concentrations : sequence of float
        Atomic fractions c_α (non-negative, summing to 1).
    lengths : array-like of shape (n_species,) or (n_species, n_q)
        Scattering power of each species: constant neutron lengths b_α (fm), or X-ray form
        factors f_α(q) on a q grid (one row per species).

    Returns
    -------
    dict {"α-β": w_αβ}
        Pairs in the order of ``species`` (α before β); each weight a float for constant
        lengths, an ndarray of shape (n_q,) for q-dependent ones.

    Raises
    ------
    ValueError
        If a species is repeated, the concentrations are not fractions summing to 1, the
        lengths have the wrong shape or are not finite, or ⟨b⟩ is nearly zero
        (|⟨b⟩| < 1e-3 · max|b_α|), where the normalisation is undefined.

    Examples
    --------
    >>> from sklearn_rdf.physics.scattering import faber_ziman_weights
    >>> w = faber_ziman_weights(["Si", "O"], [1 / 3, 2 / 3], [4.1491, 5.803])
    >>> sorted(w), round(sum(w.values()), 12)
    (['O-O', 'Si-O', 'Si-Si'], 1.0)
    """
    labels = [_label(s) for s in species]
    _check_unique(labels)
    c = _check_concentrations(concentrations, len(labels))
    try:
        b = np.array(lengths, dtype=np.float64)
    except (TypeError, ValueError):
        b = None
    if b is None or b.ndim not in (1, 2) or b.shape[0] != len(labels):
        raise ValueError(
            f"lengths must have one entry (or one row f(q)) per species ({len(labels)}), "
            f"got {lengths!r}"
        )
    if not np.all(np.isfinite(b)):
        raise ValueError("lengths contain NaN or inf")
    column = c.reshape((-1,) + (1,) * (b.ndim - 1))
    mean = np.sum(column * b, axis=0)
    check_mean_length(mean, b)
    out = {}
    for a in range(len(labels)):
        for z in range(a, len(labels)):
            w = (1.0 if a == z else 2.0) * c[a] * c[z] * b[a] * b[z] / mean**2
            out[f"{labels[a]}-{labels[z]}"] = float(w) if b.ndim == 1 else w
    return out


def neutron_weights(species, concentrations) -> dict[str, float]:
    """Faber–Ziman neutron weights w_αβ = (2 − δ_αβ) c_α c_β b_α b_β / ⟨b⟩² of the pairs α ≤ β.

    ⟨b⟩ = Σ c_α b_α with the coherent scattering lengths of :func:`neutron_scattering_lengths`.
    The weights sum to 1, and the neutron total is g_N(r) = Σ w_αβ g_αβ(r),
    S_N(q) − 1 = Σ w_αβ (S_αβ(q) − 1) (for a measured interference cross-section i(Q) in
    barn/sr/atom, S_N(Q) − 1 = i(Q)/⟨b⟩² with ⟨b⟩² converted to barn: 1 barn = 100 fm²).

    Parameters
    ----------
    species : sequence
        Elements or isotopes, each once: symbols ("Si", "O"), isotopes ("D", "2-H", "2H",
        "58-Ni") or periodictable objects (``periodictable.D``).
    concentrations : sequence of float
        Atomic fractions c_α (summing to 1).

    Returns
    -------
    dict {"α-β": w_αβ}
        Keys from the species as given (an object's periodictable name, e.g. "D").

    Raises
    ------
    ValueError
        If a species is repeated (also as two names of one isotope, "D" and "2-H"), has no
        scattering length, the concentrations do not sum to 1, or ⟨b⟩ is nearly zero
        (|⟨b⟩| < 1e-3 · max|b_α|: a null-matrix composition, e.g. Ti–Zr near
        c_Ti = b_Zr/(b_Zr − b_Ti) ≈ 0.68), where the Faber–Ziman normalisation is undefined.
        Close to that limit (within a few per cent of it) the weights are legal but large and
        of both signs: |w_αβ| ~ (max|b_α| / ⟨b⟩)².

    Examples
    --------
    >>> from sklearn_rdf.physics.scattering import neutron_weights
    >>> w = neutron_weights(["D", "O"], [2 / 3, 1 / 3])
    >>> sorted(w), round(sum(w.values()), 12)
    (['D-D', 'D-O', 'O-O'], 1.0)
    """
    species = list(species)
    b = neutron_scattering_lengths(species)
    _check_unique([_atom(s) for s in species])
    return faber_ziman_weights(species, concentrations, b)


def mean_coherent_length(composition: dict[str, float]) -> float:
    """⟨b⟩ = Σ c_α b_α (fm) of a composition ``{element or isotope: amount}`` (normalised here)."""
    items = dict(composition)
    amounts = np.array(list(items.values()), dtype=np.float64)
    if not items or np.any(~np.isfinite(amounts)) or np.any(amounts < 0) or not amounts.sum() > 0:
        raise ValueError(
            f"composition must have non-negative amounts summing > 0, got {composition!r}"
        )
    return float(amounts / amounts.sum() @ neutron_scattering_lengths(list(items)))


class IllConditionedNormalisationWarning(UserWarning):
    """⟨b⟩² is small beside ⟨b²⟩: normalising by it amplifies every error (H2O, Ti–Zr)."""


#: ⟨b⟩²/⟨b²⟩ below this warns: the distinct scattering is then a tenth or less of the self
#: scattering, and S(Q) − 1 = F/⟨b⟩² magnifies errors of F by ⟨b²⟩/⟨b⟩² > 10
#: (H2O: ⟨b⟩ = −0.56 fm, ratio 0.015; SiO2 0.98; D2O 0.995).
ILL_CONDITIONED_RATIO = 0.1


def normalisation_condition(composition: dict[str, float]) -> float:
    """⟨b⟩²/⟨b²⟩ of a composition (neutron lengths): 1 for one element, → 0 for null matrices.

    Parameters
    ----------
    composition : dict
        ``{element or isotope: amount}``.

    Returns
    -------
    float
        The ratio, in [0, 1].

    Examples
    --------
    >>> from sklearn_rdf.physics.scattering import normalisation_condition
    >>> round(normalisation_condition({"H": 2, "O": 1}), 3)
    0.015
    """
    items = dict(composition)
    amounts = np.array(list(items.values()), dtype=np.float64)
    if not items or np.any(~np.isfinite(amounts)) or np.any(amounts < 0) or not amounts.sum() > 0:
        raise ValueError(
            f"composition must have non-negative amounts summing > 0, got {composition!r}"
        )
    c = amounts / amounts.sum()
    b = neutron_scattering_lengths(list(items))
    return float((c @ b) ** 2 / (c @ b**2))


def warn_if_ill_conditioned(composition: dict[str, float], *, stacklevel: int = 2) -> float:
    """Warn (:class:`IllConditionedNormalisationWarning`) when ⟨b⟩²/⟨b²⟩ < 0.1.

    Parameters
    ----------
    composition : dict
        ``{element or isotope: amount}``.
    stacklevel : int, default 2
        Passed on to :func:`warnings.warn` (counted from the caller).

    Returns
    -------
    float
        ⟨b⟩²/⟨b²⟩ (:func:`normalisation_condition`).
    """
    import warnings

    ratio = normalisation_condition(composition)
    if ratio < ILL_CONDITIONED_RATIO:
        mean_b = mean_coherent_length(composition)
        warnings.warn(
            f"ill-conditioned normalisation: ⟨b⟩ = {mean_b:.3g} fm gives ⟨b⟩²/⟨b²⟩ = "
            f"{ratio:.3g} (< {ILL_CONDITIONED_RATIO:g}); S(Q) − 1 = F(Q)/⟨b⟩² and every "
            "coordination number from it magnify errors by "
            f"{1 / ratio:.0f}×. Prefer the unnormalised F_barn / D(r), or an isotope mixture "
            "with a larger ⟨b⟩ (e.g. D2O)",
            IllConditionedNormalisationWarning,
            stacklevel=stacklevel + 1,
        )
    return ratio
