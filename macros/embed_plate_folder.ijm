// Batch-embed every plate folder below a root folder with DINOscope, one output folder per plate.
// Usage (ImageJ/Fiji): run this macro and pick the folders, or headless:
//   ImageJ -macro embed_plate_folder.ijm "root=/data/screen out=/data/profiles pattern=imagexpress channels=1=DNA,2=RNA model=random"
args = getArgument();
root = valueOf(args, "root", "");
out = valueOf(args, "out", "");
pattern = valueOf(args, "pattern", "imagexpress");
channels = valueOf(args, "channels", "");
model = valueOf(args, "model", "random");
if (root == "") root = getDirectory("Folder holding one sub-folder per plate");
if (out == "") out = getDirectory("Output folder");
setBatchMode(true);
list = getFileList(root);
for (i = 0; i < list.length; i++) {
    if (!endsWith(list[i], "/")) continue;
    plate = substring(list[i], 0, lengthOf(list[i]) - 1);
    run("Embed Plate...", "layout=[" + root + "/" + plate + "] pattern=" + pattern + " channel_map=[" + channels
        + "] model=" + model + " batch_size=16 well_aggregation=mean out=[" + out + "/" + plate + "]");
}
close("*");

function valueOf(text, key, fallback) {
    parts = split(text, " ");
    for (j = 0; j < parts.length; j++)
        if (startsWith(parts[j], key + "=")) return substring(parts[j], lengthOf(key) + 1);
    return fallback;
}
