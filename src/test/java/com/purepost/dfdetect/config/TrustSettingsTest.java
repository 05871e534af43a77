package com.purepost.dfdetect.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model pin and the S3 trust settings are read as operators paste them, and a typo stops the start. */
class TrustSettingsTest {

    private static final String DIGEST = "2e8befc0ed164e2e706ffabc81b293ac5124cc13cb75766a7a041c92afed1956";

    static DfdetectProperties.Model pinned(List<String> sha256) {
        return new DfdetectProperties.Model(Path.of("model"), "ResNet18.onnx", "labels.txt", true, null, true, true,
                sha256, " ");
    }

    static DfdetectProperties.S3 trusting(String owner, List<String> buckets) {
        return new DfdetectProperties.S3(3, Duration.ofSeconds(8), Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofSeconds(50), owner, buckets);
    }

    @Test
    void readsPinnedDigestsInEitherCaseWithSpacesAndEmptyEntries() {
        DfdetectProperties.Model model = pinned(List.of(" " + DIGEST.toUpperCase() + " ", "", DIGEST));

        assertThat(model.sha256()).containsExactly(DIGEST, DIGEST);
        assertThat(model.versionId()).as("blank is none").isNull();
    }

    @Test
    void refusesAPinThatIsNotASha256Digest() {
        assertThatThrownBy(() -> pinned(List.of(DIGEST.substring(1))))
                .hasMessageContaining("dfdetect.model.sha256").hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> pinned(List.of("sha256:" + DIGEST))).hasMessageContaining("not a SHA-256 digest");
    }

    @Test
    void refusesAnExpectedBucketOwnerThatIsNotAnAccountId() {
        assertThat(trusting(" 111122223333 ", List.of()).expectedBucketOwner()).isEqualTo("111122223333");
        assertThat(trusting("", List.of()).expectedBucketOwner()).isNull();
        assertThatThrownBy(() -> trusting("my-account", List.of())).hasMessageContaining("12-digit");
    }

    @Test
    void handlesEventsFromAnyBucketUnlessBucketsAreListed() {
        assertThat(trusting(null, List.of("", " ")).handlesEventsFrom("anything")).isTrue();
        DfdetectProperties.S3 listed = trusting(null, List.of(" uploads-a ", "uploads-b"));

        assertThat(listed.handlesEventsFrom("uploads-a")).isTrue();
        assertThat(listed.handlesEventsFrom("uploads-b")).isTrue();
        assertThat(listed.handlesEventsFrom("uploads-c")).isFalse();
    }
}
