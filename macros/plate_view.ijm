// Plate views of a well table in batch mode: the cosine distance of each well to the mean of its plate's control
// wells, and the replicate mAP of each well's treatment (controls have none: grey), one PNG per plate and value.
// Usage (ImageJ/Fiji): run this macro and pick the files, or headless:
//   ImageJ -macro plate_view.ijm "profiles=/data/profiles/wells.csv out=/data/plates"
// Optional keys: control=DMSO control_column=Metadata_Compound
//   replicate_by=Metadata_Compound,Metadata_Concentration (replicates of the mAP; default: the control column)
args = getArgument();
profiles = valueOf(args, "profiles", "");
out = valueOf(args, "out", "");
control = valueOf(args, "control", "DMSO");
controlColumn = valueOf(args, "control_column", "Metadata_Compound");
replicateBy = valueOf(args, "replicate_by", "Metadata_Compound,Metadata_Concentration");
if (profiles == "") profiles = File.openDialog("Well profiles (CSV)");
if (out == "") out = getDirectory("Output folder");
File.makeDirectory(out);
setBatchMode(true);

common = "profiles=[" + profiles + "] control=" + control + " control_column=" + controlColumn + " format=auto";
run("Plate View", common + " value=distance out=[" + out + "/distance.png]");
run("Plate View", common + " value=map replicate_by=[" + replicateBy + "] null_size=1000 seed=0 out=["
    + out + "/map.png]");
close("*");
print("plate views of " + profiles + " in " + out);

function valueOf(text, key, fallback) {
    parts = split(text, " ");
    for (j = 0; j < parts.length; j++)
        if (startsWith(parts[j], key + "=")) return substring(parts[j], lengthOf(key) + 1);
    return fallback;
}
