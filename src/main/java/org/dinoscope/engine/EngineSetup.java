package org.dinoscope.engine;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Platform;

/**
 * DJL set-up for DINOscope: PyTorch engine, never downloading (the CPU natives ship as a jar and are
 * unpacked into a writable cache folder, unless the user points DINOscope at a libtorch of their own), and the
 * device the user chose.
 */
public final class EngineSetup {
    public static final String CACHE_PROPERTY = "DJL_CACHE_DIR";
    /** Environment variable naming a libtorch folder; --libtorch and Fiji's setting win over it. */
    public static final String LIBTORCH_ENV = "DINOSCOPE_LIBTORCH";
    /** DJL's own settings (environment variable, else system property) for a local libtorch. */
    static final String DJL_LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
    static final String DJL_FLAVOR = "PYTORCH_FLAVOR";
    static final String DJL_VERSION = "PYTORCH_VERSION";

    /** The libtorch folder chosen by --libtorch or DINOscope Settings, and which of them chose it. */
    private static Path chosenLibtorch;
    private static String chosenBy;
    /** Once started: the engine, the user's libtorch it runs on (null: the bundled natives), its flavour. */
    private static Engine started;
    private static Libtorch loaded;
    private static String loadedBy;
    private static String flavour;

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
        String c = deviceName(choice);
        boolean cuda = hasCuda(engine());
        if (c.equals("gpu") && !cuda) {
            throw new IllegalArgumentException(noGpu(loaded, loadedBy));
        }
        return cuda && !c.equals("cpu") ? Device.gpu() : Device.cpu();
    }

    /** The device choice in lower case; fails on a name other than cpu, gpu and auto (null: auto). */
    public static String deviceName(String choice) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        if (!c.equals("cpu") && !c.equals("gpu") && !c.equals("auto")) {
            throw new IllegalArgumentException("unknown device '" + choice + "'; use cpu, gpu or auto");
        }
        return c;
    }

    /** Whether the engine has started in this JVM; it then keeps its libtorch until the JVM ends. */
    public static synchronized boolean started() {
        return started != null;
    }

    /**
     * The PyTorch engine, started on first use. DJL finds engines and their native libraries through the
     * thread's context class loader; inside ImageJ that is not the loader of plugin jars, so the first
     * call runs with this jar's loader as context loader (DJL caches what it found).
     */
    public static synchronized Engine engine() {
        configure();
        if (started != null) {
            return started;
        }
        Libtorch own = ownLibtorch();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(EngineSetup.class.getClassLoader());
        try {
            Engine e = Engine.getEngine("PyTorch");
            flavour = own != null ? own.flavour() : Platform.detectPlatform("pytorch").getFlavor();
            loaded = own;
            started = e;
            return e;
        } catch (RuntimeException | LinkageError e) {
            if (own != null) {
                throw new IllegalStateException("the PyTorch engine did not start on the " + own.flavour()
                        + " libtorch " + own.versionText() + " in " + own.folder() + " (" + loadedBy + "): " + e
                        + (e.getCause() != null ? " (" + e.getCause() + ")" : "") + "; expected " + Libtorch.EXPECTED
                        + ", with the libraries it needs (for a CUDA build, the NVIDIA packages pip installs with it)", e);
            }
            throw notStarted(e, EngineSetup.class.getClassLoader());
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /**
     * Points the engine at a libtorch folder of the user's (CPU, or CUDA 12.8) instead of the CPU natives DINOscope
     * ships; checked and used when the engine starts, once per JVM (a later change takes effect at the next start).
     *
     * @param folder the folder holding libtorch.so, or null for none
     * @param given  where it was given, named in messages: "--libtorch", "DINOscope Settings (libtorch_folder)"
     */
    public static synchronized void useLibtorch(Path folder, String given) {
        chosenLibtorch = folder;
        chosenBy = given;
    }

    /**
     * The user's libtorch, checked ({@link Libtorch#inspect}) and handed to DJL through DJL's own settings
     * (PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR, PYTORCH_VERSION, as system properties; DJL then loads every library of
     * the folder and takes the JNI glue of that flavour from the pytorch-jni jar), or null to run on the bundled
     * natives. The folder is --libtorch's or DINOscope Settings', else $DINOSCOPE_LIBTORCH, else DJL's own
     * PYTORCH_LIBRARY_PATH (checked the same way). DJL reads its environment variables before system properties,
     * so one that says otherwise is an error.
     */
    static Libtorch ownLibtorch() {
        Path folder = chosenLibtorch;
        String given = chosenBy;
        String env = System.getenv(LIBTORCH_ENV);
        if (folder == null && env != null && !env.isBlank()) {
            folder = Paths.get(env.trim());
            given = LIBTORCH_ENV;
        }
        String djl = djlSetting(DJL_LIBRARY_PATH);
        if (djl != null && folder == null) {
            folder = Paths.get(djl);
            given = DJL_LIBRARY_PATH;
        } else if (djl != null && !Paths.get(djl).toAbsolutePath().normalize()
                .equals(folder.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(DJL_LIBRARY_PATH + " is set to " + djl + ", which DJL would load "
                    + "instead of " + folder + " (" + given + "); unset " + DJL_LIBRARY_PATH + " or give the same folder");
        }
        if (folder == null) {
            return null;
        }
        Libtorch own = Libtorch.inspect(folder, given);
        String f = djlSetting(DJL_FLAVOR);
        if (f != null && !f.equals(own.flavour())) {
            throw new IllegalArgumentException(DJL_FLAVOR + " is set to " + f + ", but the libtorch in " + own.folder()
                    + " is " + own.flavour() + "; unset " + DJL_FLAVOR + " (DINOscope sets it)");
        }
        String v = djlSetting(DJL_VERSION);
        if (v != null && !Libtorch.base(v).equals(Libtorch.VERSION)) {
            throw new IllegalArgumentException(DJL_VERSION + " is set to " + v + ", but DINOscope runs libtorch "
                    + Libtorch.VERSION + "; unset " + DJL_VERSION);
        }
        System.setProperty(DJL_LIBRARY_PATH, own.folder().toString());
        System.setProperty(DJL_FLAVOR, own.flavour());
        System.setProperty(DJL_VERSION, Libtorch.VERSION);
        loadedBy = given;
        return own;
    }

    /** A DJL setting read DJL's way: the environment variable, else the system property. */
    private static String djlSetting(String name) {
        String env = System.getenv(name);
        String v = env != null ? env : System.getProperty(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * Whether libtorch can use a GPU: its own torch::cuda::is_available(). Not Engine.getGpuCount(), which asks
     * libcudart through JNA and so misses the CUDA runtime of a pip torch (reached only through libtorch's RPATH).
     */
    private static boolean hasCuda(Engine engine) {
        return engine.hasCapability(StandardCapabilities.CUDA);
    }

    /** Why there is no GPU, by what the engine runs on: the bundled natives, a CPU libtorch or a CUDA one. */
    static String noGpu(Libtorch own, String given) {
        String ask = "device 'gpu' asked for, but ";
        String fix = "give the lib folder of a CUDA 12.8 libtorch " + Libtorch.VERSION + " with --libtorch DIR or "
                + LIBTORCH_ENV + " (Fiji: DINOscope Settings, libtorch folder); see docs/install.md";
        if (own == null) {
            return ask + "the PyTorch natives DINOscope ships are CPU-only; " + fix;
        }
        if (!own.flavour().startsWith("cu")) {
            return ask + "the libtorch in " + own.folder() + " (" + given + ") is a CPU build (it has no "
                    + System.mapLibraryName("torch_cuda") + "); " + fix;
        }
        return ask + "the CUDA 12.8 libtorch in " + own.folder() + " (" + given + ") finds no usable GPU "
                + "(torch::cuda::is_available() is false: no NVIDIA GPU, a driver too old for CUDA 12.8, or "
                + "CUDA_VISIBLE_DEVICES hiding it)";
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

    /** e.g. "PyTorch 2.7.1 cpu on cpu() (libtorch from /home/me/.cache/dinoscope/djl/pytorch/2.7.1-...)". */
    public static String describe(Device device) {
        Map<String, Object> d = details(device);
        return d.get("name") + " " + d.get("version") + " " + d.get("flavour") + " on " + d.get("device")
                + " (libtorch from " + d.get("libtorch") + ")";
    }

    /**
     * What runs the network, for About, {@code info} and the sidecars: the engine and its version, DJL's version,
     * the flavour (cpu, cu128), the folder libtorch was loaded from and what chose it, and the device.
     */
    public static synchronized Map<String, Object> details(Device device) {
        Engine engine = engine();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", engine.getEngineName());
        m.put("version", engine.getVersion());
        m.put("djl", Engine.getDjlVersion());
        m.put("flavour", flavour);
        m.put("libtorch", LibUtils.getLibtorchPath());
        m.put("libtorch_from", loaded == null ? "bundled: the pytorch-native-cpu jar, unpacked into the DJL cache"
                : loadedBy);
        if (loaded != null) {
            m.put("libtorch_version", loaded.versionText());
            m.put("libtorch_version_from", loaded.record() != null ? loaded.record()
                    : "nothing in the folder records it");
        }
        m.put("device", device.toString());
        return m;
    }
}
