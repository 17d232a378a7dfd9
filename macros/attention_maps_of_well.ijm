// Attention maps for every field of one well: opens each field image of the well, runs Attention Map
// and saves the map stack (one slice per head, then their mean, in multiples of uniform attention) and the image
// with its heatmap overlay and colour bar.
// Usage: ImageJ -macro attention_maps_of_well.ijm "folder=/data/plate well=O01 out=/tmp/maps model=random"
args = getArgument();
folder = valueOf(args, "folder", "");
well = valueOf(args, "well", "");
out = valueOf(args, "out", "");
model = valueOf(args, "model", "random");
if (folder == "") folder = getDirectory("Folder of field images");
if (well == "") well = getString("Well", "A01");
if (out == "") out = getDirectory("Output folder");
setBatchMode(true);
list = getFileList(folder);
n = 0;
for (i = 0; i < list.length; i++) {
    if (indexOf(list[i], "_" + well) < 0) continue;
    open(folder + "/" + list[i]);
    field = getTitle();
    run("Attention Map", "model=" + model + " channel=1 head=0 threshold=0.6 upsample=nearest display_max=5 opacity=50 lut=fire");
    saveAs("Tiff", out + "/overlay_" + field);
    selectImage("Attention of " + field + " (ch1)");
    saveAs("Tiff", out + "/heads_" + field);
    close("*");
    n++;
}
print("attention maps for " + n + " fields of well " + well);

function valueOf(text, key, fallback) {
    parts = split(text, " ");
    for (j = 0; j < parts.length; j++)
        if (startsWith(parts[j], key + "=")) return substring(parts[j], lengthOf(key) + 1);
    return fallback;
}
