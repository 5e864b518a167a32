"""Named quantities and the converters between them."""

from __future__ import annotations

import numpy as np
import pytest

from sklearn_rdf.physics import (
    QUANTITIES,
    Curve,
    F_to_S,
    G_to_g,
    G_to_R,
    R_to_G,
    R_to_g,
    S_to_F,
    convert,
    g_to_G,
    g_to_R,
)

RHO = 0.0664


def test_table_names_every_quantity_with_units():
    assert set(QUANTITIES) == {"g", "G", "R", "S", "F"}
    assert QUANTITIES["G"].unit == "Å⁻²" and QUANTITIES["R"].unit == "Å⁻¹"
    assert QUANTITIES["F"].grid == "q" and QUANTITIES["g"].grid_unit == "Å"


def test_definitions_by_hand():
    r = np.array([1.0, 2.0])
    g = np.array([0.0, 3.0])
    np.testing.assert_allclose(g_to_G(r, g, RHO), 4 * np.pi * RHO * r * (g - 1))
    np.testing.assert_allclose(g_to_R(r, g, RHO), 4 * np.pi * RHO * r**2 * g)
    q = np.array([1.0, 4.0])
    np.testing.assert_allclose(S_to_F(q, [1.5, 0.5]), [0.5, -2.0])


@pytest.mark.parametrize(("fwd", "inv"), [(g_to_G, G_to_g), (g_to_R, R_to_g), (G_to_R, R_to_G)])
def test_r_space_converters_invert(fwd, inv):
    r = np.linspace(0.1, 10, 50)
    y = np.sin(r) + 1.3
    np.testing.assert_allclose(inv(r, fwd(r, y, RHO), RHO), y, rtol=1e-12)


def test_q_space_converters_invert():
    q = np.linspace(0.2, 20, 50)
    S = 1 + np.cos(q) / q
    np.testing.assert_allclose(F_to_S(q, S_to_F(q, S)), S, rtol=1e-12)


def test_convert_dispatch_and_errors():
    r = np.linspace(0.5, 5, 10)
    g = np.ones_like(r)
    np.testing.assert_allclose(convert(r, g, "g", "G", rho=RHO), 0.0)
    with pytest.raises(ValueError, match="needs the number density"):
        convert(r, g, "g", "G")
    with pytest.raises(ValueError, match="transforms"):
        convert(r, g, "g", "F")
    with pytest.raises(ValueError, match="unknown source"):
        convert(r, g, "x", "G", rho=RHO)


@pytest.mark.parametrize("rho", [-1.0, 0.0, np.nan, np.inf, "0.1", None, True])
def test_bad_density_is_named(rho):
    with pytest.raises(ValueError, match="rho"):
        g_to_G([1.0, 2.0], [1.0, 1.0], rho)


def test_bad_arrays_are_named():
    with pytest.raises(ValueError, match="mismatched lengths"):
        g_to_G([1.0, 2.0], [1.0], RHO)
    with pytest.raises(ValueError, match="g contains NaN"):
        g_to_G([1.0, 2.0], [1.0, np.nan], RHO)
    with pytest.raises(ValueError, match="r must be > 0"):
        G_to_g([0.0, 2.0], [1.0, 1.0], RHO)
    with pytest.raises(ValueError, match="q must be > 0"):
        F_to_S([0.0, 2.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="real numbers"):
        S_to_F(["a", "b"], [1.0, 1.0])


def test_callers_arrays_are_not_modified():
    r = np.linspace(0.5, 5, 10)
    g = np.linspace(0, 2, 10)
    r0, g0 = r.copy(), g.copy()
    out = g_to_G(r, g, RHO)
    out[:] = 99
    for fn in (g_to_R, g_to_G):
        fn(r, g, RHO)
    np.testing.assert_array_equal(r, r0)
    np.testing.assert_array_equal(g, g0)


def test_curve_container():
    q = np.linspace(0.5, 10, 20)
    c = Curve(q, 1 + 0 * q, "S", metadata={"rho": RHO})
    assert c.x_unit == "Å⁻¹" and c.y_unit == "1" and len(c) == 20
    f = c.to("F")
    assert f.quantity == "F" and f.y_unit == "Å⁻¹"
    np.testing.assert_allclose(f.y, 0.0)
    x, y = c  # unpacks like a (q, S) pair
    assert x is c.x and y is c.y
    with pytest.raises(ValueError, match="mismatched lengths"):
        Curve(q, q[:-1], "S")


def test_several_curves_as_columns_convert_column_by_column():
    r = np.linspace(0.5, 5, 10)
    g2 = np.column_stack([np.linspace(0, 2, 10), np.ones(10)])
    G2 = g_to_G(r, g2, RHO)
    assert G2.shape == (10, 2)
    np.testing.assert_allclose(G2[:, 0], g_to_G(r, g2[:, 0], RHO))
    np.testing.assert_allclose(G_to_g(r, G2, RHO), g2)
    c = Curve(r, g2, "g", metadata={"rho": RHO}).to("R")
    np.testing.assert_allclose(c.y[:, 1], g_to_R(r, g2[:, 1], RHO))
    with pytest.raises(ValueError, match="r must be >= 0"):
        g_to_G(-r, g2, RHO)
