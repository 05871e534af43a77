package com.purepost.dfdetect.image;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The check against the libraries installed here (the test prerequisites: Debian's libwebp7 and libturbojpeg0). */
class DecoderVersionsTest {

    private static final Path DEBIAN_DOCS = Path.of("/usr/share/doc");

    @Test
    void readsTheInstalledLibwebpsVersionAndJudgesIt() {
        DecoderVersions versions = DecoderVersions.ofThisMachine();

        assertThat(versions.webp()).as("libwebp is a test prerequisite").isPresent();
        WebpFixCheck.Verdict verdict = versions.webp().orElseThrow();
        assertThat(versions.webpLibrary()).isEqualTo("libwebp " + verdict.version()).isEqualTo("libwebp " + LibWebp.version());
        assertThat(verdict.status()).isEqualTo(WebpFixCheck.judge(verdict.version(),
                PackageChangelog.debian(DEBIAN_DOCS, "libwebp7")).status());
        assertThat(versions.details()).containsKeys("webp", "webp_cve_2023_4863", "webp_note", "jpeg");
    }

    @Test
    void findsDebianTwelvesPatchedLibwebpBackportedNotVulnerable() {
        Optional<String> changelog = PackageChangelog.debian(DEBIAN_DOCS, "libwebp7");
        assumeTrue(changelog.isPresent() && LibWebp.version().equals("1.2.4"), "Debian 12's libwebp7 package");

        WebpFixCheck.Verdict verdict = DecoderVersions.ofThisMachine().webp().orElseThrow();

        assertThat(verdict.status()).isEqualTo(WebpFixCheck.Status.FIX_BACKPORTED);
    }

    @Test
    void readsLibjpegTurbosReleaseFromTheLibraryItself() {
        assumeTrue(TurboJpeg.loadFailure() == null, "libturbojpeg is a test prerequisite");

        DecoderVersions versions = DecoderVersions.ofThisMachine();

        assertThat(TurboJpeg.release()).get().asString().matches("\\d+\\.\\d+\\.\\d+");
        assertThat(versions.jpegLibrary()).startsWith("libjpeg-turbo " + TurboJpeg.release().orElseThrow())
                .contains("TurboJPEG API");
    }

    @Test
    void warnsAtStartOnlyWhenTheFixIsKnownToBeMissing() {
        Logger logger = (Logger) LoggerFactory.getLogger(DecoderVersions.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            LibraryVersion old = new LibraryVersion(1, 3, 1);
            new DecoderVersions(Optional.of(WebpFixCheck.judge(old, Optional.of("no security entries"))), "libwebp 1.3.1", "jpeg")
                    .logged();
            new DecoderVersions(Optional.of(WebpFixCheck.judge(old, Optional.empty())), "libwebp 1.3.1", "jpeg").logged();
        } finally {
            logger.detachAppender(events);
        }

        assertThat(events.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString().startsWith("SECURITY: libwebp 1.3.1")
                .contains("CVE-2023-4863");
        assertThat(events.list).filteredOn(event -> event.getLevel() == Level.INFO)
                .anyMatch(event -> event.getFormattedMessage().contains("cannot tell"));
    }

    @Test
    void readsNoChangelogWhereThereIsNone(@org.junit.jupiter.api.io.TempDir Path emptyDocs) throws Exception {
        Files.createDirectories(emptyDocs.resolve("libwebp7"));

        assertThat(PackageChangelog.debian(emptyDocs, "libwebp7")).isEmpty();
    }
}
