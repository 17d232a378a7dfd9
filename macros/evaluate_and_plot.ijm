// Normalise a well-level profile table, evaluate it and draw it, in batch mode: MAD-robustize per plate on the
// DMSO wells and drop near-constant features (Normalize Profiles...), then NSC/NSCB, mAP and the rest on the
// treatment profiles (Evaluate Profiles...; the metrics also go to metrics.csv), a UMAP of the treatments and
// their clustered similarity map as PNGs.
// Usage (ImageJ/Fiji): run this macro and pick the files, or headless:
//   ImageJ -macro evaluate_and_plot.ijm "profiles=/data/wells.csv out=/data/evaluation"
// Optional keys: aggregate_by=Metadata_Compound,Metadata_Concentration color_by=Metadata_moa neighbors=15
//   batch_pattern=^([^_]+)_   (the batch from the plate name, as for BBBC021; default: Metadata_Batch if present)
args = getArgument();
profiles = valueOf(args, "profiles", "");
out = valueOf(args, "out", "");
aggregateBy = valueOf(args, "aggregate_by", "Metadata_Compound,Metadata_Concentration");
colorBy = valueOf(args, "color_by", "Metadata_moa");
neighbors = valueOf(args, "neighbors", "15");
batchPattern = valueOf(args, "batch_pattern", "");
if (profiles == "") profiles = File.openDialog("Well profiles (CSV)");
if (out == "") out = getDirectory("Output folder");
File.makeDirectory(out);
setBatchMode(true);

normalized = out + "/normalized.csv";
run("Normalize Profiles...", "in=[" + profiles + "] out=[" + normalized + "] steps=[mad_robustize,variance_filter] "
    + "control_column=Metadata_Compound control=DMSO fit_on=controls group_by=Metadata_Plate nan=features");

run("Evaluate Profiles...", "profiles=[" + normalized + "] out=[" + out + "/report.json] label=Metadata_moa "
    + "compound=Metadata_Compound control=DMSO aggregate_by=[" + aggregateBy + "] batch_pattern=[" + batchPattern
    + "] null_size=1000 seed=0");
metrics = "DINOscope Evaluation of normalized.csv";
Table.save(out + "/metrics.csv", metrics);
for (i = 0; i < Table.size(metrics); i++)
    print(Table.getString("metric", i, metrics) + ": " + d2s(Table.get("value", i, metrics), 3));

plotOptions = "profiles=[" + normalized + "] color_by=" + colorBy + " aggregate_by=[" + aggregateBy
    + "] drop_controls control=DMSO control_column=Metadata_Compound";
run("Profile Map (UMAP)", plotOptions + " method=umap neighbors=" + neighbors + " min_dist=0.1 seed=0 out=["
    + out + "/umap.png]");
run("Similarity Heatmap", plotOptions + " linkage=complete out=[" + out + "/heatmap.png]");
close("*");
print("evaluated and plotted " + profiles + " in " + out);

function valueOf(text, key, fallback) {
    parts = split(text, " ");
    for (j = 0; j < parts.length; j++)
        if (startsWith(parts[j], key + "=")) return substring(parts[j], lengthOf(key) + 1);
    return fallback;
}
