package org.dinoscope.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libtorch installation the user points DINOscope at instead of the CPU natives it ships (e.g. the {@code lib}
 * folder of a pip {@code torch==2.7.1}, CUDA 12.8): its folder, version and flavour, read from the folder and
 * checked before DJL loads anything from it. DJL itself would load any libtorch it finds there and fail, if at
 * all, with an unresolved symbol; the JNI glue in the pytorch-jni jar is built for libtorch 2.7.1 only, as
 * {@code cpu} and {@code cu128}.
 *
 * @param folder  the folder holding libtorch.so (libtorch.dylib, torch.dll)
 * @param version the libtorch version the folder records, e.g. "2.7.1+cu128", or null when it records none
 * @param record  the file (or folder name) the version was read from, or null
 * @param flavour {@code cpu} or {@code cu128}: which JNI glue DJL is to load
 */
public record Libtorch(Path folder, String version, String record, String flavour) {
    /** The libtorch version the JNI glue (pytorch-jni 2.7.1-0.35.1) is built for. */
    public static final String VERSION = "2.7.1";
    /** The one CUDA flavour the pytorch-jni jar carries glue for. */
    public static final String CUDA_FLAVOUR = "cu128";

    static final String EXPECTED = "the lib folder of libtorch " + VERSION + ", CPU or CUDA 12.8 (e.g. "
            + ".../site-packages/torch/lib of a pip torch==" + VERSION + ", or libtorch/lib of a libtorch zip)";

    /** {@code __version__ = '2.7.1+cu128'} (older torch) or {@code __version__: str = ...} in torch/version.py. */
    private static final Pattern PY_VERSION = Pattern.compile("(?m)^__version__\\s*(?::[^=\\n]*)?=\\s*['\"]([^'\"]+)['\"]");
    /** {@code cuda = '12.8'}, {@code cuda: Optional[str] = None}. */
    private static final Pattern PY_CUDA = Pattern.compile("(?m)^cuda\\s*(?::[^=\\n]*)?=\\s*(None|['\"]([^'\"]*)['\"])");
    /** The folders DJL unpacks natives into: {@code 2.7.1-20250812-cpu-linux-x86_64}, {@code 2.7.1-cu128-...}. */
    private static final Pattern DJL_FOLDER = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:-\\d+)?-(cpu|cu\\d+)(?:-precxx11)?-[a-z]+-[a-z0-9_]+");

    /** "2.7.1", or "unrecorded (DINOscope needs 2.7.1)". */
    public String versionText() {
        return version != null ? version : "unrecorded (DINOscope needs " + VERSION + ")";
    }

    /**
     * Reads and checks a libtorch folder.
     *
     * @param folder the folder the user gave
     * @param given  how it was given, for messages: "--libtorch", "DINOSCOPE_LIBTORCH", ...
     * @throws IllegalArgumentException naming the folder and what was expected, when it is missing, holds no
     *                                  libtorch, records another version, or a flavour there is no glue for
     */
    public static Libtorch inspect(Path folder, String given) {
        String where = given + " " + folder + ": ";
        if (!Files.exists(folder)) {
            throw new IllegalArgumentException(where + "no such folder; expected " + EXPECTED);
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(where + "a file, not a folder; expected " + EXPECTED);
        }
        folder = folder.toAbsolutePath().normalize();
        String torch = System.mapLibraryName("torch");
        if (!Files.isRegularFile(folder.resolve(torch))) {
            String hint = Files.isRegularFile(folder.resolve("lib").resolve(torch))
                    ? " (its subfolder lib has one: give " + folder.resolve("lib") + ")" : "";
            throw new IllegalArgumentException(where + "holds no " + torch + hint + "; expected " + EXPECTED);
        }
        if (Files.exists(folder.resolve(System.mapLibraryName("torch_hip")))) {
            throw new IllegalArgumentException(where + "a ROCm build of libtorch; DJL's JNI glue exists for CPU and "
                    + "CUDA 12.8 only; expected " + EXPECTED);
        }
        String[] recorded = recordedVersion(folder);
        String version = recorded == null ? null : recorded[0];
        String record = recorded == null ? null : recorded[1];
        String cuda = recorded == null ? null : recorded[2];
        if (version != null && !base(version).equals(VERSION)) {
            throw new IllegalArgumentException(where + "holds libtorch " + version + " (" + record + "), but the JNI "
                    + "glue DINOscope runs it with (pytorch-jni " + VERSION + "-0.35.1) needs libtorch " + VERSION
                    + "; expected " + EXPECTED);
        }
        boolean cudaBuild = Files.exists(folder.resolve(System.mapLibraryName("torch_cuda")));
        String flavour = cudaBuild ? CUDA_FLAVOUR : "cpu";
        if (cudaBuild && cuda != null && cuda.startsWith("cu") && !cuda.equals(CUDA_FLAVOUR)) {
            throw new IllegalArgumentException(where + "holds libtorch " + version + " built for CUDA " + cudaText(cuda)
                    + " (" + record + "), but the JNI glue DINOscope ships for CUDA is built for CUDA 12.8 (cu128): "
                    + "install torch==" + VERSION + " from https://download.pytorch.org/whl/cu128 (plain 'pip install "
                    + "torch==" + VERSION + "' on Linux gives the CUDA 12.6 build) and give its torch/lib folder");
        }
        String glue = "jnilib/" + EngineSetup.nativeClassifier() + "/" + flavour + "/" + System.mapLibraryName("djl_torch");
        if (Libtorch.class.getClassLoader().getResource(glue) == null) {
            throw new IllegalArgumentException(where + "a " + flavour + " libtorch, but the pytorch-jni jar on the class "
                    + "path carries no JNI glue for " + flavour + " on " + EngineSetup.nativeClassifier() + " (no "
                    + glue + "; DJL builds CUDA glue for linux-x86_64 and win-x86_64)");
        }
        return new Libtorch(folder, version, record, flavour);
    }

    /** "2.7.1" of "2.7.1+cu128". */
    static String base(String version) {
        int plus = version.indexOf('+');
        return plus < 0 ? version : version.substring(0, plus);
    }

    private static String cudaText(String flavour) {
        String digits = flavour.substring(2);
        return digits.length() < 2 ? flavour : digits.substring(0, digits.length() - 1) + "." + digits.substring(digits.length() - 1);
    }

    /**
     * {version, where it was read, CUDA flavour ("cu128", "cpu" or null when the record does not say)}, or null when
     * the folder records no version. Read from, in turn: {@code ../version.py} (torch/lib of a pip, conda or Debian
     * torch), {@code ../build-version} or {@code build-version} (a libtorch zip from pytorch.org), the name of a
     * folder DJL unpacked natives into.
     */
    static String[] recordedVersion(Path folder) {
        Path parent = folder.getParent();
        if (parent != null && Files.isRegularFile(parent.resolve("version.py"))) {
            String text = read(parent.resolve("version.py"));
            Matcher v = PY_VERSION.matcher(text);
            if (v.find()) {
                Matcher c = PY_CUDA.matcher(text);
                String cuda = c.find() ? (c.group(2) == null ? "cpu" : "cu" + c.group(2).replace(".", "")) : suffix(v.group(1));
                return new String[] {v.group(1), parent.resolve("version.py").toString(), cuda};
            }
        }
        for (Path p : parent == null ? new Path[] {folder.resolve("build-version")}
                : new Path[] {parent.resolve("build-version"), folder.resolve("build-version")}) {
            if (Files.isRegularFile(p)) {
                String v = read(p).strip().lines().findFirst().orElse("").strip();
                if (!v.isEmpty()) {
                    return new String[] {v, p.toString(), suffix(v)};
                }
            }
        }
        Matcher djl = DJL_FOLDER.matcher(folder.getFileName() == null ? "" : folder.getFileName().toString());
        if (djl.matches()) {
            return new String[] {djl.group(1), "the name of the folder, as DJL names its native folders", djl.group(2)};
        }
        return null;
    }

    /** "cu128" of "2.7.1+cu128", "cpu" of "2.7.1+cpu", else null. */
    private static String suffix(String version) {
        int plus = version.indexOf('+');
        String local = plus < 0 ? "" : version.substring(plus + 1);
        return local.matches("cpu|cu\\d+") ? local : null;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(p + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }
}
