package org.dinoscope.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

/** When the PyTorch engine does not start, the message says what is missing and how to fix it. */
class EngineSetupTest {
    @Test
    void missingNativesAreNamedWithWhereToPutThem() throws Exception {
        try (URLClassLoader noNatives = new URLClassLoader(new URL[0], null)) {
            String m = EngineSetup.notStarted(new IllegalStateException("Offline mode is enabled."), noNatives)
                    .getMessage();
            String platform = EngineSetup.nativeClassifier();
            assertTrue(m.contains("the PyTorch native libraries for " + platform + " are missing"), m);
            assertTrue(m.contains("pytorch-native-cpu-*-" + platform + ".jar"), m);
            assertTrue(m.contains("plugins/jars/") && m.contains("not in a subfolder"), m);
            assertTrue(m.contains("Offline mode is enabled."), "DJL's own words stay: " + m);
        }
    }

    @Test
    void withNativesPresentTheCacheFolderIsNamed() {
        // the test class path has the linux-x86_64 native jar
        String m = EngineSetup.notStarted(new IllegalStateException("disk full"), EngineSetup.class.getClassLoader())
                .getMessage();
        assertTrue(m.contains("did not start") && m.contains("disk full") && m.contains(EngineSetup.cacheDir()), m);
    }

    @Test
    void theClassifierIsDjls() {
        assertTrue(EngineSetup.nativeClassifier().matches("(linux|osx|win)-(x86_64|aarch64)"),
                EngineSetup.nativeClassifier());
    }
}
