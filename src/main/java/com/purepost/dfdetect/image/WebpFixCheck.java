package com.purepost.dfdetect.image;

import java.util.Optional;

/**
 * Whether the libwebp that decodes uploads carries the fix for CVE-2023-4863 (a heap overflow in
 * the lossless decoder's Huffman tables, exploited in the wild through crafted WebP files).
 * Upstream fixed it in 1.3.2. Distributions backported the fix into the versions they ship (Debian
 * 12's libwebp is 1.2.4 with the fix as a Debian patch; others patched their older versions the
 * same way), and a backport does not change the number WebPGetDecoderVersion reports. So a version
 * before 1.3.2 is only told apart by the distribution's own record: Debian's package changelog names
 * every CVE it patches. When that record is there and silent, the fix is missing: that is loud. When there is no
 * record to read (RPM-based images keep it in the package database), the version alone cannot tell,
 * and the service says so plainly instead of raising an alarm on every start of a patched image.
 */
public final class WebpFixCheck {

    public static final String CVE = "CVE-2023-4863";
    /** The first upstream release with the fix. */
    public static final LibraryVersion FIXED_IN = new LibraryVersion(1, 3, 2);

    private WebpFixCheck() {
    }

    /** What is known, and how sure. */
    public enum Status {
        /** 1.3.2 or later. */
        FIXED_RELEASE,
        /** Older, and the distribution's changelog names the CVE. */
        FIX_BACKPORTED,
        /** Older, and the distribution's changelog, read whole, does not name it. */
        FIX_MISSING,
        /** Older, and no changelog to read: the version alone cannot tell. */
        CANNOT_TELL
    }

    /** The verdict and the sentence that explains it. */
    public record Verdict(LibraryVersion version, Status status, String explanation) {

        /** A verdict that must be seen: the library is known to lack the fix. */
        public boolean isAlarm() {
            return status == Status.FIX_MISSING;
        }
    }

    /**
     * @param version   what WebPGetDecoderVersion reports
     * @param changelog the text of the distribution's changelog for the installed package, when one is on disk
     */
    public static Verdict judge(LibraryVersion version, Optional<String> changelog) {
        if (!version.isBefore(FIXED_IN)) {
            return new Verdict(version, Status.FIXED_RELEASE,
                    "libwebp " + version + " is " + FIXED_IN + " or later, which carries the fix for " + CVE);
        }
        if (changelog.isEmpty()) {
            return new Verdict(version, Status.CANNOT_TELL, "libwebp " + version + " is older than " + FIXED_IN
                    + "; distributions backport the fix for " + CVE + " without changing this number, and this "
                    + "system keeps no package changelog where it can be read, so the version cannot tell: check "
                    + "the package (rpm -q --changelog libwebp | grep " + CVE + ")");
        }
        if (changelog.get().contains(CVE)) {
            return new Verdict(version, Status.FIX_BACKPORTED, "libwebp " + version + " carries the fix for " + CVE
                    + " as a patch of its distribution (named in the package changelog)");
        }
        return new Verdict(version, Status.FIX_MISSING, "libwebp " + version + " is older than " + FIXED_IN
                + " and its package changelog does not name " + CVE + ": crafted WebP uploads can overflow the "
                + "decoder's heap. Upgrade the package (libwebp7 on Debian)");
    }
}
