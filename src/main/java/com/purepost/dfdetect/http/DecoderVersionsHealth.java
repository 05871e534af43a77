package com.purepost.dfdetect.http;

import com.purepost.dfdetect.image.DecoderVersions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The native decoders' versions in Actuator's health details ({@code decoders}). Always up: a
 * libwebp without the CVE-2023-4863 fix is for operators to upgrade, not a reason to stop serving
 * JPEG and PNG; the details (and the warning at start) say so.
 */
@ConditionalOnWebApplication
@Component("decoders")
public final class DecoderVersionsHealth implements HealthIndicator {

    private final DecoderVersions versions;

    public DecoderVersionsHealth(DecoderVersions versions) {
        this.versions = versions;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(versions.details()).build();
    }
}
