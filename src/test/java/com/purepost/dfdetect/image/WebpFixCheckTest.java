package com.purepost.dfdetect.image;

import com.purepost.dfdetect.image.WebpFixCheck.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WebpFixCheckTest {

    private static final String DEBIAN_SECURITY_ENTRY = """
            libwebp (1.2.4-0.2+deb12u1) bookworm-security; urgency=medium

              * CVE-2023-4863

             -- Debian Security Team  Tue, 12 Sep 2023 21:35:44 +0200
            """;
    private static final String CHANGELOG_BEFORE_THE_FIX = """
            libwebp (1.2.4-0.2) unstable; urgency=high

              * EncodeAlphaInternal: clear result->bw on error (CVE-2023-1999)
            """;

    @ParameterizedTest
    @ValueSource(strings = {"1.3.2", "1.4.0", "1.5.0", "2.0.0"})
    void takesTheUpstreamFixReleaseAndLaterAsFixedWhateverTheChangelogSays(String version) {
        WebpFixCheck.Verdict verdict = WebpFixCheck.judge(LibraryVersion.parse(version).orElseThrow(),
                Optional.of(CHANGELOG_BEFORE_THE_FIX));

        assertThat(verdict.status()).isEqualTo(Status.FIXED_RELEASE);
        assertThat(verdict.isAlarm()).isFalse();
    }

    @Test
    void takesAnOlderVersionWhoseDistributionChangelogNamesTheCveAsBackported() {
        WebpFixCheck.Verdict verdict = WebpFixCheck.judge(new LibraryVersion(1, 2, 4),
                Optional.of(DEBIAN_SECURITY_ENTRY + "\n" + CHANGELOG_BEFORE_THE_FIX));

        assertThat(verdict.status()).isEqualTo(Status.FIX_BACKPORTED);
        assertThat(verdict.isAlarm()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.3.1", "1.3.0", "1.2.4", "0.6.1"})
    void raisesTheAlarmForAnOlderVersionWhoseChangelogDoesNotNameTheCve(String version) {
        WebpFixCheck.Verdict verdict = WebpFixCheck.judge(LibraryVersion.parse(version).orElseThrow(),
                Optional.of(CHANGELOG_BEFORE_THE_FIX));

        assertThat(verdict.status()).isEqualTo(Status.FIX_MISSING);
        assertThat(verdict.isAlarm()).isTrue();
        assertThat(verdict.explanation()).contains("libwebp " + LibraryVersion.parse(version).orElseThrow(),
                "CVE-2023-4863", "Upgrade");
    }

    @Test
    void saysItCannotTellForAnOlderVersionWithNoChangelogRatherThanCryWolf() {
        WebpFixCheck.Verdict verdict = WebpFixCheck.judge(new LibraryVersion(1, 2, 4), Optional.empty());

        assertThat(verdict.status()).isEqualTo(Status.CANNOT_TELL);
        assertThat(verdict.isAlarm()).isFalse();
        assertThat(verdict.explanation()).contains("cannot tell", "rpm -q --changelog libwebp");
    }

    @Test
    void readsLibwebpsPackedVersionNumber() {
        assertThat(LibraryVersion.ofWebpNumber(0x010204)).isEqualTo(new LibraryVersion(1, 2, 4));
        assertThat(LibraryVersion.ofWebpNumber(0x010302)).isEqualTo(WebpFixCheck.FIXED_IN);
    }

    @Test
    void parsesDottedVersionsAndDistributionSuffixes() {
        assertThat(LibraryVersion.parse("1.2.4-0.2+deb12u1")).contains(new LibraryVersion(1, 2, 4));
        assertThat(LibraryVersion.parse("1.3")).contains(new LibraryVersion(1, 3, 0));
        assertThat(LibraryVersion.parse("version 1")).isEmpty();
        assertThat(new LibraryVersion(1, 2, 10).isBefore(new LibraryVersion(1, 3, 2))).isTrue();
        assertThat(new LibraryVersion(1, 10, 0).isBefore(new LibraryVersion(1, 3, 2))).isFalse();
    }
}
