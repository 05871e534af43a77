package com.purepost.dfdetect.bench;

import com.purepost.dfdetect.lambda.runtime.ModelFolders;
import com.purepost.dfdetect.model.standin.StandInModels;
import com.purepost.dfdetect.support.ProjectFiles;

import java.nio.file.Path;

/**
 * Both stand-in models (seeded, so always the same bytes) and {@code labels.txt}, written once into
 * {@code target/bench-models} and shared by every benchmark, so that no timed start-up includes
 * writing them.
 */
final class BenchModels {

    private BenchModels() {
    }

    static synchronized Path dir() {
        return ModelFolders.withStandIns(ProjectFiles.resolve("target"), "bench-models");
    }

    static Path file(StandInModels.Variant variant) {
        return dir().resolve(variant.defaultFileName());
    }
}
