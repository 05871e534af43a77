package com.purepost.dfdetect.image;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native decoders' versions on this machine, read once at start: libwebp's, judged against
 * CVE-2023-4863 ({@link WebpFixCheck}), and libjpeg-turbo's, logged only. The TurboJPEG API has no
 * call that returns a release number (the 2.x API has none; 3.x has the number only as a build-time
 * macro), so the release is read from the text the library carries ("libjpeg-turbo version 2.1.5"),
 * and there is no libjpeg-turbo release the service knows to require.
 */
public record DecoderVersions(Optional<WebpFixCheck.Verdict> webp, String webpLibrary, String jpegLibrary) {

    private static final Logger LOG = LoggerFactory.getLogger(DecoderVersions.class);
    private static final Path DEBIAN_DOCS = Path.of("/usr/share/doc");

    /** Reads the loaded libraries (loading them if nothing has yet). */
    public static DecoderVersions ofThisMachine() {
        Optional<WebpFixCheck.Verdict> webp = Optional.empty();
        String webpLibrary = "not loaded (" + LibWebp.loadFailure() + ")";
        if (LibWebp.loadFailure() == null) {
            LibraryVersion version = LibraryVersion.ofWebpNumber(LibWebp.Codec.WebPGetDecoderVersion());
            webp = Optional.of(WebpFixCheck.judge(version, PackageChangelog.debian(DEBIAN_DOCS, "libwebp7")));
            webpLibrary = "libwebp " + version;
        }
        String jpegLibrary = TurboJpeg.loadFailure() != null ? "libturbojpeg not loaded (the JDK's JPEG reader decodes)"
                : TurboJpeg.release().map(release -> "libjpeg-turbo " + release).orElse("libjpeg-turbo, release not readable")
                        + " (TurboJPEG API " + TurboJpeg.apiGeneration() + ", " + TurboJpeg.loadedName() + ")";
        return new DecoderVersions(webp, webpLibrary, jpegLibrary);
    }

    /** Logs the versions; a libwebp known to lack the CVE-2023-4863 fix as a warning that stands out. */
    public DecoderVersions logged() {
        LOG.info("Native decoders: {}; {}", webpLibrary, jpegLibrary);
        webp.ifPresent(verdict -> {
            if (verdict.isAlarm()) {
                LOG.warn("SECURITY: {}. WebP uploads are decoded by a library with a known, exploited heap overflow.",
                        verdict.explanation());
            } else {
                LOG.info("{}", verdict.explanation());
            }
        });
        return this;
    }

    /** For health details: each library, and the libwebp verdict. */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("webp", webpLibrary);
        webp.ifPresent(verdict -> {
            details.put("webp_" + WebpFixCheck.CVE.toLowerCase(Locale.ROOT).replace('-', '_'),
                    verdict.status().name().toLowerCase(Locale.ROOT));
            details.put("webp_note", verdict.explanation());
        });
        details.put("jpeg", jpegLibrary);
        return details;
    }
}
