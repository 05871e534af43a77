package com.purepost.dfdetect.docs;

import com.purepost.dfdetect.support.ProjectFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader of the README or of {@code docs/} can follow every link: each relative link names a file
 * that exists and, with an {@code #anchor}, a heading of that file as GitHub names it. Every document
 * of {@code docs/} is one click from the README.
 */
class DocsLinksResolveTest {

    /** A document named in code or a build file: README.md, any other upper-case .md, or docs/*.md, with an optional #anchor. */
    private static final Pattern DOCUMENT_REFERENCE = Pattern.compile("\\b((?:docs/[\\w-]+|[A-Z][A-Z_]+)\\.md)(?:#([\\w-]+))?");
    /** Where code names documents: comments in sources, scripts, the Dockerfile, templates and the build. */
    private static final List<String> CODE_ROOTS = List.of("src", "tools", ".ci", "Dockerfile", "compose.yaml", "template.yaml", "pom.xml");

    /** "Fits on two screens": the README is a front door; details belong in docs/. */
    private static final int README_MAX_LINES = 160;

    @TestFactory
    Stream<DynamicTest> everyRelativeLinkAndAnchorResolves() {
        return MarkdownFile.projectDocs().stream().map(doc -> DynamicTest.dynamicTest(doc.name(),
                () -> assertThat(LinkCheck.problems(doc)).as("broken links in " + doc.name()).isEmpty()));
    }

    @Test
    void everyDocumentOfDocsIsLinkedFromTheReadme() {
        MarkdownFile readme = MarkdownFile.read(ProjectFiles.resolve("README.md"));
        List<String> targets = readme.links().stream().map(l -> l.target().replaceFirst("#.*", "")).toList();
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            if (!doc.name().equals("README.md")) {
                assertThat(targets).as("README.md links to " + doc.name()).contains(doc.name());
            }
        }
    }

    @Test
    void everyDocumentNamedInTheCodeAndBuildFilesExists() throws IOException {
        Path root = ProjectFiles.projectDir();
        List<String> problems = new ArrayList<>();
        for (Path file : filesThatMayNameADocument(root)) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher named = DOCUMENT_REFERENCE.matcher(lines.get(i));
                while (named.find()) {
                    String problem = referenceProblem(root, named.group(1), named.group(2));
                    if (problem != null) {
                        problems.add(root.relativize(file) + ":" + (i + 1) + ": " + problem);
                    }
                }
            }
        }
        assertThat(problems).as("documents and anchors named in code, scripts and build files").isEmpty();
    }

    @Test
    void theReadmeFitsOnTwoScreens() {
        assertThat(MarkdownFile.read(ProjectFiles.resolve("README.md")).lines()).hasSizeLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void findsAMissingFileAMissingAnchorAndAnAnchorMissingInItsOwnFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("other.md"), "# Other\n\n## Load, limits and shutdown\n");
        Path doc = dir.resolve("doc.md");
        Files.writeString(doc, """
                # Title

                ## Same heading
                ## Same heading

                [fine](other.md#load-limits-and-shutdown) [fine too](#same-heading-1) [web](https://example.com/x#y)
                [gone](missing.md) [wrong anchor](other.md#load-limits) [own](#nowhere)
                `[not a link](missing-in-code.md)`

                ```sh
                [also not a link](missing-in-a-block.md)
                ```
                """);

        List<String> problems = LinkCheck.problems(MarkdownFile.read(doc));

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains(":7:", "missing.md does not exist");
        assertThat(problems.get(1)).contains(":7:", "other.md#load-limits", "no heading with that anchor");
        assertThat(problems.get(2)).contains(":7:", "#nowhere", "this file");
    }

    private static List<Path> filesThatMayNameADocument(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : CODE_ROOTS) {
            Path start = root.resolve(name);
            if (Files.isRegularFile(start)) {
                files.add(start);
            } else if (Files.isDirectory(start)) {
                try (Stream<Path> walk = Files.walk(start)) {
                    walk.filter(Files::isRegularFile).filter(DocsLinksResolveTest::isText).forEach(files::add);
                }
            }
        }
        return files;
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        return name.matches(".*\\.(java|properties|xml|yaml|yml|sh|py|md|txt)$") || name.equals("run");
    }

    private static String referenceProblem(Path root, String document, String anchor) {
        Path target = root.resolve(document);
        if (!Files.isRegularFile(target)) {
            return document + " does not exist";
        }
        if (anchor != null && !MarkdownFile.read(target).anchors().contains(anchor)) {
            return document + " has no heading #" + anchor;
        }
        return null;
    }

    @Test
    void namesAnchorsAsGithubDoes() {
        assertThat(GithubSlug.of("Load, limits and shutdown")).isEqualTo("load-limits-and-shutdown");
        assertThat(GithubSlug.of("The Lambda handler, through the real runtime interface client"))
                .isEqualTo("the-lambda-handler-through-the-real-runtime-interface-client");
        assertThat(GithubSlug.of("S3: results and calls")).isEqualTo("s3-results-and-calls");
        assertThat(GithubSlug.of("`dfdetect.model.dir` and [the model](x.md)")).isEqualTo("dfdetectmodeldir-and-the-model");
        assertThat(GithubSlug.of("Read by the JVM and the AWS SDK")).isEqualTo("read-by-the-jvm-and-the-aws-sdk");
    }
}
