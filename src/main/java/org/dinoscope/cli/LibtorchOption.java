package org.dinoscope.cli;

import java.nio.file.Path;

import org.dinoscope.engine.EngineSetup;
import org.dinoscope.engine.Libtorch;

import picocli.CommandLine.Option;

/**
 * {@code --libtorch DIR} on every command that runs the network: a libtorch 2.7.1 of the user's (CPU, or CUDA 12.8
 * for {@code --device gpu}) instead of the bundled CPU natives. Checked when the engine starts.
 */
public final class LibtorchOption {
    @Option(names = "--libtorch", paramLabel = "DIR",
            description = "Run on this libtorch " + Libtorch.VERSION + " instead of the bundled CPU natives: the folder holding "
                    + "libtorch.so, CPU or CUDA 12.8 (e.g. the torch/lib folder of a pip torch==2.7.1 from "
                    + "https://download.pytorch.org/whl/cu128, for --device gpu). Default: $" + EngineSetup.LIBTORCH_ENV
                    + " when set. See docs/install.md.")
    void libtorch(Path folder) {
        EngineSetup.useLibtorch(folder, "--libtorch");
    }
}
