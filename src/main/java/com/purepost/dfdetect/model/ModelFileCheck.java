package com.purepost.dfdetect.model;

import com.purepost.dfdetect.model.standin.StandInModels;

import java.nio.file.Path;

/**
 * A model file found fit to serve before any session is opened: it parses as ONNX, its one input and
 * output have the shapes the service feeds and reads, and its metadata says whether it is a stand-in.
 */
public record ModelFileCheck(Path file, boolean standIn) {

    /** Checks {@code file} against the labels; throws {@link ModelUnavailableException} with the reason when unfit. */
    public static ModelFileCheck of(Path file, Labels labels) {
        OnnxFileInspector.Summary summary = OnnxFileInspector.inspect(file);
        ClassifierSignature.verify(file.getFileName().toString(), summary.inputs(), summary.outputs(), labels.size());
        return new ModelFileCheck(file, "true".equals(summary.metadata().get(StandInModels.STAND_IN_KEY)));
    }
}
