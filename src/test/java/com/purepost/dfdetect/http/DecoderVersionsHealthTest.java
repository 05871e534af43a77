package com.purepost.dfdetect.http;

import com.purepost.dfdetect.image.DecoderVersions;
import com.purepost.dfdetect.image.LibraryVersion;
import com.purepost.dfdetect.image.WebpFixCheck;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DecoderVersionsHealthTest {

    @Test
    void staysUpAndShowsAMissingWebpFixInItsDetails() {
        WebpFixCheck.Verdict missing = WebpFixCheck.judge(new LibraryVersion(1, 3, 1), Optional.of("no security entries"));
        DecoderVersions versions = new DecoderVersions(Optional.of(missing), "libwebp 1.3.1", "libjpeg-turbo 2.1.5");

        Health health = new DecoderVersionsHealth(versions).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("webp", "libwebp 1.3.1")
                .containsEntry("webp_cve_2023_4863", "fix_missing").containsEntry("jpeg", "libjpeg-turbo 2.1.5")
                .containsEntry("webp_note", missing.explanation());
    }

    @Test
    void showsTheRealDecodersOfThisMachine() {
        Health health = new DecoderVersionsHealth(DecoderVersions.ofThisMachine()).health();

        assertThat(health.getDetails()).containsKeys("webp", "jpeg");
        assertThat((String) health.getDetails().get("webp")).startsWith("libwebp ");
    }
}
