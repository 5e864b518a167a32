"""Larch's own feffit on the UF4 melt spectrum: a cross-check of ``uf4_melt``'s cumulant fit.

FEFF8L (xraylarch) on the shipped U tables' cluster (``feff_tables.CLUSTERS["U"]``, SCF 4 Å,
L3 edge, one U–F path at 2.30 Å), then Larch's ``feffit`` of ``exp.chik`` with the settings of
the package's cumulant fit: S0² 0.9 held, N, ΔR, σ², ΔE0 free, no C3, k 2–8 Å⁻¹, k-weight 2,
Hanning dk 1, R 1.2–2.6 Å. Prints Larch's numbers beside the ``uf4_melt`` row of
``benchmarks/results/exafs.json``. Run in the larch environment (no torch needed):

    PYTHONPATH=. python -m benchmarks.check_uf4_feffit_larch
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
RESULTS = Path(__file__).resolve().parent / "results" / "exafs.json"
ROW = "exp.chik: cumulant fit (no C3, k 2–8, R 1.2–2.6), S0² 0.9 (held, as users do)"


def larch_fit() -> dict:
    """Larch feffit of exp.chik through a FEFF8L path of the shipped U cluster (dict)."""
    from ase import Atoms
    from larch import Group
    from larch.fitting import param, param_group
    from larch.xafs import feff8l, feffit, feffit_dataset, feffit_transform, feffpath

    from sklearn_rdf.physics.feff_paths import feff_cluster_input
    from sklearn_rdf.physics.feff_tables import CLUSTERS

    c = CLUSTERS["U"]
    atoms = Atoms(
        ["U"] + [a[3] for a in c.atoms], positions=[(0, 0, 0)] + [a[:3] for a in c.atoms]
    )
    text = feff_cluster_input(
        atoms, flavour="feff8l", edge="L3", nleg=2, scf=c.scf_radius, rmax=2.4
    )
    raw = np.loadtxt(SHARED / "exafs_uf4_molten_salt" / "exp.chik", comments="#")
    data = Group(k=raw[:, 0], chi=raw[:, 1])
    pars = param_group(amp=param(0.9, vary=False), n=param(6.0, vary=True),
                       de0=param(0.0, vary=True), dr=param(0.0, vary=True),
                       ss2=param(0.02, vary=True))  # fmt: skip
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "feff.inp"), "w") as fh:
            fh.write(text)
        feff8l(folder=work, feffinp="feff.inp", verbose=False)
        files = sorted(glob.glob(os.path.join(work, "feff0*.dat")))
        os.chdir(work)  # FEFF's files by bare name
        try:
            path = feffpath(os.path.basename(files[0]), degen=1, s02="amp*n", e0="de0",
                            deltar="dr", sigma2="ss2")  # fmt: skip
        finally:
            os.chdir(here)
        trans = feffit_transform(kmin=2, kmax=8, kweight=2, dk=1, window="hanning",
                                 rmin=1.2, rmax=2.6)  # fmt: skip
        out = feffit(pars, feffit_dataset(data=data, pathlist=[path], transform=trans))
    p = out.params
    return {"N": p["n"].value, "N_std": p["n"].stderr, "R_A": path.reff + p["dr"].value,
            "R_std": p["dr"].stderr, "sigma2": p["ss2"].value, "e0_shift": p["de0"].value,
            "r_factor": out.rfactor, "reff": path.reff}  # fmt: skip


def main() -> dict:
    got = larch_fit()
    rows = json.loads(RESULTS.read_text())["rows"]
    ours = next(r for r in rows if r.get("benchmark") == "uf4_melt" and r["case"] == ROW)
    for name, row in (("larch feffit", got), ("sklearn_rdf fit_cumulant_shells", ours)):
        print(f"{name:32s} N {row['N']:.2f} ± {row['N_std']:.2f}, R {row['R_A']:.4f} Å, "
              f"σ² {row['sigma2']:.4f} Å², ΔE0 {row['e0_shift']:+.2f} eV, "
              f"R-factor {row['r_factor']:.4f}")  # fmt: skip
    return got


if __name__ == "__main__":  # pragma: no cover - needs the extra
    main()
