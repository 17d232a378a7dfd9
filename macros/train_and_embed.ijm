// Fine-tune a model on a plate with WS-DINO (the compound as weak label) and embed the plate with it at once,
// in batch mode: Train WS-DINO... writes out/train (model.safetensors, checkpoint, loss.csv, loss.png), then
// Embed Plate... writes the field and well profiles to out/profiles with model=demo and the new weights.
// Run it again after an interruption: training continues from its checkpoint, embedding from its journal.
// Usage (ImageJ/Fiji): run this macro and pick the folders, or headless:
//   ImageJ -macro train_and_embed.ijm "plate=/data/plate1 out=/data/wsdino init=/models/start.safetensors"
// Optional keys (defaults in brackets): pattern [imagexpress] channels [1=DNA,2=ER,3=RNA,4=AGP,5=Mito]
//   platemap [plate/platemap.csv] weak_label [Metadata_Compound] steps [1000] batch_size [32] lr [6.25e-5]
//   global_size [224] local_size [96] local_crops [8] out_dim [65536] device [auto]
args = getArgument();
plate = valueOf(args, "plate", "");
out = valueOf(args, "out", "");
init = valueOf(args, "init", "");
pattern = valueOf(args, "pattern", "imagexpress");
channels = valueOf(args, "channels", "1=DNA,2=ER,3=RNA,4=AGP,5=Mito");
platemap = valueOf(args, "platemap", "");
weakLabel = valueOf(args, "weak_label", "Metadata_Compound");
if (plate == "") plate = getDirectory("Plate folder");
if (out == "") out = getDirectory("Output folder");
if (platemap == "") platemap = plate + "/platemap.csv";
File.makeDirectory(out);
setBatchMode(true);

run("Train WS-DINO...", "layout=[" + plate + "] pattern=" + pattern + " channel_map=[" + channels + "] platemap=["
    + platemap + "] weak_label=[" + weakLabel + "] model=demo init=[" + init + "] mode=default steps="
    + valueOf(args, "steps", "1000") + " batch_size=" + valueOf(args, "batch_size", "32") + " lr="
    + valueOf(args, "lr", "6.25e-5") + " global_size=" + valueOf(args, "global_size", "224") + " local_size="
    + valueOf(args, "local_size", "96") + " local_crops=" + valueOf(args, "local_crops", "8") + " out_dim="
    + valueOf(args, "out_dim", "65536") + " seed=0 device=" + valueOf(args, "device", "auto") + " out=[" + out
    + "/train]");

run("Embed Plate...", "layout=[" + plate + "] pattern=" + pattern + " channel_map=[" + channels + "] platemap=["
    + platemap + "] model=demo weights=[" + out + "/train/model.safetensors] heads=0 device="
    + valueOf(args, "device", "auto") + " batch_size=16 well_aggregation=mean out=[" + out + "/profiles]");
close("*");
print("trained " + out + "/train/model.safetensors and embedded " + plate + " in " + out + "/profiles");

function valueOf(text, key, fallback) {
    parts = split(text, " ");
    for (j = 0; j < parts.length; j++)
        if (startsWith(parts[j], key + "=")) return substring(parts[j], lengthOf(key) + 1);
    return fallback;
}
