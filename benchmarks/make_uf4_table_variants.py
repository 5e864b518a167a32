"""Write ``benchmarks/data/uf4_table_variants.npz``: U–F (and U–U) tables from several FEFFs.

Is the UF4 melt's low amplitude (the MD's χ matches ``exp.chik`` only at S0² ≈ 0.46) an artefact
of the U–F scattering table? Every variant here is the same kind of table as the shipped ones
(single-scattering |f_eff|, δ, λ on an r grid, U L3 edge), computed with another FEFF, another
cluster for the potentials, self-consistent potentials, another exchange model or no core hole:

- FEFF runs its potentials and phase shifts on the cluster (``feff8l``: rdinp, pot, xsph,
  pathfinder; ``feff6l``: CONTROL 1 1 1 1; ``feff10``: feff10-rs rdinp … path), then the
  cluster's ``paths.dat`` is replaced by one two-leg path per distance of the r grid (the
  scatterer on the z axis, degeneracy 1) and FEFF's own genfmt (+ ff2x) writes one
  ``feffNNNN.dat`` per distance: what ``Feff8L_XAFSPath`` does for the package's tables, for
  every code alike. "feff8l sparse" reproduces the U–F table shipped until 2026-12-01 15:00
  (|Δ amplitude| ≤ 5·10⁻⁴ of 1.59 Å, |Δ phase| ≤ 0.001 rad).
- Clusters: "bare" U + 8 F; "sparse" U + 8 F + 6 U (the old tables'); "melt" the MD's
  U-centred shells (``feff_tables.CLUSTERS["U"]``, the tables' cluster since then).
- ``CRITERIA 0 0`` keeps every path; core hole on unless ``NOHOLE``; EXCHANGE 0
  (Hedin–Lundqvist) unless stated.

Run in the larch environment (xraylarch has feff6l/feff8l; feff10-rs is pip-installed beside it):

    PYTHONPATH=. python -m benchmarks.make_uf4_table_variants

The benchmarks ``uf4_table_variants`` and ``uf4_table_variants_onne`` (``python -m
benchmarks.run exafs``) read the file.
"""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from ase import Atoms

from sklearn_rdf.physics.feff_paths import (
    _fd_to_file,
    _larch_bindir,
    _read_feffdat,
    feff_cluster_input,
)

OUT = Path(__file__).resolve().parent / "data" / "uf4_table_variants.npz"
#: r grids of the tables (Å), as the package's U–F and U–U tables
R_GRID = {
    "F": np.round(np.arange(1.8, 3.6001, 0.1), 4),
    "U": np.round(np.arange(3.0, 5.4001, 0.1), 4),
}


def _atoms(absorber, neighbours) -> Atoms:
    return Atoms([absorber] + [a[3] for a in neighbours],
                 positions=[(0.0, 0.0, 0.0)] + [a[:3] for a in neighbours])  # fmt: skip


def clusters() -> dict:
    """The clusters FEFF computes the potentials on (absorber U at the origin)."""
    from sklearn_rdf.physics.feff_tables import _CUBE, _OCTA, CLUSTERS, _shell

    first = _shell("F", 2.30, _CUBE)
    return {
        "bare": ("U + 8 F at 2.30 Å (cube)", _atoms("U", first)),
        "sparse": (
            "U + 8 F at 2.30 Å (cube) + 6 U at 4.30 Å (octahedron): the U tables' cluster "
            "until 2026-12-01 15:00",
            _atoms("U", first + _shell("U", 4.30, _OCTA)),
        ),
        "melt": (CLUSTERS["U"].name, _atoms("U", CLUSTERS["U"].atoms)),
    }


#: FEFF8/10 SCF card with ca1 0.05 (FEFF's advice when CORVAL stops; default 0.2)
_CA = (("SCF 4.00", "SCF 4.00 0 30 0.05 1"),)
#: EXCHANGE 3: Dirac–Hara real part + Hedin–Lundqvist imaginary part
_DH = (("EXCHANGE 0", "EXCHANGE 3"),)

#: (name, FEFF, cluster, SCF radius or None, core hole, feff.inp edits)
VARIANTS = (
    ("feff8l sparse", "feff8l", "sparse", None, True, ()),
    ("feff8l sparse SCF", "feff8l", "sparse", 4.0, True, ()),
    ("feff8l sparse SCF ca 0.05", "feff8l", "sparse", 4.0, True, _CA),
    ("feff8l sparse no hole", "feff8l", "sparse", None, False, ()),
    ("feff8l bare", "feff8l", "bare", None, True, ()),
    ("feff8l melt", "feff8l", "melt", None, True, ()),
    ("feff8l melt SCF", "feff8l", "melt", 4.0, True, ()),
    ("feff8l melt SCF no hole", "feff8l", "melt", 4.0, False, ()),
    ("feff8l melt SCF EXCHANGE 3", "feff8l", "melt", 4.0, True, _DH),
    ("feff6l sparse", "feff6l", "sparse", None, True, ()),
    ("feff6l melt", "feff6l", "melt", None, True, ()),
    ("feff10 sparse", "feff10", "sparse", None, True, ()),
    ("feff10 sparse SCF", "feff10", "sparse", 4.0, True, ()),
    ("feff10 sparse SCF ca 0.05", "feff10", "sparse", 4.0, True, _CA),
    ("feff10 sparse no hole", "feff10", "sparse", None, False, ()),
    ("feff10 melt", "feff10", "melt", None, True, ()),
    ("feff10 melt SCF", "feff10", "melt", 4.0, True, ()),
)


def _paths_dat(ipot: dict, absorber: str) -> str:
    lines = [
        "PATH  Rmax= 9.000,  Keep_limit= 0.00, Heap_limit 0.00  Pwcrit= 0.00%",
        " " + "-" * 71,
    ]
    n = 0
    for sym, grid in R_GRID.items():
        if sym not in ipot:
            continue
        for r in grid:
            n += 1
            lines += [
                f"{n:6d}    2   1.000  index, nleg, degeneracy, r= {r:7.4f}",
                "      x           y           z     ipot  label      rleg      beta        eta",
                f"    0.000000    0.000000 {r:11.6f}   {ipot[sym]} '{sym:<6s}' {r:10.4f}  180.0000"
                "    0.0000",
                f"    0.000000    0.000000    0.000000   0 '{absorber:<6s}' {r:10.4f}  180.0000"
                "    0.0000",
            ]
    return "\n".join(lines) + "\n"


def _exe(work, names, log):
    bindir = _larch_bindir()
    for exe in names:
        with open(log, "ab") as fh:
            proc = subprocess.run([os.path.join(bindir, exe)], cwd=work, stdout=fh,
                                  stderr=subprocess.STDOUT, timeout=600, check=False)  # fmt: skip
        if proc.returncode != 0:
            with open(log, errors="replace") as fh:
                raise RuntimeError(f"{exe} exit {proc.returncode}: {fh.read()[-800:]}")


def _feff10(work, stages):
    import feff10

    cfg = feff10.FeffConfig.from_file(
        work, os.path.join(work, "feff.inp"), stages=[feff10.Stage.from_name(s) for s in stages],
        stage_timeout=600,
    )  # fmt: skip
    log = os.path.join(work, "run.log")
    try:
        with _fd_to_file(log):  # feff10-rs's stages print to the process's stdout
            feff10.FeffPipeline(cfg).run()
    except feff10.FeffError as exc:
        with open(log, errors="replace") as fh:
            raise RuntimeError(f"{exc}; log: {fh.read()[-800:]}") from exc


def variant_input(backend, atoms, scf, hole, edits=()) -> str:
    """The variant's feff.inp: the cluster's, CRITERIA 0 0, NOHOLE if asked, then the edits.

    CRITERIA and NOHOLE go in before the edits, so that an edit of the EXCHANGE card cannot
    drop them.
    """
    text = feff_cluster_input(atoms, flavour=backend, edge="L3", nleg=2, scf=scf, rmax=2.4)
    text = text.replace("EXCHANGE 0", "EXCHANGE 0\nCRITERIA 0.0 0.0")
    if not hole:
        text = text.replace("EXCHANGE 0", "NOHOLE\nEXCHANGE 0")
    for old, new in edits:
        if old not in text:
            raise ValueError(f"{old!r} is not in the feff.inp")
        text = text.replace(old, new)
    return text


#: FEFF's EXCHANGE models by number (ixc)
_EXCHANGE = {"0": "Hedin-Lundqvist", "1": "Dirac-Hara", "2": "ground state",
             "3": "Dirac-Hara + Hedin-Lundqvist losses"}  # fmt: skip


def input_settings(text: str) -> str:
    """The provenance's settings line, read from the feff.inp that ran (not from the request)."""
    cards = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.split()}
    ixc = cards.get("EXCHANGE", ["0"])[0]
    parts = [f"EXCHANGE {ixc} ({_EXCHANGE.get(ixc, 'see feff_inp')})"]
    parts.append(f"SCF {float(cards['SCF'][0])} Å" if "SCF" in cards
                 else "no SCF (overlapped atoms)")  # fmt: skip
    parts.append("NOHOLE" if "NOHOLE" in cards else "core hole on")
    if "CRITERIA" in cards:
        parts.append("CRITERIA " + " ".join(f"{float(c):g}" for c in cards["CRITERIA"]))
    return ", ".join(parts) + "; one 2-leg path per r through FEFF's genfmt"


def run_variant(backend, atoms, scf, hole, work, edits=()):
    """FEFF's single-scattering functions on the r grids for the cluster's F and U (dict)."""
    text = variant_input(backend, atoms, scf, hole, edits)
    symbols = atoms.get_chemical_symbols()
    ipot = {s: i + 1 for i, s in enumerate(dict.fromkeys(symbols[1:]))}
    inp = os.path.join(work, "feff.inp")
    log = os.path.join(work, "run.log")
    with open(inp, "w") as fh:
        fh.write(text)
    t0 = time.perf_counter()
    if backend == "feff8l":
        _exe(work, ["feff8l_rdinp", "feff8l_pot", "feff8l_xsph", "feff8l_pathfinder"], log)
    elif backend == "feff6l":
        _exe(work, ["feff6l"], log)
    else:
        _feff10(work, ["rdinp", "atomic", "pot", "xsph", "path"])
    for f in glob.glob(os.path.join(work, "feff0*.dat")):
        os.remove(f)
    with open(os.path.join(work, "paths.dat"), "w") as fh:
        fh.write(_paths_dat(ipot, symbols[0]))
    if backend == "feff8l":
        _exe(work, ["feff8l_genfmt", "feff8l_ff2x"], log)
    elif backend == "feff6l":
        with open(inp, "w") as fh:
            fh.write(text.replace("CONTROL 1 1 1 1", "CONTROL 0 0 1 0"))
        _exe(work, ["feff6l"], log)
    else:
        _feff10(work, ["genfmt", "ff2x"])
    seconds = time.perf_counter() - t0
    files = sorted(glob.glob(os.path.join(work, "feff0*.dat")))
    paths = [_read_feffdat(f) for f in files]
    out = {}
    for sym, grid in R_GRID.items():
        if sym not in ipot:
            continue
        rows = [p for p in paths if any(abs(p[2] - g) < 1e-3 for g in grid)]
        rows = rows[: grid.size] if sym == "F" else rows[-grid.size :]
        reff = np.array([p[2] for p in rows])
        if reff.size != grid.size or not np.allclose(reff, grid, atol=1e-3):
            raise RuntimeError(f"{backend}: expected {grid.size} {sym} paths, got {reff}")
        out[sym] = (rows[0][3], np.stack([p[4] for p in rows]), np.stack([p[5] for p in rows]),
                    np.stack([p[6] for p in rows]))  # fmt: skip
    return out, seconds, text


def feff_s02(backend, atoms) -> float:
    """FEFF's own S0² estimate (``S02 0.0``: from the overlap of the atomic orbitals)."""
    text = feff_cluster_input(atoms, flavour=backend, edge="L3", nleg=2, rmax=2.4)
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "feff.inp"), "w") as fh:
            fh.write(text.replace("S02 1.0", "S02 0.0"))
        if backend == "feff8l":
            mods = ("rdinp", "pot", "xsph", "pathfinder", "genfmt", "ff2x")
            _exe(work, [f"feff8l_{m}" for m in mods], os.path.join(work, "run.log"))
        else:
            _feff10(work, ["rdinp", "atomic", "pot", "xsph", "path", "genfmt", "ff2x"])
        with open(os.path.join(work, "chi.dat"), errors="replace") as fh:
            return float(re.search(r"S02\s*=\s*([0-9.]+)", fh.read())[1])


#: FEFF's S0² estimates made (FEFF, cluster)
S02_RUNS = (("feff8l", "sparse"), ("feff8l", "melt"), ("feff10", "sparse"), ("feff10", "melt"))


def main(names=None) -> Path:
    import larch

    cl = clusters()
    arrays, done = {}, []
    if names and OUT.exists():  # rerun some variants, keep the others
        with np.load(OUT, allow_pickle=False) as old:
            arrays = {f: old[f] for f in old.files if f.split("/")[0] not in names}
    for name, backend, ckey, scf, hole, edits in VARIANTS:
        if names and name not in names:
            continue
        desc, atoms = cl[ckey]
        with tempfile.TemporaryDirectory() as work:
            try:
                got, seconds, text = run_variant(backend, atoms, scf, hole, work, edits)
            except Exception as exc:  # a FEFF that stops is a result too
                msg = str(exc)
                if "corval" in msg.lower():
                    msg = ("stopped in CORVAL (core-valence separation; FEFF: 'Try to reduce "
                           "ca1 in SCF card'): " + msg[-300:])  # fmt: skip
                print(f"{name}: FAILED {msg[:200]}", flush=True)
                arrays[f"{name}/failed"] = np.array(msg[:600])
                continue
        version = {"feff8l": "feff8l", "feff6l": "feff6l"}.get(backend)
        if backend == "feff10":
            from importlib.metadata import version as _v

            version = f"feff10-rs {_v('feff10-rs')}"
        else:
            version = f"{version} via xraylarch {larch.__version__}"
        prov = {
            "feff": version,
            "edge": "L3",
            "cluster": desc,
            "settings": input_settings(text),
            "feff_inp": text,
            "seconds_wall": round(seconds, 2),
            "date": time.strftime("%Y-%m-%d"),
        }
        for sym, (k, amp, pha, lam) in got.items():
            pair = f"{name}/U-{sym}"
            arrays[f"{pair}/k"] = k
            arrays[f"{pair}/r"] = R_GRID[sym]
            arrays[f"{pair}/amplitude"] = amp.astype(np.float32)
            arrays[f"{pair}/phase"] = pha.astype(np.float32)
            arrays[f"{pair}/mean_free_path"] = lam.astype(np.float32)
            arrays[f"{pair}/provenance"] = np.array(json.dumps(prov))
        done.append(name)
        print(f"{name}: {seconds:.1f} s, pairs {sorted(got)}", flush=True)
    for backend, ckey in S02_RUNS if not names else ():
        try:
            arrays[f"S02 estimate/{backend} {ckey}"] = np.array(feff_s02(backend, cl[ckey][1]))
        except Exception as exc:
            print(f"S02 {backend} {ckey}: FAILED {str(exc)[-300:]}", flush=True)
        else:
            print(f"S02 {backend} {ckey}: {arrays[f'S02 estimate/{backend} {ckey}']}", flush=True)
    np.savez_compressed(OUT, **arrays)
    return OUT


if __name__ == "__main__":  # pragma: no cover - needs FEFF
    import sys

    print(main(sys.argv[1:] or None))
