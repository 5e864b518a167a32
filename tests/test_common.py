"""scikit-learn's estimator checks on every estimator of the package.

Each estimator is listed in ``ESTIMATORS`` with constructor settings that keep the checks
quick (few epochs) and the checks it is expected to fail, each with its reason — the
imbalanced-learn style of keeping expected failures strict and explained. A check listed as
expected to fail that passes is reported as XPASS(strict) and fails the run.
``test_every_estimator_is_checked`` makes sure no public estimator is left out.
"""

from __future__ import annotations

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_rdf.utils import all_estimators

# (estimator instance, {check name: reason it is expected to fail})
ESTIMATORS: list[tuple[object, dict[str, str]]] = []

# --- wavelet family (WaveletRDFRegressor, ...) -------------------------------------------

# --- neural family (RBFNetRegressor, LSTMRegressor) --------------------------------------

# --- linear SPR family (LinearSPR, CNN baseline) -----------------------------------------
from sklearn_rdf.linear_spr import CNNSpectrumRegressor, LinearSPR  # noqa: E402

ESTIMATORS += [
    (LinearSPR(), {}),  # ridge, Cholesky solver
    (LinearSPR(penalty="elasticnet", alpha=0.01, max_iter=300, tol=1e-3), {}),  # FISTA
    (CNNSpectrumRegressor(channels=(4,), hidden=16, lr=2e-2, max_epochs=25, random_state=0), {}),
]

# --- model selection peers (Fourier transform estimator, ...) ----------------------------

_EXPECTED = {id(est): failures for est, failures in ESTIMATORS}


def _expected_failed_checks(estimator):
    return _EXPECTED.get(id(estimator), {})


@parametrize_with_checks(
    [est for est, _ in ESTIMATORS], expected_failed_checks=_expected_failed_checks
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


def test_every_estimator_is_checked():
    checked = {type(est).__name__ for est, _ in ESTIMATORS}
    missing = [name for name, _ in all_estimators() if name not in checked]
    assert not missing, f"estimators without estimator checks in tests/test_common.py: {missing}"
