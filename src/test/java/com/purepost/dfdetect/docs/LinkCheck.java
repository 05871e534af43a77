package com.purepost.dfdetect.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What is wrong with a document's relative links: a target that does not exist, or an
 * {@code #anchor} that no heading of the target (a Markdown file) has. Links to the web are left alone.
 */
final class LinkCheck {

    private static final Pattern EXTERNAL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    private LinkCheck() {
    }

    /** Each problem as {@code file:line: what}, empty when every relative link resolves. */
    static List<String> problems(MarkdownFile document) {
        List<String> problems = new ArrayList<>();
        for (MarkdownFile.Link link : document.links()) {
            String problem = problem(document, link.target());
            if (problem != null) {
                problems.add(document.name() + ":" + link.line() + ": " + problem);
            }
        }
        return problems;
    }

    private static String problem(MarkdownFile document, String target) {
        if (EXTERNAL.matcher(target).matches()) {
            return null;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? document.path() : document.path().getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "links to " + target + ", but " + file + " does not exist";
        }
        if (anchor == null) {
            return null;
        }
        if (!resolved.getFileName().toString().endsWith(".md") || Files.isDirectory(resolved)) {
            return "links to " + target + ", an anchor in a file that is not Markdown";
        }
        List<String> anchors = resolved.equals(document.path()) ? document.anchors() : MarkdownFile.read(resolved).anchors();
        if (!anchors.contains(anchor)) {
            return "links to " + target + ", but " + (file.isEmpty() ? "this file" : file)
                    + " has no heading with that anchor (it has: " + String.join(", ", anchors) + ")";
        }
        return null;
    }
}
