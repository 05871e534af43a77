package com.purepost.dfdetect.model;

import com.purepost.dfdetect.config.DfdetectProperties;

import java.util.List;

/**
 * Which model files may serve: when digests are pinned ({@code dfdetect.model.sha256}), only a file whose
 * SHA-256 is one of them; and a stand-in (random weights, marked in its metadata) only where stand-ins are
 * allowed ({@code dfdetect.model.allow-stand-in}). Applied at start, on every reload and to every download,
 * always to the bytes the session is opened from.
 *
 * @param allowedSha256 lower-case hex digests; empty pins nothing
 * @param allowStandIn  whether a stand-in may be written and serve
 */
public record ModelPolicy(List<String> allowedSha256, boolean allowStandIn) {

    /** Any file that fits, stand-ins included: what {@code java -jar} with no settings does. */
    public static final ModelPolicy ANY = new ModelPolicy(List.of(), true);

    public ModelPolicy {
        allowedSha256 = List.copyOf(allowedSha256);
    }

    public static ModelPolicy of(DfdetectProperties.Model settings) {
        return new ModelPolicy(settings.sha256(), settings.allowStandIn());
    }

    /** Refuses, before the file is even parsed, bytes whose digest is not pinned. */
    void checkDigest(String fileName, String sha256) {
        if (!allowedSha256.isEmpty() && !allowedSha256.contains(sha256)) {
            throw new ModelUnavailableException(fileName + " has SHA-256 " + sha256 + ", which is not among the digests "
                    + "allowed by dfdetect.model.sha256 (DFDETECT_MODEL_SHA256): refused. Install the model file that "
                    + "was pinned, or pin this one after checking where it came from");
        }
    }

    /** Refuses a stand-in where stand-ins are not allowed. */
    void checkStandIn(String fileName, boolean standIn) {
        if (standIn && !allowStandIn) {
            throw new ModelUnavailableException(StandInNotice.notInstalled(fileName + " is a stand-in with random weights"));
        }
    }
}
