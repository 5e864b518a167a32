"""The WT-RDF+ paper's evaluation protocol as a scikit-learn CV splitter."""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.utils.validation import _num_samples

from .._validation import check_random_state_local

__all__ = ["TrainRatioSplit"]


class TrainRatioSplit:
    """Train on a random fraction of the points of a curve, test on all of them.

    The protocol of the WT-RDF+ paper (§5.3): a model is fitted on ``round(ratio · n)``
    randomly chosen points of the n-point curve and then predicts the full curve, so the test
    set of every split is all n points (it contains the training points: the score measures how
    well the whole curve is recovered from a fraction of it, not out-of-sample error in the
    usual sense). ``n_repeats`` draws different subsets.

    Parameters
    ----------
    ratio : float in (0, 1]
        Fraction of the points used for training (1.0: train on the whole curve).
    n_repeats : int, default=3
        Number of splits (random subsets) to draw.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsets. With an int, every call of ``split`` gives the same subsets.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.model_selection import TrainRatioSplit
    >>> r = np.linspace(1.5, 7.3, 59).reshape(-1, 1)
    >>> cv = TrainRatioSplit(0.25, n_repeats=3, random_state=0)
    >>> [(len(train), len(test)) for train, test in cv.split(r)]
    [(15, 59), (15, 59), (15, 59)]
    """

    def __init__(self, ratio: float, n_repeats: int = 3, random_state=None):
        self.ratio = ratio
        self.n_repeats = n_repeats
        self.random_state = random_state

    def _check(self) -> None:
        ratio = self.ratio
        if isinstance(ratio, bool) or not isinstance(ratio, numbers.Real):
            raise ValueError(f"ratio must be a number in (0, 1], got {ratio!r}")
        if not (0 < ratio <= 1):
            raise ValueError(f"ratio must be in (0, 1], got {ratio!r}")
        n = self.n_repeats
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"n_repeats must be an integer >= 1, got {n!r}")

    def n_train(self, n_samples: int) -> int:
        """Number of training points for a curve of ``n_samples`` points (at least 1)."""
        self._check()
        return max(1, min(n_samples, round(self.ratio * n_samples)))

    def split(self, X, y=None, groups=None):
        """Yield ``(train, test)`` index arrays: a sorted random subset, and all points."""
        n = _num_samples(X)
        n_train = self.n_train(n)
        rng = check_random_state_local(self.random_state)
        everything = np.arange(n)
        for _ in range(self.n_repeats):
            if n_train == n:
                train = everything.copy()
            else:
                train = np.sort(rng.choice(n, size=n_train, replace=False))
            yield train, everything.copy()

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        """Number of splits, ``n_repeats``."""
        self._check()
        return int(self.n_repeats)

    def __repr__(self) -> str:
        return (
            f"TrainRatioSplit(ratio={self.ratio!r}, n_repeats={self.n_repeats!r}, "
            f"random_state={self.random_state!r})"
        )
