package com.purepost.dfdetect.shipped;

import com.purepost.dfdetect.support.ProjectFiles;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@code mvn package} leaves in target/: the fat jar, the Lambda task root, the SBOM. Under
 * the integration-test phase (failsafe sets {@code dfdetect.artifacts.required}) a missing one fails
 * the test; run from an IDE before any package, the test is skipped instead.
 */
final class BuiltArtifacts {

    static final Path FAT_JAR = ProjectFiles.resolve("target/dfdetect.jar");
    static final Path TASK_ROOT_LIB = ProjectFiles.resolve("target/lambda/lib");
    static final Path SBOM = ProjectFiles.resolve("target/bom.json");

    private BuiltArtifacts() {
    }

    /** {@code artifact}, or a skip (outside the build) or a failure (in it) when it was not built. */
    static Path require(Path artifact) {
        if (!Files.exists(artifact)) {
            String missing = artifact + " was not built (mvn package builds it)";
            if (Boolean.getBoolean("dfdetect.artifacts.required")) {
                fail(missing);
            }
            assumeTrue(false, missing);
        }
        return artifact;
    }
}
