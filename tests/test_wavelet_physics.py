"""The WT-RDF kernel and forward model: torch against the numpy/scipy reference, gradients."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from _rdf_fixtures import ge_se_like
from scipy.special import jv, jvp

from sklearn_rdf.physics import Curve, F_to_S
from sklearn_rdf.physics.wavelet import (
    PARAM_NAMES,
    WT_RDF_PARAMS,
    as_structure_factor,
    bessel_series,
    phi,
    wavelet_kernel,
    wavelet_rdf,
)
from sklearn_rdf.wavelet import WaveletRDFModule, bessel_j, bessel_j_and_derivative
from sklearn_rdf.wavelet._kernel import WaveletRDFFunction, series_and_derivative

R, G, Q, F = ge_se_like(n_q=300)
THETA0 = [WT_RDF_PARAMS[k] for k in PARAM_NAMES]
X_GRID = torch.linspace(-30.0, 110.0, 20001, dtype=torch.float64)


def _torch_G(r, q, F, theta, **kernel):
    module = WaveletRDFModule(q, F, theta, dtype=torch.float64, **kernel)
    with torch.no_grad():
        return module(torch.as_tensor(r)).numpy()


@pytest.mark.parametrize("form", ["eq4", "eq13"])
@pytest.mark.parametrize("p", [0, 2, 4])
def test_forward_model_equals_scipy_reference(p, form):
    """Must show: the torch model equals scipy.special.jv + numpy.trapezoid within 1e-10."""
    theta = {"a": 0.62, "b": 4.4, "K_f": 0.2, "C_tilde": 0.15, "Lambda": -5.1}
    ref = wavelet_rdf(R, Q, F, **theta, p=p, form=form)
    got = _torch_G(R, Q, F, [theta[k] for k in PARAM_NAMES], p=p, form=form)[:, 0]
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-10)
    assert np.ptp(ref) > 1.0  # a real curve, not a vanishing one


def test_forward_model_equals_reference_59_by_1000():
    """The benchmark size, 59 r × 1000 q, with the paper's θ: within 1e-10."""
    r, _, q, F = ge_se_like(n_q=1000)
    got = _torch_G(r, q, F, THETA0)[:, 0]
    np.testing.assert_allclose(got, wavelet_rdf(r, q, F, **WT_RDF_PARAMS), rtol=0, atol=1e-10)


def test_reference_is_a_direct_evaluation():
    """The reference is literally Λ ∫ F(q) [J_p(x) + K_f x⁴e^{−x²} + C̃] dq on the q grid."""
    a, b, K, C, L = THETA0
    x = (np.outer(R, Q) - b) / a
    direct = L * np.trapezoid(F * (jv(0, x) + K * x**4 * np.exp(-(x**2)) + C), Q, axis=1)
    np.testing.assert_allclose(wavelet_rdf(R, Q, F, **WT_RDF_PARAMS), direct, rtol=1e-13)


def test_truncated_series_matches_reference_and_converges():
    r = R[:5]  # small r keeps x = (qr − b)/a moderate, where the truncated series is usable
    theta = dict(WT_RDF_PARAMS)
    for n_terms in (3, 12):
        ref = wavelet_rdf(r, Q, F, **theta, n_terms=n_terms)
        got = _torch_G(r, Q, F, THETA0, n_terms=n_terms)[:, 0]
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-10)
    x = np.linspace(-6, 6, 101)
    for p in (0, 2):
        np.testing.assert_allclose(bessel_series(x, p, 40), jv(p, x), atol=1e-13)
    # Eq. 13 as printed is the series in x instead of x/2: J_p(2x)
    np.testing.assert_allclose(
        wavelet_kernel(x, K_f=0.0, C_tilde=0.0, form="eq13"), jv(0, 2 * x), atol=1e-15
    )


def test_phi_and_kernel():
    x = np.array([-2.0, 0.0, 0.5, 3.0])
    np.testing.assert_allclose(phi(x), x**4 * np.exp(-(x**2)))
    D = wavelet_kernel(x, K_f=0.3, C_tilde=-0.1, p=2)
    np.testing.assert_allclose(D, jv(2, x) + 0.3 * phi(x) - 0.1)


@pytest.mark.parametrize("p", [0, 2, 4, 6])
def test_bessel_and_derivative_float64(p):
    value, deriv = bessel_j_and_derivative(X_GRID, p)
    x = X_GRID.numpy()
    np.testing.assert_allclose(value.numpy(), jv(p, x), rtol=0, atol=1e-13)
    np.testing.assert_allclose(deriv.numpy(), jvp(p, x), rtol=0, atol=1e-13)


def test_bessel_float32_uses_torch_and_is_accurate_to_float32():
    value, deriv = bessel_j_and_derivative(X_GRID.float(), 0)
    assert value.dtype == torch.float32
    np.testing.assert_allclose(value.numpy(), jv(0, X_GRID.numpy()), atol=2e-6)
    np.testing.assert_allclose(deriv.numpy(), jvp(0, X_GRID.numpy()), atol=2e-6)


@pytest.mark.parametrize("p", [0, 2, 4])
def test_bessel_autograd_gradcheck(p):
    x = torch.cat([torch.linspace(-12, 40, 60, dtype=torch.float64), torch.tensor([0.0, 1e-3])])
    assert torch.autograd.gradcheck(lambda t: bessel_j(t, p), (x.requires_grad_(),))


@pytest.mark.parametrize(
    ("p", "n_terms", "form"), [(0, None, "eq4"), (2, None, "eq13"), (0, 6, "eq4"), (2, 4, "eq4")]
)
def test_model_gradient_gradcheck(p, n_terms, form):
    """Analytic dG/dθ of the fused model (two curves at once) against finite differences."""
    module = WaveletRDFModule(Q[::25], F[::25], THETA0, dtype=torch.float64)
    wF = torch.cat([module.wF, -0.5 * module.wF])
    r = torch.as_tensor(R[::6] if n_terms is None else R[:4])
    theta = torch.tensor([THETA0, [0.63, 4.3, 0.2, 0.1, -5.0]], dtype=torch.float64)

    def model(t):
        return WaveletRDFFunction.apply(t, r, module.q, wF, p, n_terms, form)

    assert torch.autograd.gradcheck(model, (theta.requires_grad_(),))


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_each_curve_at_its_own_r(dtype):
    """r of shape (n_r, m) (forward) / (m, n_r) (value_and_jacobian): curve j is evaluated at
    column j only, exactly as on its own (the selective loss's per-curve peak bins)."""
    thetas = [THETA0, [0.63, 4.3, 0.2, 0.1, -5.0], [0.6, 4.7, 0.05, 0.3, -4.2]]
    Fs = np.column_stack([F, 0.8 * F, 1.1 * F])
    r_cols = np.column_stack([R[[20, 34]], R[[21, 36]], R[[19, 35]]])  # (2, 3)
    module = WaveletRDFModule(Q, Fs, thetas, dtype=dtype)
    with torch.no_grad():
        got = module(torch.as_tensor(r_cols)).numpy()
    G_rows, jac_rows = module.value_and_jacobian(torch.as_tensor(r_cols.T))
    tol = (
        {"rtol": 1e-12, "atol": 1e-12} if dtype == torch.float64 else {"rtol": 1e-5, "atol": 1e-5}
    )
    for j in range(3):
        own = WaveletRDFModule(Q, Fs[:, j], thetas[j], dtype=dtype)
        G_own, jac_own = own.value_and_jacobian(torch.as_tensor(r_cols[:, j]))
        np.testing.assert_allclose(got[:, j], G_own[0].numpy(), **tol)
        np.testing.assert_allclose(G_rows[j].numpy(), G_own[0].numpy(), **tol)
        np.testing.assert_allclose(jac_rows[j].numpy(), jac_own[0].numpy(), **tol)
    if dtype == torch.float64:
        ref = wavelet_rdf(
            r_cols[:, 1], Q, 0.8 * F, **dict(zip(PARAM_NAMES, thetas[1], strict=True))
        )
        np.testing.assert_allclose(got[:, 1], ref, rtol=0, atol=1e-10)
    with pytest.raises(ValueError, match=r"one column per curve; got \(2, 2\)"):
        module(torch.as_tensor(r_cols[:, :2]))


def test_series_derivative():
    z = torch.linspace(-3, 3, 41, dtype=torch.float64)
    for p in (0, 2):
        value, deriv = series_and_derivative(z, p, 8)
        h = 1e-6
        fd = (bessel_series(z.numpy() + h, p, 8) - bessel_series(z.numpy() - h, p, 8)) / (2 * h)
        np.testing.assert_allclose(value.numpy(), bessel_series(z.numpy(), p, 8), atol=1e-15)
        np.testing.assert_allclose(deriv.numpy(), fd, atol=1e-8)


def test_float32_model_close_to_reference():
    got = WaveletRDFModule(Q, F, THETA0)(torch.as_tensor(R, dtype=torch.float32))
    ref = wavelet_rdf(R, Q, F, **WT_RDF_PARAMS)
    np.testing.assert_allclose(got.detach().numpy()[:, 0], ref, atol=1e-4 * np.abs(ref).max())


def test_structure_factor_forms():
    _, F1 = as_structure_factor((Q, F))
    np.testing.assert_array_equal(F1, F)
    _, F2 = as_structure_factor(Curve(Q, F, "F"))
    np.testing.assert_allclose(F2, F)
    _, F3 = as_structure_factor(Curve(Q, F_to_S(Q, F), "S"))
    np.testing.assert_allclose(F3, F, atol=1e-12)
    F_in = F.copy()
    as_structure_factor((Q, F_in))[1][0] = 99.0
    np.testing.assert_array_equal(F_in, F)  # a copy, the caller's array untouched


F_NAN = np.where(np.arange(Q.size) == 7, np.nan, F)


@pytest.mark.parametrize(
    ("sf", "match"),
    [
        (None, "structure_factor is required"),
        ((Q[::-1], F), "q must be strictly increasing"),
        ((Q, F_NAN), r"F contains NaN or inf \(first at index 7"),
        ((Q, F[:-1]), "mismatched lengths"),
        (Curve(R, G, "G"), "quantity 'F'"),
        ({"q": Q, "F": F}, "must be a"),
        ((Q, F, F), "must be a"),
    ],
)  # fmt: skip
def test_structure_factor_errors(sf, match):
    with pytest.raises(ValueError, match=match):
        as_structure_factor(sf)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"a": 0.0}, "a .* non-zero"),
        ({"p": 1}, "even integer"),
        ({"n_terms": 0}, "n_terms"),
        ({"form": "eq5"}, "form must be"),
    ],
)
def test_reference_bad_options(kwargs, match):
    theta = {**WT_RDF_PARAMS, **{k: v for k, v in kwargs.items() if k in PARAM_NAMES}}
    options = {k: v for k, v in kwargs.items() if k not in PARAM_NAMES}
    with pytest.raises(ValueError, match=match):
        wavelet_rdf(R, Q, F, **theta, **options)


def test_sine_transform_takes_curves_as_columns():
    """sine_transform (used by the frame fixture) on 2-D y equals it column by column."""
    from sklearn_rdf.physics import sine_transform

    x = np.linspace(0.0, 20.0, 801)
    Y = np.column_stack([np.exp(-((x - c) ** 2)) * x for c in (2.0, 3.5, 5.0)])
    out = sine_transform(x, Y, Q, max_chunk_bytes=50_000)
    assert out.shape == (Q.size, 3)
    for j in range(3):
        np.testing.assert_allclose(out[:, j], sine_transform(x, Y[:, j], Q), rtol=0, atol=1e-13)
