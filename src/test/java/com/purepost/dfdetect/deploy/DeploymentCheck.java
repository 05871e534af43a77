package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.support.ProjectFiles;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code tools/check-deployment.sh}, the command users point at a running deployment, run by the tests. */
final class DeploymentCheck {

    /** The lines a passing run prints, one per check, in order. */
    static final List<String> CHECKS = List.of("health", "predict jpg", "predict png", "predict webp", "predict gif",
            "predict bmp", "refuse a text file");

    private DeploymentCheck() {
    }

    /** Runs the check against {@code baseUrl} with {@code options} ({@code --api-key KEY}). */
    static Docker.Result against(String baseUrl, String... options) {
        List<String> command = new ArrayList<>(List.of("bash", ProjectFiles.resolve("tools/check-deployment.sh").toString(), baseUrl));
        command.addAll(List.of(options));
        return Docker.run(command, Map.of(), ProjectFiles.projectDir(), Duration.ofMinutes(5));
    }
}
