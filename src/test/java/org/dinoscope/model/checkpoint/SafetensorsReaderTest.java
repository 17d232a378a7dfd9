package org.dinoscope.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetensorsReaderTest {
    @TempDir
    Path tmp;

    /** A safetensors file with {@code header} and {@code dataBytes} bytes of data (floats 0, 1, 2, ...). */
    private Path file(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
        out.write(len.array());
        out.write(h);
        ByteBuffer data = ByteBuffer.allocate(dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= dataBytes; i += 4) {
            data.putFloat(i, i / 4);
        }
        out.write(data.array());
        return Files.write(tmp.resolve(name), out.toByteArray());
    }

    @Test
    void readsAndIgnoresMetadata() throws IOException {
        Path f = file("ok.safetensors", "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"module.b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[16,16]}}", 16);
        Checkpoint ck = Checkpoint.read(f);
        assertEquals("safetensors", ck.format());
        assertEquals("safetensors state dict", ck.layout());
        assertEquals("[b, a, z]", ck.tensors().keySet().toString());
        assertArrayEquals(new float[] {2f, 3f}, ck.tensors().get("b").data());
        assertArrayEquals(new float[] {0f, 1f}, ck.tensors().get("a").data());
        assertEquals(0, ck.tensors().get("z").data().length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}|'w'|I64",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}|'w'|needs 12 bytes",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}|'w'|data section of 8 bytes",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}|'w'|claims bytes 8 to 4",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}|'w'|negative",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483648, 2147483648, 8],\"data_offsets\":[0,4]}}|'w'|overflows",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}|'w'|not an integer",
        "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}|'w'|no dtype",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}|'w'|data_offsets",
        "{\"w\":3}|'w'|JSON object",
        "{\"w\": {|header|JSON",
        "{}|no tensors|safetensors",
    })
    void malformedFiles(String header, String part1, String part2) throws IOException {
        Path f = file("bad.safetensors", header, 8);
        HostileFilesTest.refuse(f, part1, part2);
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        Path f = file("overlap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        HostileFilesTest.refuse(f, "'a' and 'b' overlap");
    }

    /** NaN or infinite weights would make every embedding NaN: refused at load (info reads the same way). */
    @ParameterizedTest
    @CsvSource({"NaN, NaN", "Infinity, Infinity", "-Infinity, -Infinity"})
    void nonFiniteWeightsAreRefusedNamingTheTensor(float bad, String shown) throws IOException {
        Path f = file("nan.safetensors", "{\"blocks.0.w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}",
                12);
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(bytes.length - 8, bad);
        Files.write(f, bytes);
        HostileFilesTest.refuse(f, "tensor 'blocks.0.w' holds 1 non-finite value of 3 (first at flat index 1: "
                + shown + ")");
    }

    @Test
    void headerLongerThanTheFile() throws IOException {
        byte[] b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putLong(100).put((byte) '{').array();
        HostileFilesTest.refuse(Files.write(tmp.resolve("short.safetensors"), b), "claims 100 bytes");
        byte[] c = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).put((byte) '{').array();
        HostileFilesTest.refuse(Files.write(tmp.resolve("neg.safetensors"), c), "18446744073709551615");
    }
}
