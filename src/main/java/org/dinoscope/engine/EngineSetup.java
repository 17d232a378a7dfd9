package org.dinoscope.engine;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * DJL set-up for DINOscope: PyTorch engine, never downloading (the CPU natives ship as a jar and are
 * unpacked into a writable cache folder), and the device the user chose.
 */
public final class EngineSetup {
    public static final String CACHE_PROPERTY = "DJL_CACHE_DIR";

    private EngineSetup() {
    }

    /**
     * Sets DJL's offline flag and cache folder unless the caller (launcher, Fiji settings) already did.
     * Must run before the first DJL call.
     */
    public static void configure() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty(CACHE_PROPERTY) == null && System.getenv(CACHE_PROPERTY) == null) {
            System.setProperty(CACHE_PROPERTY, defaultCacheDir().toString());
        }
    }

    /** ~/.cache/dinoscope/djl, or $XDG_CACHE_HOME/dinoscope/djl. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("dinoscope").resolve("djl");
    }

    /**
     * @param choice "cpu", "gpu" (fails if none) or "auto" (a GPU when the engine has one)
     */
    public static Device device(String choice) {
        Engine engine = engine();
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        switch (c) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (engine.getGpuCount() == 0) {
                    throw new IllegalArgumentException("device 'gpu' asked for, but the PyTorch engine sees no GPU "
                            + "(the bundled natives are CPU-only)");
                }
                return Device.gpu();
            case "auto":
                return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            default:
                throw new IllegalArgumentException("unknown device '" + choice + "'; use cpu, gpu or auto");
        }
    }

    /**
     * The PyTorch engine, started on first use. DJL finds engines and their native libraries through the
     * thread's context class loader; inside ImageJ that is not the loader of plugin jars, so the first
     * call runs with this jar's loader as context loader (DJL caches what it found).
     */
    public static synchronized Engine engine() {
        configure();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(EngineSetup.class.getClassLoader());
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            throw notStarted(e, EngineSetup.class.getClassLoader());
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /**
     * Why the engine did not start, in words a user can act on. DJL, finding no native libraries of this platform
     * on the class path, would download them, and says only "Offline mode is enabled" when it may not.
     */
    static IllegalStateException notStarted(Throwable e, ClassLoader loader) {
        String platform = nativeClassifier();
        if (loader.getResource(NATIVES_MARKER) == null) {
            return new IllegalStateException("the PyTorch native libraries for " + platform + " are missing: no "
                    + "pytorch-native-cpu-*-" + platform + ".jar is on the class path, and DINOscope never downloads "
                    + "them (DJL: " + e.getMessage() + "). In Fiji the DINOscope update site installs it in "
                    + "jars/<platform>/ (DJL publishes none for Intel Macs); in plain ImageJ 1 put it in plugins/jars/ "
                    + "itself, not in a subfolder; from the command line it is in target/lib/ after the build "
                    + "(docs/install.md)", e);
        }
        return new IllegalStateException("the PyTorch engine did not start (" + e + "); its native libraries are "
                + "unpacked into " + cacheDir() + ", which must be writable (deleting the folder makes DINOscope "
                + "unpack them again)", e);
    }

    /** The resource every jar of PyTorch native libraries holds; DJL unpacks the jar that has it. */
    static final String NATIVES_MARKER = "native/lib/pytorch.properties";

    /** DJL's classifier of the native jar for this machine, e.g. linux-x86_64, osx-aarch64, win-x86_64. */
    static String nativeClassifier() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String o = os.startsWith("mac") ? "osx" : os.startsWith("win") ? "win" : "linux";
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
        return o + "-" + a;
    }

    /** The cache folder DJL uses: DJL_CACHE_DIR as environment variable (it wins) or property, else ours. */
    static String cacheDir() {
        String env = System.getenv(CACHE_PROPERTY);
        return env != null ? env : System.getProperty(CACHE_PROPERTY, defaultCacheDir().toString());
    }

    /** e.g. "PyTorch 2.7.1 on cpu()". */
    public static String describe(Device device) {
        Engine engine = engine();
        return engine.getEngineName() + " " + engine.getVersion() + " on " + device;
    }
}
