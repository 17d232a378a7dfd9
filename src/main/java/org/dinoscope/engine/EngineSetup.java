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
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** e.g. "PyTorch 2.7.1 on cpu()". */
    public static String describe(Device device) {
        Engine engine = engine();
        return engine.getEngineName() + " " + engine.getVersion() + " on " + device;
    }
}
