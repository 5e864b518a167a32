"""Input checks shared by the physics and metrics modules.

Every public function of the package validates through these helpers so that bad input raises
a :class:`ValueError` that names the offending argument, and so that the caller's arrays are
never modified: each helper returns a new float64 array (a copy), never a view of the input.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_curve",
    "as_grid",
    "as_r",
    "check_density",
    "check_positive_int",
    "check_positive_real",
    "check_random_state_local",
    "check_same_length",
]


def _as_float_array(x, name: str, ndim: tuple[int, ...]) -> np.ndarray:
    try:
        arr = np.array(x, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of real numbers: {exc}") from None
    if arr.ndim not in ndim:
        allowed = " or ".join(f"{d}-D" for d in ndim)
        raise ValueError(f"{name} must be {allowed}, got an array of shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = int(bad[0]) if arr.ndim == 1 else tuple(int(i) for i in bad)
        raise ValueError(f"{name} contains NaN or inf (first at index {where})")
    return arr


def as_grid(
    x,
    name: str = "r",
    *,
    strictly_increasing: bool = True,
    min_value: float | None = None,
    min_inclusive: bool = True,
    min_size: int = 2,
) -> np.ndarray:
    """Return a finite 1-D float64 copy of a radial (r, Å) or momentum (q, Å⁻¹) grid.

    Raises
    ------
    ValueError
        If the grid is not 1-D, has NaN/inf, has fewer than ``min_size`` points, is not
        strictly increasing (when required) or has values below ``min_value``.
    """
    arr = _as_float_array(x, name, (1,))
    if arr.size < min_size:
        raise ValueError(f"{name} needs at least {min_size} points, got {arr.size}")
    if strictly_increasing and arr.size > 1:
        steps = np.diff(arr)
        if np.any(steps <= 0):
            i = int(np.argmax(steps <= 0))
            raise ValueError(
                f"{name} must be strictly increasing: {name}[{i + 1}] = {arr[i + 1]!r} "
                f"is not greater than {name}[{i}] = {arr[i]!r}"
            )
    if min_value is not None:
        low = arr < min_value if min_inclusive else arr <= min_value
        if np.any(low):
            i = int(np.argmax(low))
            op = ">=" if min_inclusive else ">"
            raise ValueError(f"{name} must be {op} {min_value}: {name}[{i}] = {arr[i]!r}")
    return arr


def as_r(r, name: str = "r", *, min_size: int = 1) -> np.ndarray:
    """Distances given as X: shape (n,) or (n, 1), any order; a finite 1-D float64 copy."""
    arr = np.asarray(r)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    return as_grid(arr, name, strictly_increasing=False, min_size=min_size)


def as_curve(y, name: str = "y", *, ndim: tuple[int, ...] = (1,)) -> np.ndarray:
    """Return a finite float64 copy of a curve (1-D) or of several curves (2-D, one per column)."""
    return _as_float_array(y, name, ndim)


def check_same_length(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise a ValueError when two arrays do not have the same number of points (axis 0)."""
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{name_a} and {name_b} have mismatched lengths: {a.shape[0]} and {b.shape[0]}"
        )


def check_density(rho, name: str = "rho") -> float:
    """Return the number density ρ (atoms/Å³) as a float, or raise if it is not finite and > 0."""
    if isinstance(rho, bool) or not isinstance(rho, numbers.Real | np.floating | np.integer):
        raise ValueError(f"{name} (number density, atoms/Å³) must be a real number, got {rho!r}")
    value = float(rho)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} (number density, atoms/Å³) must be finite and > 0, got {rho!r}")
    return value


def validate_r(estimator, X, y="no_validation", *, reset: bool, min_r: float = 0.0):
    """Validate X = r (and y) for a one-feature regressor, through scikit-learn's validate_data.

    X may be (n, 1) or 1-D; it must hold finite distances r ≥ ``min_r`` (Å). y, when validated
    (fit), is one curve: 1-D or (n, 1), returned 1-D. Returns ``r`` (1-D float64) when y is not
    validated, else ``(r, y)``. Sets/checks ``n_features_in_`` (= 1) like any estimator.
    """
    from sklearn.utils.validation import validate_data

    # X.ndim, not np.ndim(X): array-likes that only offer __array__ (scikit-learn's
    # _NotAnArray) refuse numpy's function dispatch.
    ndim = getattr(X, "ndim", None)
    if ndim is None and not isinstance(X, str):
        X = np.asarray(X)
        ndim = X.ndim
    if ndim == 1:
        X = np.reshape(np.asarray(X), (-1, 1))
    if isinstance(y, str) and y == "no_validation":
        X = validate_data(estimator, X, reset=reset, dtype=np.float64)
        y = None
    else:
        X, y = validate_data(
            estimator, X, y, reset=reset, y_numeric=True, dtype=np.float64, multi_output=True
        )
    if np.any(X < min_r):
        raise ValueError(
            ("Negative values in data passed to X: " if min_r == 0 else "")
            + f"X holds distances r (Å) that must be >= {min_r}; min is {X.min()!r}"
        )
    if X.shape[1] != 1:
        raise ValueError(
            f"X must be r with one column (shape (n, 1) or (n,)), got {X.shape[1]} features"
        )
    r = X[:, 0]
    if y is None:
        return r
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"y must be one curve (1-D or (n, 1)), got shape {y.shape}")
    return r, y


def check_random_state_local(random_state) -> np.random.RandomState:
    """scikit-learn's ``check_random_state``, except that None gives a *fresh* generator.

    ``sklearn.utils.check_random_state(None)`` returns NumPy's global RandomState, so drawing
    from it moves the global RNG. Here None seeds a new RandomState from OS entropy (nothing
    global is read or moved); an int or a RandomState behaves as in scikit-learn.
    """
    from sklearn.utils import check_random_state

    if random_state is None:
        return np.random.RandomState(int(np.random.default_rng().integers(2**31 - 1)))
    return check_random_state(random_state)


def check_positive_int(value, name: str) -> int:
    """``value`` as an int, or a ValueError naming ``name`` when it is not an integer ≥ 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


def check_positive_real(value, name: str) -> float:
    """``value`` as a float, or a ValueError naming ``name`` when it is not finite and > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number > 0, got {value!r}")
    try:
        as_float = float(value)
    except (OverflowError, TypeError, ValueError):
        raise ValueError(f"{name} must be a finite real number > 0, got {value!r}") from None
    if not (np.isfinite(as_float) and as_float > 0):
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return as_float
