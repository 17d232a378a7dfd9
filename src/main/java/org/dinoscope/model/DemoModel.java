package org.dinoscope.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.dinoscope.OutputFiles;
import org.dinoscope.Version;
import org.dinoscope.engine.EngineSetup;

/**
 * The embedded default model of the {@code demo} preset, when the build ships one: safetensors weights
 * inside the jar, copied once to the user's cache folder ({@code ~/.cache/dinoscope/models}) so that they are
 * read, checked and recorded in sidecars (path and SHA-256) like any other weights file.
 */
public final class DemoModel {
    public static final String RESOURCE = "/org/dinoscope/models/demo.safetensors";

    private DemoModel() {
    }

    /** The weights file, copied out of the jar when missing or different. */
    public static synchronized Path file() throws IOException {
        Path dir = EngineSetup.defaultCacheDir().resolveSibling("models");
        Path file = dir.resolve("demo-" + Version.get() + ".safetensors");
        byte[] bytes;
        try (InputStream in = DemoModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("this build has no embedded 'demo' model yet (docs/models.md says why); give "
                        + "--weights with a model.safetensors from 'dinoscope train --model demo'");
            }
            bytes = in.readAllBytes();
        }
        if (Files.isRegularFile(file) && Files.size(file) == bytes.length
                && Arrays.equals(Files.readAllBytes(file), bytes)) {
            return file;
        }
        return OutputFiles.write(file, f -> Files.write(f, bytes));
    }
}
