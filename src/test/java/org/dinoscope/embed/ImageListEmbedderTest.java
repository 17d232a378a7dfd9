package org.dinoscope.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;

import org.dinoscope.ProgressListener;
import org.dinoscope.image.Field;
import org.dinoscope.image.FieldReader;
import org.dinoscope.model.LoadedModel;
import org.dinoscope.model.ModelSpec;
import org.dinoscope.model.Preset;
import org.dinoscope.table.ProfileTable;
import org.dinoscope.testutil.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image list through the plate pipeline's machinery gives what embedding each image alone gives. */
class ImageListEmbedderTest {
    private static LoadedModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        model = LoadedModel.load(new ModelSpec(Preset.RANDOM, List.of(), null, 0), Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A file of the list, its channels named DNA, RNA (one channel: DNA). */
    private record File(Path path) implements ImageListEmbedder.Image {
        @Override
        public String source() {
            return path.toString();
        }

        @Override
        public Field read() throws IOException {
            return FieldReader.read(path);
        }

        @Override
        public List<String> channelNames(Field field) {
            return List.of("DNA", "RNA").subList(0, field.channels());
        }

        @Override
        public List<String> metadata() {
            return List.of(path.getFileName().toString());
        }
    }

    private List<File> images(int[][] sizes) throws IOException {
        List<File> files = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            files.add(new File(TestImages.tiff16(dir.resolve("i" + i + ".tif"), sizes[i][0], sizes[i][1], 2, 40 + i)));
        }
        return files;
    }

    /**
     * Images of 1, 2 and 4 crops (2 channels: 2, 4 and 8 network inputs) in batches of 3, so batches span images,
     * read by one and by two threads: every row equals the image embedded alone (FieldEmbedder.embed, its own
     * batches) within 1e-5 per feature, in list order, with its crop count.
     */
    @Test
    void rowsEqualEachImageEmbeddedAloneWhileBatchesSpanImages() throws IOException {
        List<File> files = images(new int[][] {{224, 224}, {300, 240}, {230, 460}, {460, 460}, {224, 230}});
        FieldEmbedder alone = new FieldEmbedder(model, EmbedOptions.defaults());
        for (int readers : new int[] {1, 2}) {
            ImageListEmbedder.Result r = new ImageListEmbedder(model, EmbedOptions.defaults().withBatchSize(3), readers)
                    .run(files, List.of("Metadata_FileName"), ProgressListener.NONE);
            assertTrue(r.failures().isEmpty(), String.valueOf(r.failures()));
            ProfileTable t = r.table();
            assertEquals(List.of("Metadata_FileName", "Metadata_Crops"), t.metadataColumns());
            assertEquals(files.size(), t.rows());
            assertEquals(2 * (1 + 1 + 2 + 4 + 1), r.timing().crops());
            for (int i = 0; i < files.size(); i++) {
                FieldEmbedder.Embedding e = alone.embed(FieldReader.read(files.get(i).path()), List.of("DNA", "RNA"));
                assertEquals("i" + i + ".tif", t.metadata(i, "Metadata_FileName"));
                assertEquals(String.valueOf(e.cropsUsed()), t.metadata(i, "Metadata_Crops"));
                float[] v = t.features(i);
                assertEquals(2 * 384, v.length);
                for (int k = 0; k < v.length; k++) {
                    assertEquals(e.vector()[k], v[k], 1e-5, "image " + i + ", feature " + k + ", readers " + readers);
                }
            }
        }
    }

    /**
     * Among good images, one that is not a TIFF, one too small and one with another channel count are failures
     * naming the file and the reason; the others are embedded, in list order.
     */
    @Test
    void badImagesAmongManyAreFailuresAndTheOthersAreEmbedded() throws IOException {
        List<File> files = new ArrayList<>(images(new int[][] {{224, 224}, {224, 224}}));
        files.add(1, new File(Files.writeString(dir.resolve("bad.tif"), "not a tiff")));
        files.add(2, new File(TestImages.tiff16(dir.resolve("small.tif"), 100, 100, 2, 3)));
        files.add(new File(TestImages.tiff16(dir.resolve("one.tif"), 224, 224, 1, 4)));
        List<Long> done = new ArrayList<>();
        ImageListEmbedder.Result r = new ImageListEmbedder(model, EmbedOptions.defaults(), 2).run(files,
                List.of("Metadata_FileName"), (d, total, message) -> done.add(d));
        assertEquals(List.of(1, 2, 4), r.failures().stream().map(ImageListEmbedder.Failure::index).toList());
        assertTrue(r.failures().get(0).reason().startsWith(dir.resolve("bad.tif") + ": "), r.failures().get(0).reason());
        assertTrue(r.failures().get(1).reason().contains("smaller than one 224 px crop"), r.failures().get(1).reason());
        assertEquals(dir.resolve("one.tif") + ": has channels [DNA], the first image had [DNA, RNA]",
                r.failures().get(2).reason());
        assertEquals(2, r.embedded());
        assertEquals("i0.tif", r.table().metadata(0, "Metadata_FileName"));
        assertEquals("i1.tif", r.table().metadata(1, "Metadata_FileName"));
        assertEquals(List.of("DNA", "RNA"), r.channels());
        assertEquals(5L, done.get(done.size() - 1), "progress counts every image, embedded or failed");
    }

    @Test
    void noImageEmbeddedGivesNoTable() throws IOException {
        File bad = new File(Files.writeString(dir.resolve("bad.tif"), "not a tiff"));
        ImageListEmbedder.Result r = new ImageListEmbedder(model, EmbedOptions.defaults(), 1).run(List.of(bad),
                List.of("Metadata_FileName"), ProgressListener.NONE);
        assertNull(r.table());
        assertEquals(1, r.failures().size());
    }

    /** Cancelling (Esc in Fiji) stops at the next image and leaves no table. */
    @Test
    void cancellingStopsAtTheNextImageAndGivesNoTable() throws IOException {
        List<File> files = images(new int[][] {{224, 224}, {224, 224}, {224, 224}, {224, 224}});
        int[] asked = {0};
        ImageListEmbedder.Result r = new ImageListEmbedder(model, EmbedOptions.defaults(), 1).run(files,
                List.of("Metadata_FileName"), new ProgressListener() {
                    @Override
                    public void progress(long d, long total, String message) {
                    }

                    @Override
                    public boolean isCancelled() {
                        return ++asked[0] > 2;
                    }
                });
        assertTrue(r.cancelled());
        assertNull(r.table());
        assertEquals(0, r.timing().crops(), "the two images submitted were not flushed through the network");
    }
}
