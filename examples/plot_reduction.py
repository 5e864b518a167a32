"""
From a raw X-ray pattern to S(Q) and G(r)
=========================================

A raw diffraction pattern is counts, not a structure factor: it holds the sample's coherent
scattering times an unknown scale, its Compton (incoherent) scattering, and the container's
background. This example builds such a pattern from a *known* structure factor — the X-ray
S(Q) of the package's simulated SiO2 glass, weighted with ``xraydb`` form factors, plus
tabulated Compton scattering, a background at scale 0.6 and noise — and reduces it with
:func:`sklearn_rdf.reduction.reduce_xray`, once with Glassure doing the work and once with the
package's own engine. Both should recover the S(Q) they were never told, and G(r) should
show the Si–O bond at 1.6 Å. It runs in a few seconds (two reductions of 1,900 points).
"""

# %%
# The truth: X-ray S(Q) of a simulated glass
# ------------------------------------------
# The shipped SiO2 simulation stores the Faber–Ziman partials S_αβ(Q); the X-ray total is
# S(Q) − 1 = Σ w_αβ(Q) (S_αβ(Q) − 1) with the Q-dependent X-ray weights.
import matplotlib.pyplot as plt
import numpy as np

from sklearn_rdf.datasets import load_simulated_glasses
from sklearn_rdf.physics import find_rdf_peaks, sine_transform_F_to_G, xray_weights
from sklearn_rdf.reduction import reduce_xray, simulate_xray_pattern

glass = load_simulated_glasses("sio2")
q = glass.q
weights = xray_weights({"Si": 1, "O": 2}, q, average=False)
S_true = 1.0 + sum(weights[pair] * (glass.S_partials[pair][0] - 1.0) for pair in weights)
density = float(glass.metadata["mass_density"].iloc[0])
print(f"simulated SiO2: {q.size} Q points, {q[0]:.2f}-{q[-1]:.2f} Å⁻¹, {density:.3f} g/cm³")

# %%
# A raw pattern and its background
# --------------------------------
# I(Q) = [⟨f⟩²(S − 1) + ⟨f²⟩ + Compton] / n + s·B(Q) + noise, with n = 0.02 and s = 0.6.
raw = simulate_xray_pattern("SiO2", density, q=q, S=S_true, random_state=0)

# %%
# Reduce it, with Glassure and with the native engine
# ---------------------------------------------------
# The same settings for both: fitted normalisation above 3 Å⁻¹, the background scale given,
# no low-r optimisation (the truth has the ripples of a 384-atom box, which an optimisation
# would change), and the Lorch window for G(r). The reference G(r) is the same transform of
# the true S(Q).
r = np.arange(0.0, 8.0, 0.01)
G_true = sine_transform_F_to_G(q, q * (S_true - 1.0), r, window="lorch")
print("true G(r) peaks:", np.round(find_rdf_peaks(r, G_true, r_range=(1.2, 4.0)).positions, 2))
results = {}
for engine in ("glassure", "native"):
    red = reduce_xray(
        raw.pattern,
        raw.background,
        composition="SiO2",
        density=density,
        background_scale=raw.background_scale,
        q_min=q[0],
        window="lorch",
        r=r,
        engine=engine,
    )
    S_back = np.interp(q, red.S.x, red.S.y)
    rms = np.sqrt(np.mean((S_back - S_true)[q > q[1]] ** 2))
    peaks = find_rdf_peaks(red.G.x, red.G.y, r_range=(1.2, 4.0)).positions
    dG = np.max(np.abs(red.G.y - G_true)[r > 1.2])
    print(
        f"{engine:8s}: n = {red.normalisation:.5f} (true {raw.normalisation}), "
        f"RMS S error {rms:.4f}, max |ΔG| {dG:.3f} Å⁻² beyond 1.2 Å, "
        f"G(r) peaks {np.round(peaks[:3], 2)} Å, {red.cpu_seconds:.2f} s CPU"
    )
    results[engine] = red

# %%
# Look at the curves
# ------------------
# Below q_min the reduced S(Q) is extended to Q = 0 with its theoretical limit (a step); the
# G(r) difference comes from that step (the truth's transform starts at q_min) and the noise.
fig, (ax_s, ax_g) = plt.subplots(1, 2, figsize=(10, 4))
ax_s.plot(q, S_true, "k", lw=2, label="true S(Q)")
ax_g.plot(r, G_true, "k", lw=2, label="transform of the true S(Q)")
for engine, red in results.items():
    ax_s.plot(red.S.x, red.S.y, lw=1, label=f"reduced ({engine})")
    ax_g.plot(red.G.x, red.G.y, lw=1, label=engine)
ax_s.set(xlabel="Q (Å⁻¹)", ylabel="S(Q)", xlim=(0, 20))
ax_g.set(xlabel="r (Å)", ylabel="G(r) (Å⁻²)", xlim=(0, 8))
ax_s.legend()
ax_g.legend()
fig.tight_layout()
plt.show()
