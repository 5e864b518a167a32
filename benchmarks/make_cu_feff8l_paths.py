"""Write ``benchmarks/data/cu_fcc_feff8l_paths.npz``: χ(k) of fcc Cu from FEFF8L's own path sum.

A check on the Cu-foil benchmark with a known answer: FEFF8L (through xraylarch, extra ``feff``,
its own environment) on the package's fcc Cu cluster (a = 3.615 Å, first shell 2.5562 Å, the
same potentials as the shipped Cu–Cu table), every path to 5.2 Å (single and multiple
scattering), correlated-Debye σ² at 300 K with θ_D = 315 K, S0² 0.9, ΔE0 +2.6 eV; and the sum
over the single-scattering paths alone. Run in the larch environment:

    python -m benchmarks.make_cu_feff8l_paths
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "data" / "cu_fcc_feff8l_paths.npz"


def main() -> Path:
    import larch
    from larch.xafs import feff8l, feffpath, ff2chi, sigma2_debye

    from sklearn_rdf.physics.feff_tables import CLUSTERS, feff_input

    text, _ = feff_input(CLUSTERS["Cu"])
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "feff.inp"), "w") as fh:
            fh.write(text.replace("RPATH 0.1", "RPATH 5.2"))
        feff8l(folder=work, verbose=False)
        k = np.round(np.arange(0.0, 16.0001, 0.05), 4)
        paths = []
        for name in sorted(glob.glob(os.path.join(work, "feff0*.dat"))):
            path = feffpath(name, s02=0.9, e0=2.6)
            path.sigma2 = sigma2_debye(300.0, 315.0, path)
            paths.append(path)
        single = [p for p in paths if p.nleg == 2]
        chi_all = ff2chi(paths, k=k).chi
        chi_ss = ff2chi(single, k=k).chi
        table = [(p.nleg, p.reff, p.degen, float(p.sigma2)) for p in paths]
    provenance = {
        "feff": f"feff8l via xraylarch {larch.__version__}",
        "cluster": CLUSTERS["Cu"].name,
        "paths": "all FEFF8L paths to 5.2 Å (nleg, reff Å, degeneracy, σ² Å²) in 'paths'",
        "sigma2": "correlated Debye, T 300 K, θ_D 315 K (larch sigma2_debye)",
        "s02": 0.9,
        "e0_shift_eV": 2.6,
        "first_shell_A": 2.5562,
    }
    OUT.parent.mkdir(exist_ok=True)
    np.savez_compressed(OUT, k=k, chi_all=chi_all, chi_single=chi_ss, paths=np.array(table),
                        provenance=np.array(json.dumps(provenance)))  # fmt: skip
    return OUT


if __name__ == "__main__":  # pragma: no cover - needs the extra
    print(main())
