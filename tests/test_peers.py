"""Peers of the WT-RDF model: the Fourier-transform estimator and the smoothers."""

from __future__ import annotations

import numpy as np
import pytest
from _rdf_fixtures import material

from sklearn_rdf.metrics import mean_absolute_error
from sklearn_rdf.peers import FourierRDFRegressor, SmoothingSplineRegressor, make_gaussian_process
from sklearn_rdf.physics import (
    Curve,
    sine_transform_F_to_G,
)
from sklearn_rdf.utils.estimator_checks import check_one_feature_regressor


@pytest.mark.parametrize(
    "make",
    [lambda sf: FourierRDFRegressor(structure_factor=sf), lambda sf: SmoothingSplineRegressor()],
)
def test_one_feature_regressor_properties(make):
    r, G, sf = material()
    check_one_feature_regressor(make(sf), r, G)


def test_fourier_is_the_transform_scaled_and_offset():
    r, G, (q, F) = material()
    G_ft = sine_transform_F_to_G(q, F, r[:, 0])
    est = FourierRDFRegressor(structure_factor=(q, F)).fit(r, 2.0 * G_ft - 0.5)
    assert est.scale_ == pytest.approx(2.0) and est.offset_ == pytest.approx(-0.5)
    assert est.n_parameters_ == 2 and est.params_ == {"scale": est.scale_, "offset": est.offset_}
    fixed = FourierRDFRegressor(structure_factor=(q, F), fit_scale=False, fit_offset=False)
    np.testing.assert_allclose(fixed.fit(r, G).predict(r), G_ft)
    assert fixed.n_parameters_ == 0


def test_fourier_curve_input_lorch_and_cross_material():
    r, G, (q, F) = material()
    S = Curve(q, 1 + F / q, "S")
    a = FourierRDFRegressor(structure_factor=S, window="lorch").fit(r, G)
    b = FourierRDFRegressor(structure_factor=(q, F), window="lorch").fit(r, G)
    np.testing.assert_allclose(a.predict(r), b.predict(r))
    # the truncated transform is a poor but sensible model of G(r)
    assert mean_absolute_error(G, b.predict(r)) < np.abs(G).mean()
    r2, _, sf2 = material(shift=0.1)
    np.testing.assert_allclose(
        b.predict(r2, structure_factor=sf2),
        b.scale_ * sine_transform_F_to_G(*sf2, r2[:, 0], window="lorch") + b.offset_,
    )


def test_fourier_bad_structure_factor():
    r, G, (q, F) = material()
    with pytest.raises(ValueError, match="structure_factor is required"):
        FourierRDFRegressor().fit(r, G)
    with pytest.raises(ValueError, match="structure_factor q must be strictly increasing"):
        FourierRDFRegressor(structure_factor=(q[::-1], F)).fit(r, G)
    with pytest.raises(ValueError, match="structure_factor F contains NaN"):
        FourierRDFRegressor(structure_factor=(q, np.where(q > 5, np.nan, F))).fit(r, G)
    with pytest.raises(ValueError, match="must be a Curve of quantity .F."):
        FourierRDFRegressor(structure_factor=Curve(q, F, "g")).fit(r, G)
    with pytest.raises(ValueError, match="pair of arrays"):
        FourierRDFRegressor(structure_factor=q).fit(r, G)


def test_spline_needs_points_and_distinct_r():
    r, G, _ = material()
    with pytest.raises(ValueError, match="at least 5 points"):
        SmoothingSplineRegressor().fit(r[:4], G[:4])
    with pytest.raises(ValueError, match="duplicate"):
        SmoothingSplineRegressor().fit(np.r_[r, r[:1]], np.r_[G, G[:1]])
    with pytest.raises(ValueError, match="lam"):
        SmoothingSplineRegressor(lam=-1.0).fit(r, G)
    assert SmoothingSplineRegressor().fit(r, G).n_parameters_ > 0


def test_gaussian_process_peer_fits_a_curve():
    r, G, _ = material()
    gp = make_gaussian_process(random_state=0).fit(r[::2], G[::2])
    assert mean_absolute_error(G, gp.predict(r)) < 0.1 * np.abs(G).max()


def test_spline_gcv_does_not_flatten_sharp_peaks():
    # scipy's bounded GCV search cannot resolve λ ≈ 1e-6 Å³ on r in Å: the estimator rescales r
    r, G, _ = material()
    est = SmoothingSplineRegressor().fit(r, G)
    assert mean_absolute_error(G, est.predict(r)) < 1e-3
    # an explicit λ is in units of r (Å): the same fit with or without the internal rescaling
    from scipy.interpolate import make_smoothing_spline

    direct = make_smoothing_spline(r[:, 0], G, lam=1e-3)
    np.testing.assert_allclose(
        SmoothingSplineRegressor(lam=1e-3).fit(r, G).predict(r), direct(r[:, 0]), atol=1e-6
    )


def test_fourier_predicts_from_the_fitted_structure_factor():
    r, G, sf = material()
    est = FourierRDFRegressor(structure_factor=sf).fit(r, G)
    before = est.predict(r)
    est.set_params(structure_factor=material(0.3)[2])  # a parameter change without refit
    np.testing.assert_array_equal(est.predict(r), before)


@pytest.mark.parametrize("lam", ["a", True, np.nan])
def test_spline_lam_type_errors_are_value_errors(lam):
    r, G, _ = material()
    with pytest.raises(ValueError, match="lam"):
        SmoothingSplineRegressor(lam=lam).fit(r, G)
