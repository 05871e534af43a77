package com.purepost.dfdetect.docs;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The anchor GitHub gives a heading: the heading's rendered text in lower case, everything but
 * letters, digits, spaces, hyphens and underscores removed, spaces turned into hyphens.
 */
final class GithubSlug {

    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");
    private static final Pattern NOT_KEPT = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

    private GithubSlug() {
    }

    static String of(String headingMarkdown) {
        String rendered = LINK.matcher(headingMarkdown).replaceAll("$1");
        rendered = HTML_TAG.matcher(rendered).replaceAll("");
        String lower = rendered.strip().toLowerCase(Locale.ROOT);
        return NOT_KEPT.matcher(lower).replaceAll("").replace(' ', '-');
    }
}
