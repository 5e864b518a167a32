"""Make docs/figures/sio2_fq.png: simulated vitreous SiO2 against ISIS NIMROD neutron data.

Run from the repository root (needs ../shared/data):
    python docs/figures/sio2_fq.py

Top: F(Q) = Q(S(Q) − 1) on the Faber–Ziman scale, S(Q) − 1 = i(Q)/⟨b⟩² with i(Q) the
measured interference cross-section (barn/sr/atom) and ⟨b⟩ = Σ c_α b_α (periodictable).
Simulated: the neutron-weighted Faber–Ziman partials S_αβ(Q) of the snapshot, mean over its
samples. Bottom: G(r) = 4πρr(g(r) − 1): measured = sine transform of the measured F(Q) up to
Q = 40 Å⁻¹ (no window); simulated = neutron-weighted g(r) of the snapshot, directly.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from sklearn_rdf.datasets import load_simulated_glasses, read
from sklearn_rdf.datasets.simulated import (
    neutron_scattering_lengths,
    neutron_weighted,
    neutron_weights,
)
from sklearn_rdf.physics import find_rdf_peaks, g_to_G, sine_transform_F_to_G

ROOT = Path(__file__).resolve().parents[2]
MEASURED = ROOT.parent / "shared" / "data" / "sio2_glass_neutron" / "SiO2_NIMROD.mint01"
RHO_MEASURED = 0.0664  # atoms/Å³, from the data set's README

data = load_simulated_glasses("sio2")
g_n, s_n = neutron_weighted(data)
conc = np.array([data.metadata[f"x_{s}"].mean() for s in data.species])
mean_b = float(conc @ neutron_scattering_lengths(data.species))  # fm

curve = read(MEASURED)
q_m = curve.x
i_m = curve.y if curve.y.ndim == 1 else curve.y[:, 0]
F_m = q_m * i_m / (mean_b**2 / 100.0)  # barn → Faber–Ziman S − 1; 1 barn = 100 fm²
F_s = data.q * (s_n - 1.0)

r = np.arange(0.5, 8.0, 0.005)
G_m = sine_transform_F_to_G(q_m, F_m, r, q_max=40.0)
rho_s = data.metadata["density"].mean()
G_s = g_to_G(data.r, g_n.mean(axis=0), rho_s)
w_sisi = neutron_weights(data.species, conc)["Si-Si"]
G_sisi = w_sisi * g_to_G(data.r, data.partials["Si-Si"].mean(axis=0), rho_s)
peaks_m = find_rdf_peaks(r, G_m).positions[:3]
p = find_rdf_peaks(data.r, G_s).positions[:2]
sisi = find_rdf_peaks(data.r, G_sisi)
peaks_s = [*p, sisi.positions[np.argmax(sisi.prominences)]]

fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7.5, 7.5))
ax1.plot(q_m, F_m, color="k", lw=1.2, label="measured (ISIS NIMROD, 300 K)")
ax1.plot(
    data.q,
    F_s.mean(axis=0),
    color="C3",
    lw=1.2,
    label=f"simulated (Vashishta 1990, mean of {len(F_s)} × {data.info['n_atoms']} atoms)",
)
ax1.fill_between(data.q, F_s.min(axis=0), F_s.max(axis=0), color="C3", alpha=0.2, lw=0)
ax1.set_xlim(0, 20)
ax1.set_xlabel("Q (Å$^{-1}$)")
ax1.set_ylabel("F(Q) = Q[S(Q) − 1]  (Å$^{-1}$)")
ax1.set_title(
    r"Vitreous SiO$_2$, neutron weighted, Faber–Ziman: S(Q) − 1 = i(Q)/$\langle b\rangle^2$"
)
ax1.axhline(0, color="0.7", lw=0.5)
ax1.legend(frameon=False, fontsize=9)
ax2.plot(r, G_m, color="k", lw=1.2, label="measured: sine transform of F(Q), Q ≤ 40 Å$^{-1}$")
ax2.plot(data.r, G_s, color="C3", lw=1.2, label="simulated: 4πρr(g$_N$(r) − 1), direct")
ax2.plot(
    data.r,
    G_sisi,
    color="C0",
    lw=1.0,
    ls="--",
    label="simulated: its Si–Si term w$_{SiSi}$ G$_{SiSi}$(r)",
)
top = 1.05 * max(G_m.max(), G_s.max())
for x, name in zip(peaks_m, ("Si–O", "O–O", "Si–Si"), strict=False):
    ax2.axvline(x, color="0.6", lw=0.6, ls=":")
    ax2.text(x, top, name, fontsize=8, ha="center", va="bottom")
ax2.set_ylim(top=1.15 * top)
ax2.set_xlim(0.5, 8.0)
ax2.set_xlabel("r (Å)")
ax2.set_ylabel("G(r) (Å$^{-2}$)")
text = "peaks (Å)  Si–O   O–O    Si–Si\n"
text += "measured   " + "  ".join(f"{x:.3f}" for x in peaks_m) + "\n"
text += "simulated  " + "  ".join(f"{x:.3f}" for x in peaks_s) + "  (Si–Si term)"
ax2.text(
    0.50,
    0.45,
    text,
    transform=ax2.transAxes,
    ha="left",
    va="bottom",
    fontsize=8,
    family="monospace",
    multialignment="left",
)
ax2.legend(frameon=False, fontsize=9)
fig.tight_layout()
out = ROOT / "docs" / "figures" / "sio2_fq.png"
fig.savefig(out, dpi=110)
print(f"wrote {out}; measured peaks {np.round(peaks_m, 3)}, simulated {np.round(peaks_s, 3)}")
