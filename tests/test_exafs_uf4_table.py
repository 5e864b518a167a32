"""The shipped U–F / U–U tables: self-consistent FEFF8L potentials on the UF4 melt's shells.

They are checked against two FEFF runs made apart from the table builder
(``benchmarks/make_uf4_table_variants.py``: FEFF's own genfmt on a paths.dat of one path per
distance, with FEFF8L and with feff10-rs, same cluster and cards); the old table (sparse
U + 8 F + 6 U cluster, no SCF) differs from them by 0.16 rad in phase, so a wrong table fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sklearn_rdf.physics.exafs import load_scattering_table
from sklearn_rdf.physics.feff_tables import CLUSTERS

VARIANTS = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "uf4_table_variants.npz"
K = np.arange(2.0, 10.0001, 0.05)


def _feff_run(variant: str, pair: str):
    with np.load(VARIANTS, allow_pickle=False) as z:
        g = {f: z[f"{variant}/{pair}/{f}"].astype(float) for f in
             ("k", "r", "amplitude", "phase", "mean_free_path")}  # fmt: skip
        prov = json.loads(str(z[f"{variant}/{pair}/provenance"]))
    return g, prov


def _at(g, r):
    """|f_eff|, δ, λ of a FEFF run at distance r (one of its grid points) on K."""
    j = int(np.argmin(np.abs(g["r"] - r)))
    assert abs(g["r"][j] - r) < 1e-6
    k = np.clip(g["k"], 0, None)
    return [np.interp(K, k, g[f][j]) for f in ("amplitude", "phase", "mean_free_path")]


def test_uf4_tables_provenance_names_the_melt_cluster_and_scf():
    for pair in ("U-F", "U-U"):
        tab = load_scattering_table(pair)
        p = tab.provenance
        assert tab.edge == "L3" and p["edge"] == "L3"
        assert p["cluster"] == CLUSTERS["U"].name and "35 atoms" in p["cluster"]
        assert "SCF 4.0" in p["settings"] and "core hole on" in p["settings"]
        assert p["feff"].startswith("feff8l") and p["potentials"] == {
            "U (absorber)": 0, "F": 1, "U": 2,
        }  # fmt: skip
    # the cluster: 8 F at 2.30, 4 F at 3.63, 6 U at 4.27, 16 F at 4.52 Å, none closer than 2.3
    atoms = CLUSTERS["U"].atoms
    pos = np.array([a[:3] for a in atoms], dtype=float)
    shells = {}
    for a, d in zip(atoms, np.round(np.linalg.norm(pos, axis=1), 2), strict=True):
        shells[(a[3], d)] = shells.get((a[3], d), 0) + 1
    assert shells == {("F", 2.3): 8, ("F", 3.63): 4, ("U", 4.27): 6, ("F", 4.52): 16}
    gaps = np.linalg.norm(pos[:, None] - pos[None], axis=2) + 9 * np.eye(len(pos))
    assert gaps.min() > 2.2


@pytest.mark.parametrize(
    ("variant", "amp_tol", "phase_tol"),
    [("feff8l melt SCF", 2e-3, 2e-3), ("feff10 melt SCF", 3e-3, 1e-2)],
)
@pytest.mark.parametrize(("pair", "r"), [("U-F", 2.3), ("U-U", 4.3)])
def test_uf4_tables_match_the_separate_feff_runs(variant, amp_tol, phase_tol, pair, r):
    g, prov = _feff_run(variant, pair)
    assert "SCF 4.0" in prov["settings"] and prov["cluster"] == CLUSTERS["U"].name
    amp, pha, lam = _at(g, r)
    t_amp, t_pha, t_lam = (a[0] for a in load_scattering_table(pair).at(K, [r]))
    np.testing.assert_allclose(t_amp, amp, rtol=amp_tol)
    np.testing.assert_allclose(t_pha, pha, atol=phase_tol)
    np.testing.assert_allclose(t_lam, lam, rtol=1e-3)


def test_uf4_table_is_not_the_old_sparse_cluster_one():
    # what the test above would catch: the old table's phase is 0.16 rad off at 2.3 Å
    g, prov = _feff_run("feff8l sparse", "U-F")
    assert "no SCF" in prov["settings"]
    _, pha, _ = _at(g, 2.3)
    t_pha = load_scattering_table("U-F").at(K, [2.3])[1][0]
    assert 0.1 < np.mean(pha - t_pha) < 0.25
    # and the N-independent amplitude factor |f_eff|·exp(−2R/λ), k 2–10: 0.177 Å (FEFF run)
    amp, _, lam = (a[0] for a in load_scattering_table("U-F").at(K, [2.3]))
    assert np.mean(amp * np.exp(-2 * 2.3 / lam)) == pytest.approx(0.177, abs=0.001)


def test_uf4_variant_provenance_states_the_cards_that_ran():
    # each variant's settings line against the feff.inp FEFF ran (EXCHANGE, SCF, hole, CRITERIA)
    with np.load(VARIANTS, allow_pickle=False) as z:
        provs = [json.loads(str(z[f])) for f in z.files if f.endswith("/U-F/provenance")]
    assert len(provs) >= 10
    for p in provs:
        cards = {ln.split()[0]: ln.split()[1:] for ln in p["feff_inp"].splitlines() if ln.split()}
        s = p["settings"]
        assert f"EXCHANGE {cards['EXCHANGE'][0]} (" in s, (s, cards["EXCHANGE"])
        assert ("SCF 4.0 Å" in s) == ("SCF" in cards), s
        assert ("NOHOLE" in s) == ("NOHOLE" in cards), s
        assert ("CRITERIA 0 0" in s) == ("CRITERIA" in cards) and "CRITERIA" in cards, s
