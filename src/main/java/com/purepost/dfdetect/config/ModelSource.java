package com.purepost.dfdetect.config;

/**
 * Where the served model file is, once the configured source has been fetched: a step run before the
 * model provider is built, so that the provider only ever reads a local directory. The local source
 * is the configured directory as is; a remote one ({@code dfdetect.model.uri}) downloads the file
 * first and points the settings at the copy.
 */
@FunctionalInterface
public interface ModelSource {

    /** The configured directory, as is; refuses a {@code dfdetect.model.uri} it cannot fetch. */
    ModelSource LOCAL = settings -> {
        if (settings.uri() != null && !settings.uri().isBlank()) {
            throw new IllegalStateException("dfdetect.model.uri is set (" + settings.uri()
                    + ") but no model source that can fetch it is configured");
        }
        return settings;
    };

    /** Settings whose {@code dir} holds the model file, ready to be read. */
    DfdetectProperties.Model locate(DfdetectProperties.Model settings);
}
