package org.dinoscope.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real ImageJ 1.54p application on a macro under Xvfb and always under a timeout (a macro error would
 * leave a modal dialog open), as the integration tests do; the macro quits ImageJ at its end. The tests check
 * the files a macro wrote, not the exit code.
 */
public final class ImageJProcess {
    private ImageJProcess() {
    }

    public static boolean xvfbInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/xvfb-run"));
    }

    /**
     * @param imagej    the ImageJ folder (plugins/ below it)
     * @param classPath null to start {@code ij.jar} of the folder with -jar; else the class path (ij.jar first)
     * @param macro     macro code; {@code run("Quit")} is appended
     * @param log       where stdout and stderr go
     */
    public static void run(Path imagej, List<Path> classPath, String macro, Path log) throws IOException,
            InterruptedException {
        run(imagej, classPath, macro, log, Path.of(System.getProperty("DJL_CACHE_DIR")));
    }

    /** As {@link #run(Path, List, String, Path)}, with DJL's cache folder (where it unpacks the natives). */
    public static void run(Path imagej, List<Path> classPath, String macro, Path log, Path djlCache)
            throws IOException, InterruptedException {
        Path driver = Files.createTempFile(imagej, "driver", ".ijm");
        Files.writeString(driver, macro + "\nclose(\"*\");\nrun(\"Quit\");\n");
        List<String> cmd = new ArrayList<>(List.of("timeout", "300", "xvfb-run", "-a", "java", "-Xmx2g",
                "-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + djlCache));
        if (classPath == null) {
            cmd.addAll(List.of("-jar", imagej.resolve("ij.jar").toString()));
        } else {
            cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator,
                    classPath.stream().map(Path::toString).toList()), "ij.ImageJ"));
        }
        cmd.addAll(List.of("-ijpath", imagej.toString(), "-macro", driver.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DJL_CACHE_DIR"); // the property decides
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.waitFor(320, TimeUnit.SECONDS);
        p.destroyForcibly();
    }
}
