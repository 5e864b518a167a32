"""μ(E) → χ(k) through xraylarch (extra ``feff``): ``read_chi`` on a raw XDI file.

xraylarch pulls about 2.4 GB and lives in its own environment, so these tests skip (with the
reason) where it is absent; the error a user without it gets is tested everywhere.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from sklearn_rdf.exafs import read_chi
from sklearn_rdf.physics.exafs import xftf

HAS_LARCH = importlib.util.find_spec("larch") is not None
needs_larch = pytest.mark.skipif(
    not HAS_LARCH, reason="xraylarch (extra 'feff', its own environment) is not installed"
)
ROMAN_GLASS = ("exafs_cu", "cu_romanglass.xdi")


@pytest.mark.skipif(HAS_LARCH, reason="checks the message a user without xraylarch gets")
def test_mu_file_without_larch_names_the_extra(shared_data):
    with pytest.raises(ImportError, match="xraylarch"):
        read_chi(shared_data.joinpath(*ROMAN_GLASS))


@needs_larch
def test_mu_to_chi_matches_larch_and_finds_the_first_shell(shared_data):
    from larch import Group
    from larch.xafs import autobk, pre_edge

    path = shared_data.joinpath(*ROMAN_GLASS)
    k, chi, meta = read_chi(path)
    assert meta["mu_column"] == "mufluor"
    assert 8975 < meta["e0"] < 8995  # Cu K edge, 8979 eV
    assert k[0] == 0.0 and k[-1] == pytest.approx(9.85, abs=0.06)
    assert np.all(np.isfinite(chi)) and chi.shape == k.shape
    # the same as larch's own pre_edge + autobk on the same column
    raw = np.loadtxt(path)
    group = Group(energy=raw[:, 0], mu=raw[:, 1])
    pre_edge(group)
    autobk(group, rbkg=1.0, kweight=2)
    np.testing.assert_allclose(k, group.k)
    np.testing.assert_allclose(chi, group.chi, atol=1e-10)
    # Cu in glass: the first (Cu–O) shell peaks in |χ(R)| between 1 and 2 Å
    ft = xftf(k, chi, kmin=2.5, kmax=9.5, kweight=2, window="hanning")
    sel = ft.r > 0.8
    assert 1.0 < ft.r[sel][np.argmax(ft.mag[sel])] < 2.0
    # the other μ column is used when asked, a missing one is refused
    _, chi_t, meta_t = read_chi(path, mu_column="mutrans")
    n = min(chi.size, chi_t.size)
    assert meta_t["mu_column"] == "mutrans" and not np.allclose(chi_t[:n], chi[:n])
    with pytest.raises(ValueError, match="no μ\\(E\\) column 'mux'"):
        read_chi(path, mu_column="mux")


def test_mu_column_is_checked_without_larch(shared_data, tmp_path):
    # a missing column is named whether or not xraylarch is installed; on a χ(k) file the
    # option would be ignored silently
    with pytest.raises(ValueError, match="no μ\\(E\\) column 'mux'"):
        read_chi(shared_data.joinpath(*ROMAN_GLASS), mu_column="mux")
    path = tmp_path / "shell.chi"
    k = np.arange(0.0, 10.0001, 0.05)
    np.savetxt(path, np.column_stack([k, 0.1 * np.sin(4 * k)]), header="k chi", comments="# ")
    assert read_chi(path)[1].shape == k.shape
    with pytest.raises(ValueError, match="holds χ\\(k\\), not μ\\(E\\)"):
        read_chi(path, mu_column="mutrans")
