"""Draws the scaling figure (program wall time and peak RSS vs node pools) from bench/results/latest.json."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

results_path, out_path = sys.argv[1], sys.argv[2]
with open(results_path, encoding="utf-8") as f:
    scale = json.load(f)["scale"]
points = scale["points"]
xs = [p["pools"] for p in points]

fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), dpi=120)
for ax, key, label in (
    (axes[0], "wallMs", "wall time (ms)"),
    (axes[1], "maxRssMiB", "peak RSS (MiB)"),
):
    for variant, name, color in (("cvmkit", "cvmkit", "tab:blue"), ("hand", "hand-written", "tab:gray")):
        med = [p[variant][key]["median"] for p in points]
        lo = [p[variant][key]["median"] - p[variant][key]["min"] for p in points]
        hi = [p[variant][key]["max"] - p[variant][key]["median"] for p in points]
        fit = scale["fit"][variant][key]
        ax.errorbar(xs, med, yerr=[lo, hi], fmt="o", color=color, capsize=3, label=f"{name} (median, min–max)")
        ax.plot(
            [0, max(xs)],
            [fit["intercept"], fit["intercept"] + fit["slope"] * max(xs)],
            "--",
            color=color,
            label=f"{name} fit: {fit['slope']:.2f}/pool + {fit['intercept']:.0f}, R²={fit['r2']:.3f}",
        )
    ax.set_xlabel("node pools (round-robin AWS, GCP, Azure)")
    ax.set_ylabel(label)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7)
axes[0].set_title("Program wall time under Pulumi mocks")
axes[1].set_title("Peak RSS under Pulumi mocks")
fig.tight_layout()
fig.savefig(out_path)
print(f"wrote {out_path}")
