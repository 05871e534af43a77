package com.purepost.dfdetect.image;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A native library's release number, major.minor.revision, as its maintainers number releases. */
public record LibraryVersion(int major, int minor, int revision) implements Comparable<LibraryVersion> {

    private static final Pattern DOTTED = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Comparator<LibraryVersion> ORDER = Comparator.comparingInt(LibraryVersion::major)
            .thenComparingInt(LibraryVersion::minor).thenComparingInt(LibraryVersion::revision);

    /** "1.2.4", "1.3" (revision 0), or the leading number of "1.2.4-0.2+deb12u1". */
    public static Optional<LibraryVersion> parse(String text) {
        Matcher m = DOTTED.matcher(text == null ? "" : text.trim());
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        return Optional.of(new LibraryVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }

    /** libwebp's packed form, as WebPGetDecoderVersion returns it: 0xMMmmrr. */
    public static LibraryVersion ofWebpNumber(int packed) {
        return new LibraryVersion(packed >> 16 & 0xFF, packed >> 8 & 0xFF, packed & 0xFF);
    }

    public boolean isBefore(LibraryVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(LibraryVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + revision;
    }
}
