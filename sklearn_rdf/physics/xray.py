"""X-ray atomic form factors f_α(Q) and the Faber–Ziman X-ray weights, from ``xraydb``.

f_α(Q) (electrons) are the Waasmaier–Kirfel fits tabulated by ``xraydb`` (a core dependency:
a pure-Python package with an 11 MB SQLite table). ``xraydb.f0`` takes s = sin θ/λ = Q/(4π);
here every function takes Q in Å⁻¹. The X-ray weights
w_αβ(Q) = (2 − δ_αβ) c_α c_β f_α(Q) f_β(Q) / ⟨f(Q)⟩² depend on Q; a single number per pair, as
a coordination number from a total curve needs, is their average over the Q range that was
transformed (:func:`xray_weights` with ``average=True``), or their value at Q = 0 (Z-weighting,
f_α(0) = Z_α) with ``q=[0]``.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_grid
from .scattering import _check_unique, faber_ziman_weights

__all__ = ["composition_fractions", "xray_form_factors", "xray_weights"]


def composition_fractions(composition) -> tuple[list[str], np.ndarray]:
    """Species and atomic fractions c_α of ``{element: amount}`` or a formula ("SiO2").

    Parameters
    ----------
    composition : dict or str
        ``{element or isotope: amount}`` or a formula.

    Returns
    -------
    species : list of str
        The species, in the order given.
    fractions : ndarray
        Their atomic fractions (summing to 1).

    Raises
    ------
    ValueError
        If the composition is empty, names an unknown element, has a negative or non-finite
        amount, or sums to zero.
    """
    from .composition import as_composition

    comp = as_composition(composition)
    species = list(comp)
    _check_unique(species)
    amounts = np.array([comp[s] for s in species])
    return species, amounts / amounts.sum()


def xray_form_factors(species, q) -> np.ndarray:
    """Atomic form factors f_α(Q) in electrons, one row per species (Waasmaier–Kirfel).

    Parameters
    ----------
    species : sequence of str
        Element symbols (or ions such as "O2-" that ``xraydb`` knows).
    q : array-like of shape (n_q,)
        Q in Å⁻¹ (≥ 0).

    Returns
    -------
    ndarray of shape (n_species, n_q)

    Raises
    ------
    ValueError
        For a species ``xraydb`` does not know.

    Examples
    --------
    >>> from sklearn_rdf.physics.xray import xray_form_factors
    >>> xray_form_factors(["Si", "O"], [0.0]).round(2).ravel().tolist()
    [14.0, 8.0]
    """
    import xraydb

    q = as_grid(q, "q", strictly_increasing=False, min_value=0.0, min_size=1)
    rows = []
    for s in species:
        try:
            rows.append(np.asarray(xraydb.f0(str(s), q / (4.0 * np.pi)), dtype=np.float64))
        except Exception:  # xraydb raises several kinds for an unknown symbol
            raise ValueError(
                f"unknown element {s!r}: no X-ray form factor (xraydb knows H to Cf and "
                "common ions)"
            ) from None
    return np.vstack(rows)


def xray_weights(composition, q, *, average: bool = True) -> dict[str, float | np.ndarray]:
    """Faber–Ziman X-ray weights w_αβ(Q) = (2 − δ_αβ) c_α c_β f_α f_β / ⟨f⟩² of a composition.

    Parameters
    ----------
    composition : mapping
        ``{element: amount}`` (normalised here).
    q : array-like
        Q in Å⁻¹: the Q range of the measurement (its transformed part).
    average : bool, default True
        Return each weight's mean over ``q`` (trapezoid rule; the usual single number per
        pair), else the weights at every q.

    Returns
    -------
    dict {"α-β": weight}

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.physics.xray import xray_weights
    >>> w = xray_weights({"Si": 1, "O": 2}, np.linspace(0.5, 20, 200))
    >>> sorted(w), round(sum(w.values()), 12)
    (['O-O', 'Si-O', 'Si-Si'], 1.0)
    """
    species, c = composition_fractions(composition)
    q = as_grid(q, "q", strictly_increasing=False, min_value=0.0, min_size=1)
    weights = faber_ziman_weights(species, c, xray_form_factors(species, q))
    if not average:
        return weights
    if q.size == 1:
        return {k: float(np.ravel(v)[0]) for k, v in weights.items()}
    order = np.argsort(q)
    span = q[order][-1] - q[order][0]
    return {
        k: float(np.trapezoid(np.asarray(v)[order], q[order]) / span) for k, v in weights.items()
    }
