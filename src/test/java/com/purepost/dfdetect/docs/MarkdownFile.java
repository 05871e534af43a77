package com.purepost.dfdetect.docs;

import com.purepost.dfdetect.support.ProjectFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Markdown document of the project, read as GitHub renders it, as far as the docs checks need:
 * its headings' anchors, its links, its fenced code blocks, its inline code and its pipe tables.
 * Fenced code never counts as prose: a link or a heading inside a code block is text.
 */
final class MarkdownFile {

    /** A link written in the prose, {@code [text](target)} or {@code [label]: target}, and its line. */
    record Link(String target, int line) {
    }

    /** A fenced code block: its info string ({@code sh}, {@code json}, ...), its lines and where it starts. */
    record CodeBlock(String info, List<String> lines, int line) {
    }

    /** A pipe table: its header cells and its rows' cells, trimmed, {@code \|} unescaped. */
    record Table(List<String> header, List<List<String>> rows, int line) {
    }

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```+|~~~+)\\s*([^`\\s]*).*$");
    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");

    private final Path path;
    private final List<String> lines;
    /** For each line: true when it is part of a fenced code block, its fences included. */
    private final boolean[] inCode;

    private MarkdownFile(Path path, List<String> lines) {
        this.path = path;
        this.lines = lines;
        this.inCode = fencedLines(lines);
    }

    static MarkdownFile read(Path path) {
        try {
            return new MarkdownFile(path, Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Markdown written in place of a file (for the checks' own tests). */
    static MarkdownFile of(Path path, String text) {
        return new MarkdownFile(path, text.lines().toList());
    }

    /** The documents the checks cover: README.md and every {@code docs/*.md}, so a new one is covered at once. */
    static List<MarkdownFile> projectDocs() {
        Path root = ProjectFiles.projectDir();
        List<MarkdownFile> docs = new ArrayList<>();
        docs.add(read(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().map(MarkdownFile::read).forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    Path path() {
        return path;
    }

    /** The path from the project's root, for messages: {@code docs/lambda.md}. */
    String name() {
        Path root = ProjectFiles.projectDir();
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    List<String> lines() {
        return lines;
    }

    /**
     * The anchors GitHub gives this document: one per heading (a repeated slug gets {@code -1},
     * {@code -2}, ...), plus explicit {@code <a id="...">} anchors.
     */
    List<String> anchors() {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (inCode[i]) {
                continue;
            }
            Matcher heading = ATX_HEADING.matcher(lines.get(i));
            if (heading.matches()) {
                String slug = GithubSlug.of(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            Matcher html = HTML_ANCHOR.matcher(lines.get(i));
            while (html.find()) {
                anchors.add(html.group(1));
            }
        }
        return anchors;
    }

    /** Every link of the prose: inline links, images and reference definitions; code is skipped. */
    List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (inCode[i]) {
                continue;
            }
            String prose = INLINE_CODE.matcher(lines.get(i)).replaceAll("");
            Matcher inline = INLINE_LINK.matcher(prose);
            while (inline.find()) {
                links.add(new Link(inline.group(1), i + 1));
            }
            Matcher definition = REFERENCE_DEFINITION.matcher(prose);
            if (definition.matches()) {
                links.add(new Link(definition.group(1), i + 1));
            }
        }
        return links;
    }

    List<CodeBlock> codeBlocks() {
        List<CodeBlock> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!inCode[i] || !fence.matches()) {
                i++;
                continue;
            }
            int start = i;
            List<String> body = new ArrayList<>();
            i++;
            while (i < lines.size() && inCode[i] && !isClosingFence(lines.get(i), fence.group(1))) {
                body.add(lines.get(i));
                i++;
            }
            blocks.add(new CodeBlock(fence.group(2), body, start + 1));
            i++;
        }
        return blocks;
    }

    /** The contents of every inline code span of the prose ({@code `like this`}). */
    List<String> inlineCode() {
        List<String> spans = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (inCode[i]) {
                continue;
            }
            Matcher span = INLINE_CODE.matcher(lines.get(i));
            while (span.find()) {
                spans.add(span.group(2).strip());
            }
        }
        return spans;
    }

    /** Every piece of code the document shows: inline spans and the lines of its code blocks. */
    List<String> allCode() {
        List<String> code = new ArrayList<>(inlineCode());
        codeBlocks().forEach(block -> code.addAll(block.lines()));
        return code;
    }

    List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        int i = 0;
        while (i + 1 < lines.size()) {
            if (inCode[i] || !lines.get(i).strip().startsWith("|") || !TABLE_SEPARATOR.matcher(lines.get(i + 1)).matches()) {
                i++;
                continue;
            }
            int start = i;
            List<String> header = cells(lines.get(i));
            List<List<String>> rows = new ArrayList<>();
            i += 2;
            while (i < lines.size() && !inCode[i] && lines.get(i).strip().startsWith("|")) {
                rows.add(cells(lines.get(i)));
                i++;
            }
            tables.add(new Table(header, rows, start + 1));
        }
        return tables;
    }

    /** A table row's cells: split on unescaped pipes, the outer ones dropped, {@code \|} made {@code |}. */
    static List<String> cells(String row) {
        String inner = row.strip();
        if (inner.startsWith("|")) {
            inner = inner.substring(1);
        }
        if (inner.endsWith("|") && !inner.endsWith("\\|")) {
            inner = inner.substring(0, inner.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.replace("\\|", "|").strip());
        }
        return cells;
    }

    private static boolean[] fencedLines(List<String> lines) {
        boolean[] fenced = new boolean[lines.size()];
        String open = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (open == null) {
                if (fence.matches()) {
                    open = fence.group(1);
                    fenced[i] = true;
                }
            } else {
                fenced[i] = true;
                if (isClosingFence(lines.get(i), open)) {
                    open = null;
                }
            }
        }
        return fenced;
    }

    /** A fence closes a block when it uses the opening's character, at least as many times, and nothing after. */
    private static boolean isClosingFence(String line, String opening) {
        String stripped = line.strip();
        char mark = opening.charAt(0);
        int run = 0;
        while (run < stripped.length() && stripped.charAt(run) == mark) {
            run++;
        }
        return run >= opening.length() && run == stripped.length();
    }
}
