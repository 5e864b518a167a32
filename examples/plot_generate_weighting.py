"""
Structures from an X-ray-weighted PDF
=====================================

A measured PDF of silica is X-ray- (or neutron-) weighted: its Si–O, O–O and Si–Si partials
enter with the Faber–Ziman weights of the form factors (at q = 0, f = Z: 0.22, 0.50, 0.28),
not with the atom fractions of a number-weighted total (0.11, 0.44, 0.44). Here the target is
the X-ray-weighted g(r) of one vitreous-SiO2 structure of the package's simulated-glass
snapshot; small 96-atom structures are generated from it once with ``weighting="xray"`` (the
right total) and once with ``weighting="number"`` (the mistake), and their *partials* are
compared with the reference's. 96 atoms, 1500 steps and no prior keep this example under
20 s; ``benchmarks/bench_generate_weighting.py`` runs the 256/384-atom comparison with 60 CPU s
and the potential prior.
"""

# %%
# The target: the X-ray-weighted total of a 384-atom reference up to 5 Å (half the 96-atom
# box is 5.7 Å), and its partials, which the fit never sees.
import matplotlib.pyplot as plt
import numpy as np
import torch

from sklearn_rdf.datasets import load_simulated_structures
from sklearn_rdf.generate import SpectrumGuidedGenerator, to_atoms
from sklearn_rdf.physics.differentiable import partial_pair_distributions, xray_weights_q0

torch.set_num_threads(1)
species = ["Si", "O"]
data = load_simulated_structures("sio2")
reference = to_atoms(data.positions[3], data.box[3], [species[t] for t in data.types[3]])
density = len(reference) / reference.get_volume()
r = np.arange(0.02, 5.0, 0.04)


def partials(atoms):
    types = np.array([species.index(s) for s in atoms.get_chemical_symbols()])
    x = torch.as_tensor(atoms.positions)
    with torch.no_grad():
        parts = partial_pair_distributions(x, np.diag(atoms.cell.array), r, types, 2)
    return {f"{species[a]}-{species[b]}": g.numpy() for (a, b), g in parts.items()}


def coordination(g, key):
    """β neighbours of an α atom ("α-β") up to the reference partial's first minimum."""
    cut = {"Si-Si": 3.58, "Si-O": 2.14, "O-O": 3.1}[key]
    c_beta = {"Si": 1 / 3, "O": 2 / 3}[key.split("-")[1]]
    inside = r < cut
    return 4 * np.pi * c_beta * density * np.sum(r[inside] ** 2 * g[inside]) * (r[1] - r[0])


ref_partials = partials(reference)
print("reference CN:", {k: round(float(coordination(g, k)), 2) for k, g in ref_partials.items()})
kw = dict(n_atoms=96, species=species, composition=[1 / 3, 2 / 3], density=density,
          n_steps=1500, random_state=0)  # fmt: skip
weights = xray_weights_q0(species, [1 / 3, 2 / 3])
target = sum(w * ref_partials[k] for k, w in weights.items())
print("X-ray pair weights (f(0) = Z):", {k: round(v, 3) for k, v in weights.items()})

# %%
# The same budget and seed, the right and the wrong weighting of the same target curve.
xray = SpectrumGuidedGenerator(**kw, weighting="xray").fit(r, target)
results = {}
for weighting in ("xray", "number"):
    est = SpectrumGuidedGenerator(**kw, weighting=weighting).fit(r, target)
    atoms = est.sample(1)[0]
    results[weighting] = partials(atoms)
    err_x = xray.spectral_errors([atoms])["g"]["error"]  # scored as the X-ray total
    cn = {k: round(float(coordination(g, k)), 2) for k, g in results[weighting].items()}
    print(f"weighting={weighting!r:9s} X-ray total RMSE {err_x:.3f}; CN {cn}")

# %%
# The partials. Scored as the X-ray total it is, the structure fitted with the right weighting
# reproduces the curve better (measured 2026-12-01: X-ray g RMSE 0.199 against 0.227 for the
# number-weighted fit). Its partials are *not* right either: at 96 atoms and 1500 steps
# without a prior both fits leave Si with 2.3–2.4 O neighbours instead of 3.9 — one total
# does not determine three partials (``docs/generate.md``: with the potential prior and 60 CPU
# s at 384 atoms the weighting changes the partials by no more than two replicas differ).
fig, axes = plt.subplots(1, 3, figsize=(9, 3), sharex=True)
for ax, key in zip(axes, ref_partials, strict=True):
    ax.plot(r, ref_partials[key], color="C1", lw=2, label="reference")
    ax.plot(r, results["xray"][key], color="k", lw=0.8, label="weighting='xray'")
    ax.plot(r, results["number"][key], color="C0", lw=0.8, ls="--", label="weighting='number'")
    ax.set_title(f"g {key}(r)")
    ax.set_xlabel("r (Å)")
axes[0].legend(fontsize=7)
fig.tight_layout()
