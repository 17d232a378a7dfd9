package org.dinoscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A libtorch folder of the user's is read and checked before DJL loads anything from it: folders laid out as a pip
 * torch (torch/lib beside torch/version.py, as torch's build writes it), a libtorch zip (libtorch/lib beside
 * build-version) and a DJL native folder, with empty stand-ins for the libraries (nothing is loaded here; the
 * integration test OwnLibtorchIT runs a real one).
 */
class LibtorchTest {
    @TempDir
    Path dir;

    private static final String TORCH = System.mapLibraryName("torch");
    private static final String TORCH_CUDA = System.mapLibraryName("torch_cuda");

    /** torch/lib with the given libraries, and torch/version.py as torch 2.x writes it. */
    private Path pipTorch(String version, String cuda, String... libraries) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("site-packages/torch/lib"));
        for (String l : libraries) {
            Files.createFile(lib.resolve(l));
        }
        Files.writeString(lib.getParent().resolve("version.py"), "from typing import Optional\n\n"
                + "__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip', 'xpu']\n"
                + "__version__ = '" + version + "'\ndebug = False\n"
                + "cuda: Optional[str] = " + (cuda == null ? "None" : "'" + cuda + "'") + "\n"
                + "git_version = 'e2d141dbde55c2a4370fac5165b0561b6af4798b'\nhip: Optional[str] = None\n"
                + "xpu: Optional[str] = None\n");
        return lib;
    }

    @Test
    void aPipTorchForCuda128IsTheCu128Flavour() throws IOException {
        Assumptions.assumeTrue(EngineSetup.nativeClassifier().equals("linux-x86_64"), "cu128 glue: linux-x86_64");
        Path lib = pipTorch("2.7.1+cu128", "12.8", TORCH, "libtorch_cpu.so", TORCH_CUDA, "libc10_cuda.so");
        Libtorch t = Libtorch.inspect(lib, "--libtorch");
        assertEquals("cu128", t.flavour());
        assertEquals("2.7.1+cu128", t.version());
        assertEquals(lib.getParent().resolve("version.py").toString(), t.record());
        assertEquals(lib, t.folder());
    }

    @Test
    void aCpuPipTorchIsTheCpuFlavour() throws IOException {
        Libtorch t = Libtorch.inspect(pipTorch("2.7.1+cpu", null, TORCH, "libtorch_cpu.so"), "--libtorch");
        assertEquals("cpu", t.flavour());
        assertEquals("2.7.1+cpu", t.versionText());
    }

    @Test
    void plainPipTorchOnLinuxIsCuda126AndRefusedWithTheIndexToUse() throws IOException {
        Path lib = pipTorch("2.7.1", "12.6", TORCH, TORCH_CUDA);
        String m = assertThrows(IllegalArgumentException.class, () -> Libtorch.inspect(lib, "--libtorch")).getMessage();
        assertTrue(m.startsWith("--libtorch " + lib + ": holds libtorch 2.7.1 built for CUDA 12.6"), m);
        assertTrue(m.contains("https://download.pytorch.org/whl/cu128"), m);
    }

    @Test
    void anotherVersionIsRefusedNamingTheFileThatSaysSo() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        Files.createFile(lib.resolve(TORCH));
        Files.writeString(dir.resolve("libtorch/build-version"), "2.6.0+cpu\n");
        String m = assertThrows(IllegalArgumentException.class,
                () -> Libtorch.inspect(lib, "DINOSCOPE_LIBTORCH")).getMessage();
        assertTrue(m.startsWith("DINOSCOPE_LIBTORCH " + lib + ": holds libtorch 2.6.0+cpu ("
                + dir.resolve("libtorch/build-version") + "), but"), m);
        assertTrue(m.contains("needs libtorch 2.7.1"), m);
    }

    @Test
    void debiansTorch113IsRefused() {
        Path lib = Path.of("/usr/lib/python3/dist-packages/torch/lib");
        Assumptions.assumeTrue(Files.isRegularFile(lib.resolve(TORCH)), "no Debian python3-torch here");
        String m = assertThrows(IllegalArgumentException.class, () -> Libtorch.inspect(lib, "--libtorch")).getMessage();
        assertTrue(m.contains("holds libtorch 1.13"), m);
    }

    @Test
    void aLibtorchZipIsReadFromBuildVersion() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        Files.createFile(lib.resolve(TORCH));
        Files.writeString(dir.resolve("libtorch/build-version"), "2.7.1+cpu\n");
        Libtorch t = Libtorch.inspect(lib, "--libtorch");
        assertEquals("2.7.1+cpu", t.version());
        assertEquals("cpu", t.flavour());
    }

    @Test
    void aDjlNativeFolderIsReadFromItsName() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("pytorch/2.7.1-20250812-cpu-linux-x86_64"));
        Files.createFile(lib.resolve(TORCH));
        Libtorch t = Libtorch.inspect(lib, "--libtorch");
        assertEquals("2.7.1", t.version());
        assertEquals("cpu", t.flavour());
        Path old = Files.createDirectories(dir.resolve("pytorch/2.5.1-20241118-cpu-linux-x86_64"));
        Files.createFile(old.resolve(TORCH));
        assertThrows(IllegalArgumentException.class, () -> Libtorch.inspect(old, "--libtorch"));
    }

    @Test
    void aFolderThatRecordsNoVersionIsTakenAndSaysSo() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("copied"));
        Files.createFile(lib.resolve(TORCH));
        Libtorch t = Libtorch.inspect(lib, "--libtorch");
        assertNull(t.version());
        assertNull(t.record());
        assertEquals("unrecorded (DINOscope needs 2.7.1)", t.versionText());
    }

    @Test
    void missingFoldersFilesAndFoldersWithoutLibtorchAreNamed() throws IOException {
        Path none = dir.resolve("nowhere");
        String m = assertThrows(IllegalArgumentException.class, () -> Libtorch.inspect(none, "--libtorch")).getMessage();
        assertTrue(m.startsWith("--libtorch " + none + ": no such folder; expected the lib folder of libtorch 2.7.1"), m);

        Path file = Files.createFile(dir.resolve("libtorch.so"));
        m = assertThrows(IllegalArgumentException.class, () -> Libtorch.inspect(file, "--libtorch")).getMessage();
        assertTrue(m.startsWith("--libtorch " + file + ": a file, not a folder"), m);

        Path top = Files.createDirectories(dir.resolve("libtorch"));
        Files.createFile(Files.createDirectories(top.resolve("lib")).resolve(TORCH));
        m = assertThrows(IllegalArgumentException.class, () -> Libtorch.inspect(top, "--libtorch")).getMessage();
        assertTrue(m.startsWith("--libtorch " + top + ": holds no " + TORCH + " (its subfolder lib has one: give "
                + top.resolve("lib") + ")"), m);
    }

    @Test
    void rocmBuildsAreRefused() throws IOException {
        Path lib = pipTorch("2.7.1+rocm6.3", null, TORCH, System.mapLibraryName("torch_hip"));
        String m = assertThrows(IllegalArgumentException.class, () -> Libtorch.inspect(lib, "--libtorch")).getMessage();
        assertTrue(m.contains("a ROCm build"), m);
    }

    @Test
    void djlsOwnSettingsSayingOtherwiseAreErrors() throws IOException {
        Assumptions.assumeTrue(System.getenv("PYTORCH_LIBRARY_PATH") == null && System.getenv("PYTORCH_FLAVOR") == null,
                "DJL's variables are set in this environment");
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        Files.createFile(lib.resolve(TORCH));
        try {
            EngineSetup.useLibtorch(lib, "--libtorch");
            System.setProperty("PYTORCH_LIBRARY_PATH", dir.resolve("other").toString());
            String m = assertThrows(IllegalArgumentException.class, EngineSetup::ownLibtorch).getMessage();
            assertTrue(m.startsWith("PYTORCH_LIBRARY_PATH is set to " + dir.resolve("other") + ", which DJL would "
                    + "load instead of " + lib + " (--libtorch)"), m);
            System.clearProperty("PYTORCH_LIBRARY_PATH");
            System.setProperty("PYTORCH_FLAVOR", "cu128");
            m = assertThrows(IllegalArgumentException.class, EngineSetup::ownLibtorch).getMessage();
            assertTrue(m.startsWith("PYTORCH_FLAVOR is set to cu128, but the libtorch in " + lib + " is cpu"), m);
        } finally {
            System.clearProperty("PYTORCH_LIBRARY_PATH");
            System.clearProperty("PYTORCH_FLAVOR");
            EngineSetup.useLibtorch(null, null);
        }
    }

    @Test
    void unknownDevicesAreNamed() {
        assertEquals("gpu", EngineSetup.deviceName(" GPU"));
        assertEquals("auto", EngineSetup.deviceName(null));
        assertEquals("unknown device 'tpu'; use cpu, gpu or auto",
                assertThrows(IllegalArgumentException.class, () -> EngineSetup.deviceName("tpu")).getMessage());
    }

    @Test
    void noGpuSaysWhyForEachKindOfEngine() throws IOException {
        assertTrue(EngineSetup.noGpu(null, null).contains("the PyTorch natives DINOscope ships are CPU-only; give "
                + "the lib folder of a CUDA 12.8 libtorch 2.7.1 with --libtorch DIR or DINOSCOPE_LIBTORCH"));
        Libtorch cpu = new Libtorch(dir, "2.7.1+cpu", null, "cpu");
        assertTrue(EngineSetup.noGpu(cpu, "--libtorch").contains("the libtorch in " + dir
                + " (--libtorch) is a CPU build"));
        Libtorch cuda = new Libtorch(dir, "2.7.1+cu128", null, "cu128");
        assertTrue(EngineSetup.noGpu(cuda, "DINOSCOPE_LIBTORCH").contains("the CUDA 12.8 libtorch in " + dir
                + " (DINOSCOPE_LIBTORCH) finds no usable GPU"));
    }
}
