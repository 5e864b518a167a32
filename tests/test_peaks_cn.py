"""Peak finding and coordination numbers."""

from __future__ import annotations

import numpy as np
import pytest

from sklearn_rdf.physics import (
    coordination_number,
    find_rdf_peaks,
    g_to_R,
    gaussian_shells_g,
    gaussian_shells_R,
    kth_peak_index,
)

RHO = 0.034


def two_peaks(r):
    return np.exp(-((r - 2.4) ** 2) / 0.02) + 0.5 * np.exp(-((r - 3.8) ** 2) / 0.1)


def test_peaks_in_r_order_with_positions_and_heights():
    r = np.linspace(1, 6, 501)
    p = find_rdf_peaks(r, two_peaks(r))
    np.testing.assert_allclose(p.positions, [2.4, 3.8], atol=0.01)
    np.testing.assert_allclose(p.heights, [1.0, 0.5], atol=0.01)
    assert len(p) == 2 and np.all(p.prominences > 0)


def test_unsorted_r_gives_the_same_peaks_in_the_callers_indexing():
    r = np.linspace(1, 6, 201)
    y = two_peaks(r)
    perm = np.random.default_rng(1).permutation(r.size)
    p_sorted = find_rdf_peaks(r, y)
    p_perm = find_rdf_peaks(r[perm], y[perm])
    np.testing.assert_array_equal(p_perm.positions, p_sorted.positions)
    np.testing.assert_array_equal(r[perm][p_perm.indices], p_sorted.positions)
    assert r[perm][kth_peak_index(r[perm], y[perm], 2)] == pytest.approx(3.8, abs=0.03)


def test_small_wiggles_are_not_peaks():
    r = np.linspace(1, 6, 501)
    y = two_peaks(r) + 0.01 * np.sin(40 * r)
    assert len(find_rdf_peaks(r, y)) == 2
    assert len(find_rdf_peaks(r, y, rel_prominence=0.0)) > 2


def test_fewer_peaks_than_asked():
    r = np.linspace(1, 6, 101)
    with pytest.raises(ValueError, match="only 2 peak"):
        kth_peak_index(r, two_peaks(r), 3)
    with pytest.raises(ValueError, match=r"k .* must be an integer >= 1"):
        kth_peak_index(r, two_peaks(r), 0)
    with pytest.raises(ValueError, match="only 0 peak"):
        kth_peak_index([1.0, 2.0], [0.0, 1.0], 1)


def test_duplicate_r_is_refused():
    with pytest.raises(ValueError, match="duplicate"):
        find_rdf_peaks([1.0, 1.0, 2.0], [0.0, 1.0, 0.0])


def test_first_shell_cn_of_gaussian_shell_model():
    shells = [(2.36, 4.0, 0.08), (3.8, 12.0, 0.25)]
    r = np.linspace(0.01, 8, 4000)
    g = gaussian_shells_g(r, shells, RHO, continuum_start=4.8)
    auto = coordination_number(r, g=g, rho=RHO)
    assert auto.cn == pytest.approx(4.0, rel=0.01)
    assert 2.36 < auto.r_hi < 3.8 and auto.r_peak == pytest.approx(2.36, abs=0.01)
    given = coordination_number(r, g_to_R(r, g, RHO), r_lo=1.9, r_hi=2.9)
    assert given.cn == pytest.approx(4.0, rel=0.01)
    assert float(given) == given.cn and given.r_peak is None


def test_cn_limits_between_grid_points_are_interpolated():
    r = np.linspace(0.0, 6, 61)
    R = gaussian_shells_R(r, [(2.5, 3.0, 0.3)])
    a = coordination_number(r, R, r_lo=1.04, r_hi=3.96).cn
    b = coordination_number(r, R, r_lo=1.06, r_hi=3.94).cn
    assert abs(a - b) < 0.01 and a == pytest.approx(3.0, rel=0.02)


def test_cn_bad_input():
    r = np.linspace(0.1, 5, 50)
    R = gaussian_shells_R(r, [(2.5, 3.0, 0.3)])
    with pytest.raises(ValueError, match="exactly one of R"):
        coordination_number(r)
    with pytest.raises(ValueError, match="needs the number density"):
        coordination_number(r, g=R)
    with pytest.raises(ValueError, match="both shell limits"):
        coordination_number(r, R, r_lo=1.0)
    with pytest.raises(ValueError, match="r_lo < r_hi"):
        coordination_number(r, R, r_lo=3.0, r_hi=2.0)
    with pytest.raises(ValueError, match="outside the grid"):
        coordination_number(r, R, r_lo=0.0, r_hi=2.0)
    with pytest.raises(ValueError, match=r"shell of peak 2 but R.r. has 1 peak"):
        coordination_number(r, R, peak=2)
    with pytest.raises(ValueError, match="strictly increasing"):
        coordination_number(r[::-1], R)


def test_gaussian_shells_bad_input():
    r = np.linspace(0.1, 5, 10)
    with pytest.raises(ValueError, match="shells must be"):
        gaussian_shells_g(r, [], RHO)
    with pytest.raises(ValueError, match="widths"):
        gaussian_shells_g(r, [(2.0, 1.0, 0.0)], RHO)
    with pytest.raises(ValueError, match="rho"):
        gaussian_shells_g(r, [(2.0, 1.0, 0.1)], -1)


def test_edge_peaks_only_when_asked():
    r = np.linspace(2.4, 6, 100)  # the curve starts on the top of its first peak
    y = two_peaks(r)
    assert len(find_rdf_peaks(r, y)) == 1
    p = find_rdf_peaks(r, y, include_edges=True)
    assert len(p) == 2 and p.indices[0] == 0
    np.testing.assert_allclose(p.positions[1], 3.8, atol=0.04)
    # a curve rising to its last point gains that point; a flat start does not count
    rising = np.linspace(0, 1, 20)
    assert list(find_rdf_peaks(np.arange(20.0), rising, include_edges=True).indices) == [19]


@pytest.mark.parametrize("bad", ["a", np.nan, -0.1])
def test_bad_rel_prominence(bad):
    r = np.linspace(1, 6, 50)
    with pytest.raises(ValueError, match="rel_prominence"):
        find_rdf_peaks(r, two_peaks(r), rel_prominence=bad)


@pytest.mark.parametrize("bad", ["x", np.nan, None])
def test_bad_continuum(bad):
    r = np.linspace(0.1, 5, 10)
    if bad is None:
        with pytest.raises(ValueError, match="continuum_width"):
            gaussian_shells_g(r, [(2.0, 1.0, 0.1)], RHO, continuum_width=-1.0)
        return
    with pytest.raises(ValueError, match="continuum_start"):
        gaussian_shells_g(r, [(2.0, 1.0, 0.1)], RHO, continuum_start=bad)


def test_find_rdf_peaks_r_range_keeps_only_peaks_inside():
    from sklearn_rdf.physics import find_rdf_peaks

    r = np.linspace(0.5, 6.0, 551)
    g = np.exp(-(((r - 1.0) / 0.05) ** 2)) + 0.5 * np.exp(-(((r - 2.5) / 0.1) ** 2))
    whole = find_rdf_peaks(r, g)
    inside = find_rdf_peaks(r, g, r_range=(1.5, 6.0))
    np.testing.assert_allclose(whole.positions, [1.0, 2.5])
    np.testing.assert_allclose(inside.positions, [2.5])
    # same prominence as in the whole-curve search: the range filters, it does not re-scale
    np.testing.assert_allclose(inside.prominences, whole.prominences[1:])
    assert len(find_rdf_peaks(r, g, r_range=(3.0, 6.0))) == 0


@pytest.mark.parametrize("bad", [(2.0, 1.0), (1.0,), (0.0, np.nan), "x"])
def test_find_rdf_peaks_r_range_refuses_bad_ranges(bad):
    from sklearn_rdf.physics import find_rdf_peaks

    r = np.linspace(0.5, 6.0, 56)
    with pytest.raises(ValueError, match="r_range"):
        find_rdf_peaks(r, np.sin(r), r_range=bad)
    with pytest.raises(ValueError, match="r_range"):
        find_rdf_peaks(None, np.sin(r), r_range=(1.0, 2.0))
