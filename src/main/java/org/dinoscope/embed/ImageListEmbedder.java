package org.dinoscope.embed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.dinoscope.ProgressListener;
import org.dinoscope.image.Field;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.profile.Sidecar;

/**
 * A list of images, each one field, to one profile row per image ({@code dinoscope embed --image}, Fiji's Embed
 * Image), with the plate pipeline's machinery: images are read and cut on reader threads while the network runs
 * batches that span images. An image that cannot be read or embedded is a {@link Failure} with the reason and
 * the others go on; the rows keep the list's order.
 */
public final class ImageListEmbedder {
    /** One image of the list: how to read it, what its channels are called, and its row's metadata. */
    public interface Image {
        /** The file, or the title of an image that has none: for messages and the sidecar. */
        String source();

        /** Reads the pixels; called on a reader thread. */
        Field read() throws IOException;

        /** The names of the field's channels, in order. */
        List<String> channelNames(Field field);

        /** The values of the metadata columns given to {@link #run}, in order. */
        List<String> metadata();
    }

    /** An image left out and why; the reason names the image. */
    public record Failure(int index, String source, String reason) {
    }

    /**
     * What a run gave.
     *
     * @param table    one row per embedded image, in list order: the metadata columns, {@code Metadata_Crops},
     *                 the features; null when no image could be embedded or the run was cancelled
     * @param channels the channel names every row shares (those of the first image read), null when none was
     */
    public record Result(ProfileTable table, List<String> channels, List<Failure> failures, int images,
                         boolean cancelled, PlateEmbedder.Timing timing) {
        public int embedded() {
            return table == null ? 0 : table.rows();
        }
    }

    /** An image read and cut, with its channel names. */
    private record Cut(CropInputs inputs, List<String> channels) {
    }

    private final LoadedModel model;
    private final EmbedOptions options;
    private final int readers;
    private final FieldEmbedder embedder;

    /** @param readers threads reading images while the network runs */
    public ImageListEmbedder(LoadedModel model, EmbedOptions options, int readers) {
        this.model = model;
        this.options = options;
        this.readers = readers;
        this.embedder = new FieldEmbedder(model, options);
    }

    /**
     * Embeds the images. Progress counts images finished (embedded or failed); a cancelled run stops at the next
     * image and returns no table.
     */
    public Result run(List<? extends Image> images, List<String> metadataColumns, ProgressListener progress)
            throws IOException {
        int n = images.size();
        FieldEmbedder.Embedding[] done = new FieldEmbedder.Embedding[n];
        List<Failure> failures = new ArrayList<>();
        AtomicReference<List<String>> channels = new AtomicReference<>(); // those of the first image read
        boolean cancelled = false;
        long start = System.nanoTime();
        int[] finished = {0}; // embedded or failed
        CropBatcher<Integer> batcher = new CropBatcher<>(model, options.batchSize(), (i, e) -> {
            String source = images.get(i).source();
            String nonFinite = FieldEmbedder.nonFinite(e, embedder.featureNames(channels.get()));
            if (nonFinite != null) {
                failures.add(new Failure(i, source, source + ": " + nonFinite));
            } else {
                done[i] = e;
            }
            progress.progress(++finished[0], n, source + ": " + e.cropsUsed() + (e.cropsUsed() == 1 ? " crop" : " crops"));
        });
        List<Integer> order = IntStream.range(0, n).boxed().toList();
        try (ReadAhead<Integer, Cut> reader = new ReadAhead<>(order, readers, preparer(images))) {
            for (int i = 0; i < n; i++) {
                if (progress.isCancelled()) {
                    cancelled = true;
                    break;
                }
                ReadAhead.Prepared<Cut> prepared = reader.next();
                String reason = prepared instanceof ReadAhead.Failed<Cut> failed ? failed.reason() : null;
                if (prepared instanceof ReadAhead.Ready<Cut> ready) {
                    channels.compareAndSet(null, ready.value().channels());
                    if (channels.get().equals(ready.value().channels())) {
                        batcher.submit(ready.value().inputs(), i);
                    } else {
                        reason = images.get(i).source() + ": has channels " + ready.value().channels()
                                + ", the first image had " + channels.get();
                    }
                }
                if (reason != null) {
                    failures.add(new Failure(i, images.get(i).source(), reason));
                    progress.progress(++finished[0], n, reason);
                }
            }
            if (!cancelled) {
                batcher.flush();
            }
        }
        failures.sort(Comparator.comparingInt(Failure::index));
        PlateEmbedder.Timing timing = new PlateEmbedder.Timing((System.nanoTime() - start) / 1e9,
                batcher.networkSeconds(), batcher.crops());
        ProfileTable table = cancelled ? null : table(images, metadataColumns, channels.get(), done);
        return new Result(table, channels.get(), failures, n, cancelled, timing);
    }

    /**
     * Writes the table and its provenance sidecar ({@link Provenance#ofImages}), which lists every image given.
     */
    public void write(Result result, Path out, List<? extends Image> images) throws IOException {
        result.table().write(out);
        Sidecar.write(out, Provenance.ofImages(model, options, images.stream().map(Image::source).toList(),
                result.channels()));
    }

    private ReadAhead.Preparer<Integer, Cut> preparer(List<? extends Image> images) {
        return new ReadAhead.Preparer<>() {
            @Override
            public Cut prepare(Integer i) throws IOException {
                Field field = images.get(i).read();
                List<String> names = images.get(i).channelNames(field);
                return new Cut(embedder.cropInputs(field, names), names);
            }

            @Override
            public String describe(Integer i) {
                return images.get(i).source();
            }
        };
    }

    private ProfileTable table(List<? extends Image> images, List<String> metadataColumns, List<String> channels,
                               FieldEmbedder.Embedding[] done) {
        if (channels == null || Arrays.stream(done).allMatch(Objects::isNull)) {
            return null;
        }
        List<String> columns = new ArrayList<>(metadataColumns);
        columns.add("Metadata_Crops");
        ProfileTable table = new ProfileTable(columns, embedder.featureNames(channels));
        for (int i = 0; i < done.length; i++) {
            if (done[i] != null) {
                List<String> row = new ArrayList<>(images.get(i).metadata());
                row.add(String.valueOf(done[i].cropsUsed()));
                table.addRow(row, done[i].vector());
            }
        }
        return table;
    }
}
