package org.dinoscope.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dinoscope.testutil.BadInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sample types read as the file declares them. */
class FieldReaderTest {
    @TempDir
    Path dir;

    @Test
    void signed16BitKeepsItsSign() throws IOException {
        Path f = Files.write(dir.resolve("s.tif"), BadInputs.tiff(2, 1, 16, 2, BadInputs.shorts(-5, 1000), 1, null));
        Field field = FieldReader.read(f);
        assertEquals(PixelType.INT16, field.pixelType());
        assertArrayEquals(new float[] {-5f, 1000f}, field.data());
    }

    @Test
    void unsigned16BitAbove32767StaysPositive() throws IOException {
        Path f = Files.write(dir.resolve("u.tif"), BadInputs.tiff(2, 1, 16, 1, BadInputs.shorts(65535, 40000), 1, null));
        Field field = FieldReader.read(f);
        assertEquals(PixelType.UINT16, field.pixelType());
        assertArrayEquals(new float[] {65535f, 40000f}, field.data());
    }

    @Test
    void unsigned32BitIsRead() throws IOException {
        Path f = Files.write(dir.resolve("u32.tif"),
                BadInputs.tiff(2, 1, 32, 1, BadInputs.ints(7, (int) 3_000_000_000L), 1, null));
        Field field = FieldReader.read(f);
        assertEquals(PixelType.UINT32, field.pixelType());
        assertArrayEquals(new float[] {7f, 3e9f}, field.data());
    }
}
