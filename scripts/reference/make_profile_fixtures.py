#!/usr/bin/env python3
"""Reference values for DINOscope's profile and evaluation code, computed independently with numpy, scipy,
pandas and scikit-learn (Debian packages python3-numpy, python3-scipy, python3-pandas, python3-sklearn):

    /usr/bin/python3 scripts/reference/make_profile_fixtures.py [--shared ../shared/data]

It writes src/test/resources/profiles/ (normalisation steps on small seeded tables) and
src/test/resources/eval/ (average precision with and without ties, clustering agreement, silhouettes, graph
connectivity, and - when the shared BBBC021 profiles are present - the treatment-level NSC/NSCB queries and
their neighbours). ProfileReferenceTest and EvaluationReferenceTest run the same inputs through DINOscope and
compare. The formulas are written here from their definitions (pycytominer's RobustMAD, Kessy et al. 2016 for
whitening, Sun et al. 2016 for CORAL, copairs for mAP), not translated from the Java code. Deterministic.
"""
import argparse
import json
import os

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.linalg import fractional_matrix_power
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.metrics import adjusted_mutual_info_score, average_precision_score, silhouette_score
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.preprocessing import StandardScaler

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PROFILES = os.path.join(ROOT, "src", "test", "resources", "profiles")
EVAL = os.path.join(ROOT, "src", "test", "resources", "eval")
META = ["Metadata_Plate", "Metadata_Well", "Metadata_Compound", "Metadata_Concentration", "Metadata_Batch"]


def write(df, path):
    df.to_csv(path, index=False, float_format="%.9g")


def feature_cols(df):
    return [c for c in df.columns if not c.startswith("Metadata_")]


# ---------------------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------------------

def small_table(rng, with_degenerate):
    """Two plates in two batches; 5 DMSO wells and 7 compound wells per plate; plate offsets and scales."""
    rows = []
    for p, (plate, batch) in enumerate([("P1", "B1"), ("P2", "B2")]):
        offset = rng.normal(0, 2, 5)
        scale = rng.uniform(0.5, 2.0, 5)
        wells = [f"A{w:02d}" for w in range(1, 13)]
        compounds = ["DMSO"] * 5 + ["cmpA", "cmpB", "cmpC", "cmpD", "cmpE", "cmpF", "cmpG"]
        effects = {c: rng.normal(0, 1.5, 5) for c in compounds[5:]}
        for w, c in zip(wells, compounds):
            x = offset + scale * (rng.normal(0, 1, 5) + (effects[c] if c != "DMSO" else 0))
            row = {"Metadata_Plate": plate, "Metadata_Well": w, "Metadata_Compound": c,
                   "Metadata_Concentration": "0" if c == "DMSO" else "1", "Metadata_Batch": batch}
            for k in range(5):
                row[f"f{k}"] = x[k]
            if with_degenerate:
                row["const"] = 3.0  # zero spread everywhere
                row["lowvar"] = 1.0 + 1e-3 * ((w in ("A01", "A06")) - 0.5)  # variance < 1e-5
            rows.append(row)
    df = pd.DataFrame(rows)
    # round through float32, as the tables DINOscope reads hold float
    for c in feature_cols(df):
        df[c] = df[c].astype(np.float32).astype(np.float64)
    return df


def per_plate(df, fit_mask, fn, drop_when):
    """Apply fn(x, x_fit) per plate; drop features for which drop_when(x_fit) in any plate."""
    feats = feature_cols(df)
    out = df.copy()
    drop = set()
    for plate, idx in df.groupby("Metadata_Plate", sort=False).groups.items():
        sub = df.loc[idx, feats].to_numpy()
        fit = df.loc[idx][fit_mask[idx]][feats].to_numpy()
        for k, f in enumerate(feats):
            if drop_when(fit[:, k]):
                drop.add(f)
                continue
            out.loc[idx, f] = fn(sub[:, k], fit[:, k])
    return out.drop(columns=[f for f in feats if f in drop])


def mad_robustize(df, fit_mask, eps=1e-18):
    def fn(x, fit):
        med = np.median(fit)
        mad = np.median(np.abs(fit - med))
        return (x - med) / (1.4826 * mad + eps)
    return per_plate(df, fit_mask, fn, lambda fit: np.median(np.abs(fit - np.median(fit))) == 0)


def standardize(df, fit_mask):
    def fn(x, fit):
        s = StandardScaler().fit(fit.reshape(-1, 1))
        return s.transform(x.reshape(-1, 1)).ravel()
    return per_plate(df, fit_mask, fn, lambda fit: np.std(fit) == 0)


def whitening(x_fit, method, eps):
    """Mean, scale and the whitening map fitted on rows x_fit (Kessy et al. 2016), eigenvalue-regularised."""
    mu = x_fit.mean(axis=0)
    sd = x_fit.std(axis=0) if method.endswith("-cor") else np.ones(x_fit.shape[1])
    z = (x_fit - mu) / sd
    cov = np.cov(z, rowvar=False, ddof=1)
    lam, vec = np.linalg.eigh(cov)
    order = np.argsort(lam)[::-1]
    lam, vec = lam[order], vec[:, order]
    rank = int(np.linalg.matrix_rank(z))  # numpy's SVD tolerance: max(n, d) * eps * largest singular value
    for c in range(vec.shape[1]):  # sign: largest entry positive
        if vec[np.argmax(np.abs(vec[:, c])), c] < 0:
            vec[:, c] = -vec[:, c]
    return mu, sd, lam, vec, rank


def spherize(df, fit_mask, method, eps):
    feats = feature_cols(df)
    x = df[feats].to_numpy()
    mu, sd, lam, vec, r = whitening(x[fit_mask], method, eps)
    z = (x - mu) / sd
    scale = 1 / np.sqrt(lam[:r] + eps)
    if method.startswith("pca"):
        y = z @ vec[:, :r] * scale
        names = [f"PC{i + 1}" for i in range(r)]
    else:
        tail = scale[-1]
        w = vec[:, :r] @ np.diag(scale) @ vec[:, :r].T + tail * (np.eye(len(feats)) - vec[:, :r] @ vec[:, :r].T)
        y = z @ w.T
        names = feats
    out = df[[c for c in df.columns if c.startswith("Metadata_")]].copy()
    for k, n in enumerate(names):
        out[n] = y[:, k]
    return out


def tvn(df, controls, batch_col, eps):
    w = spherize(df, controls, "pca", eps)
    if batch_col is None:
        return w
    feats = feature_cols(w)
    y = w[feats].to_numpy()
    m = y[controls].mean(axis=0)
    target = fractional_matrix_power(np.cov(y[controls], rowvar=False) + np.eye(len(feats)), 0.5)
    out = w.copy()
    for b, idx in w.groupby(batch_col, sort=False).groups.items():
        idx = np.asarray(list(idx))
        c = idx[controls[idx]]
        mb = y[c].mean(axis=0)
        a = fractional_matrix_power(np.cov(y[c], rowvar=False) + np.eye(len(feats)), -0.5) @ target
        out.loc[idx, feats] = (y[idx] - mb) @ np.real(a) + m
    return out


def variance_filter(df, controls, threshold):
    feats = feature_cols(df)
    x = df[feats].to_numpy()
    drop = [f for k, f in enumerate(feats)
            if np.var(x[controls, k]) <= threshold or np.var(x[~controls, k]) <= threshold]
    return df.drop(columns=drop)


def aggregate(df, by, how):
    g = df.groupby(by, sort=False)[feature_cols(df)]
    out = (g.mean() if how == "mean" else g.median()).reset_index()
    # constant metadata columns within every group are kept, in table order
    keep = [c for c in df.columns if c.startswith("Metadata_") and c not in by
            and (df.groupby(by, sort=False)[c].nunique() == 1).all()]
    firsts = df.groupby(by, sort=False)[keep].first().reset_index() if keep else None
    if firsts is not None:
        out = firsts.merge(out, on=by, sort=False)
    return out[by + keep + feature_cols(df)]


def normalisation_fixtures():
    rng = np.random.default_rng(2026)
    os.makedirs(PROFILES, exist_ok=True)
    t = small_table(rng, True)
    write(t, os.path.join(PROFILES, "norm_input.csv"))
    ctrl = (t["Metadata_Compound"] == "DMSO").to_numpy()
    allrows = np.ones(len(t), dtype=bool)
    write(mad_robustize(t, ctrl), os.path.join(PROFILES, "mad_robustize_controls.csv"))
    write(mad_robustize(t, allrows), os.path.join(PROFILES, "mad_robustize_all.csv"))
    write(standardize(t, ctrl), os.path.join(PROFILES, "standardize_controls.csv"))
    write(variance_filter(t, ctrl, 1e-5), os.path.join(PROFILES, "variance_filter.csv"))
    write(aggregate(t, ["Metadata_Compound", "Metadata_Concentration"], "mean"),
          os.path.join(PROFILES, "aggregate_mean.csv"))
    write(aggregate(t, ["Metadata_Compound", "Metadata_Concentration"], "median"),
          os.path.join(PROFILES, "aggregate_median.csv"))

    s = small_table(rng, False)
    write(s, os.path.join(PROFILES, "sphere_input.csv"))
    sctrl = (s["Metadata_Compound"] == "DMSO").to_numpy()
    for method in ["zca", "pca", "zca-cor", "pca-cor"]:
        write(spherize(s, sctrl, method, 1e-6), os.path.join(PROFILES, f"spherize_{method}.csv"))
    # fewer fit rows than features: the 5 DMSO rows of plate P1 centred span 4 of 5 dimensions
    few = sctrl & (s["Metadata_Plate"] == "P1").to_numpy()
    few[np.where(few)[0][-1]] = False  # 4 rows: rank 3
    write(spherize(s, few, "pca", 1e-6), os.path.join(PROFILES, "spherize_pca_lowrank.csv"))
    write(spherize(s, few, "zca", 1e-6), os.path.join(PROFILES, "spherize_zca_lowrank.csv"))
    write(tvn(s, sctrl, None, 1e-6), os.path.join(PROFILES, "tvn.csv"))
    write(tvn(s, sctrl, "Metadata_Batch", 1e-6), os.path.join(PROFILES, "tvn_batch.csv"))


# ---------------------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------------------

def copairs_ap(sims, positive):
    """AP of one ranked list as copairs ranks it: similarity descending, ties with positives first."""
    order = np.lexsort((~positive, -sims))
    rel = positive[order]
    hits = np.cumsum(rel)
    ranks = np.arange(1, len(rel) + 1)
    return float(np.sum((hits / ranks)[rel]) / rel.sum())


def map_table(rng, ties):
    rows = []
    compounds = [f"c{i}" for i in range(8)]
    centres = {c: rng.normal(0, 1, 8) for c in compounds}
    for c in compounds:
        for r in range(4):
            rows.append({"Metadata_Compound": c, "Metadata_Well": f"{c}_{r}",
                         **{f"x{k}": v for k, v in enumerate(centres[c] * 0.6 + rng.normal(0, 1, 8))}})
    for r in range(8):
        rows.append({"Metadata_Compound": "DMSO", "Metadata_Well": f"d_{r}",
                     **{f"x{k}": v for k, v in enumerate(rng.normal(0, 1, 8))}})
    df = pd.DataFrame(rows)
    if ties:
        # exact duplicates make equal similarities: a DMSO row copied onto a replicate, replicates copied
        feats = feature_cols(df)
        df.loc[1, feats] = df.loc[33, feats].to_numpy()
        df.loc[5, feats] = df.loc[4, feats].to_numpy()
        df.loc[6, feats] = df.loc[34, feats].to_numpy()
        df.loc[35, feats] = df.loc[7, feats].to_numpy()
    for c in feature_cols(df):
        df[c] = df[c].astype(np.float32).astype(np.float64)
    return df


def ap_per_query(df, negatives):
    """AP of each non-DMSO row: positives = same compound, negatives = DMSO rows or rows of other compounds."""
    x = df[feature_cols(df)].to_numpy()
    sim = cosine_similarity(x)
    comp = df["Metadata_Compound"].to_numpy()
    out = []
    for i in range(len(df)):
        if comp[i] == "DMSO":
            continue
        cand = np.array([j != i and (comp[j] == comp[i] or (comp[j] == "DMSO" if negatives == "controls"
                                                              else comp[j] != comp[i])) for j in range(len(df))])
        pos = (comp == comp[i])[cand]
        s = sim[i, cand]
        out.append({"row": i, "ap_copairs": copairs_ap(s, pos),
                    "ap_sklearn": float(average_precision_score(pos, s)),
                    "positives": int(pos.sum()), "total": int(cand.sum())})
    return pd.DataFrame(out)


def benjamini_hochberg(p):
    p = np.asarray(p, float)
    m = len(p)
    order = np.argsort(p)
    q = p[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(q[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(q, 1)
    return out


def clustering_table(rng):
    rows = []
    for lab in ["a", "b", "c", "d"]:
        centre = rng.normal(0, 1, 10)
        for r in range(9):
            batch = "B1" if r % 2 == 0 else "B2"
            shift = np.full(10, 0.4) if batch == "B2" else 0
            rows.append({"Metadata_moa": lab, "Metadata_Batch": batch,
                         **{f"x{k}": v for k, v in enumerate(centre + shift + rng.normal(0, 0.8, 10))}})
    df = pd.DataFrame(rows)
    for c in feature_cols(df):
        df[c] = df[c].astype(np.float32).astype(np.float64)
    return df


def graph_connectivity(x, labels, k):
    sim = cosine_similarity(x)
    np.fill_diagonal(sim, -np.inf)
    n = len(x)
    nbrs = np.argsort(-sim, axis=1, kind="stable")[:, :k]
    per = {}
    for lab in pd.unique(labels):
        idx = np.where(labels == lab)[0]
        where = {j: t for t, j in enumerate(idx)}
        r, c = [], []
        for i in idx:
            for j in nbrs[i]:
                if j in where:
                    r.append(where[i])
                    c.append(where[j])
        g = csr_matrix((np.ones(len(r)), (r, c)), shape=(len(idx), len(idx)))
        _, comp = connected_components(g, directed=False)
        per[lab] = np.bincount(comp).max() / len(idx)
    return float(np.mean(list(per.values()))), per


def eval_fixtures(shared):
    os.makedirs(EVAL, exist_ok=True)
    rng = np.random.default_rng(7)
    for ties in (False, True):
        t = map_table(rng, ties)
        name = "map_ties" if ties else "map_noties"
        write(t, os.path.join(EVAL, name + ".csv"))
        for neg in ("controls", "others"):
            write(ap_per_query(t, neg), os.path.join(EVAL, f"{name}_{neg}_expected.csv"))

    p = np.round(rng.uniform(0, 0.2, 25) ** 2, 6)
    pd.DataFrame({"p": p, "q": benjamini_hochberg(p)}).to_csv(os.path.join(EVAL, "bh.csv"), index=False,
                                                              float_format="%.12g")

    c = clustering_table(rng)
    write(c, os.path.join(EVAL, "clusters.csv"))
    x = c[feature_cols(c)].to_numpy()
    labels = c["Metadata_moa"].to_numpy()
    expected = {}
    for method in ("complete", "average", "single"):
        z = linkage(x, method=method, metric="cosine")
        cl = fcluster(z, 4, criterion="maxclust")
        expected[f"ami_{method}"] = float(adjusted_mutual_info_score(labels, cl))
        expected[f"clusters_{method}"] = [int(v) for v in cl]
    expected["silhouette_moa"] = float(silhouette_score(x, labels, metric="cosine"))
    expected["silhouette_batch"] = float(silhouette_score(x, c["Metadata_Batch"].to_numpy(), metric="cosine"))
    gc, per = graph_connectivity(x, labels, 5)
    expected["graph_connectivity_k5"] = gc
    expected["graph_connectivity_k5_per_label"] = per
    with open(os.path.join(EVAL, "clusters_expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)

    bbbc021 = os.path.join(shared, "bbbc021-profiles", "BBBC021_feature_selected_mad_robustize.csv")
    if os.path.exists(bbbc021):
        bbbc021_nn(bbbc021)
    else:
        print("shared BBBC021 profiles absent: bbbc021_nn_expected.csv not rewritten")


def bbbc021_nn(path):
    """Treatment-level NSC and NSCB on the BBBC021 CellProfiler profiles, query by query."""
    header = pd.read_csv(path, nrows=0).columns
    df = pd.read_csv(path, dtype={c: str for c in header if c.startswith("Metadata_")})
    df["Metadata_Batch"] = df["Metadata_Plate"].str.extract(r"^([^_]+)_", expand=False)
    feats = feature_cols(df)
    key = ["Metadata_Compound", "Metadata_Concentration"]
    tr = df.groupby(key, sort=False).agg({**{f: "mean" for f in feats}, "Metadata_moa": "first",
                                          "Metadata_Batch": "first"}).reset_index()
    tr = tr[tr["Metadata_Compound"] != "DMSO"].reset_index(drop=True)
    sim = cosine_similarity(tr[feats].to_numpy())
    moa = tr["Metadata_moa"].to_numpy()
    comp = tr["Metadata_Compound"].to_numpy()
    batch = tr["Metadata_Batch"].to_numpy()
    rows = []
    for metric in ("nsc", "nscb"):
        for i in range(len(tr)):
            allowed = comp != comp[i]
            if metric == "nscb":
                allowed &= batch != batch[i]
            if not np.any(allowed & (moa == moa[i])):
                continue  # no allowed neighbour can carry this label
            s = np.where(allowed, sim[i], -np.inf)
            j = int(np.argmax(s))  # first of equal maxima, as in table order
            rows.append({"metric": metric, "compound": comp[i], "concentration": tr.loc[i, "Metadata_Concentration"],
                         "neighbour_compound": comp[j],
                         "neighbour_concentration": tr.loc[j, "Metadata_Concentration"],
                         "similarity": float(sim[i, j]), "correct": bool(moa[j] == moa[i])})
    out = pd.DataFrame(rows)
    out.to_csv(os.path.join(EVAL, "bbbc021_nn_expected.csv"), index=False, float_format="%.9g")
    for metric in ("nsc", "nscb"):
        m = out[out.metric == metric]
        print(f"BBBC021 {metric}: {m.correct.mean():.4f} over {len(m)} treatments")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"))
    args = ap.parse_args()
    normalisation_fixtures()
    eval_fixtures(args.shared)


if __name__ == "__main__":
    main()
