package com.purepost.dfdetect.docs;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.support.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands the README and docs/ show are the ones the project runs: a reader who copies one gets
 * what the docs say. Scripts exist and are executable, benchmark subcommands are the script's, test
 * classes and methods exist, Dockerfile targets are its stages, every {@code DFDETECT_*} variable binds
 * a setting (or is one of the few read elsewhere), every {@code -Ddfdetect.*} is read by a test, and
 * every launch of the service exits on OutOfMemoryError.
 */
class DocumentedCommandsExistTest {

    /** The README's first lines, as a fresh clone runs them. */
    static final String SERVE_COMMAND = "mvn -B -q package -DskipTests && java -XX:+ExitOnOutOfMemoryError -jar target/dfdetect.jar";
    static final String TEST_COMMAND = "tools/test.sh";

    /**
     * {@code DFDETECT_*} variables the docs may show that bind no setting of the record: each with the
     * project file that reads it, or null when PurePost's backend reads it.
     */
    static final Map<String, String> VARIABLES_OUTSIDE_THE_RECORD = new LinkedHashMap<>();

    static {
        VARIABLES_OUTSIDE_THE_RECORD.put("DFDETECT_FUZZ_SECONDS", "tools/test.sh");   // how long CI fuzzes each target
        VARIABLES_OUTSIDE_THE_RECORD.put("DFDETECT_SERVICE_URL", null);               // PurePost's backend: where dfdetect answers
        VARIABLES_OUTSIDE_THE_RECORD.put("DFDETECT_CONTAINER_TESTS", "tools/test.sh"); // 0 skips building and testing the images
        VARIABLES_OUTSIDE_THE_RECORD.put("DFDETECT_IMAGE", "compose.yaml");          // the tag compose runs
        VARIABLES_OUTSIDE_THE_RECORD.put("DFDETECT_PORT", "compose.yaml");           // the host port compose publishes
    }

    private static final Pattern TOOL = Pattern.compile("(?<![\\w/.-])tools/[\\w.-]+");
    private static final Pattern BENCH_SUBCOMMAND = Pattern.compile("tools/bench\\.sh\\s+([\\w-]+)");
    private static final Pattern BENCH_SCRIPT_ENTRY = Pattern.compile("^\\s*\\[([\\w-]+)\\]=", Pattern.MULTILINE);
    private static final Pattern VARIABLE = Pattern.compile("\\bDFDETECT_[A-Z0-9_]*[A-Z0-9]");
    private static final Pattern TEST_CLASS = Pattern.compile("(?<![*@\\w.])([A-Z]\\w*Test)(?:#(\\w+))?(?![\\w*])");
    private static final Pattern TEST_SELECTION = Pattern.compile("-Dtest=(?:'([^']*)'|\"([^\"]*)\"|(\\S+))");
    private static final Pattern DOCKER_TARGET = Pattern.compile("--target[ =]([\\w.-]+)");
    private static final Pattern DOCKERFILE_STAGE = Pattern.compile("^FROM\\s+\\S+\\s+AS\\s+([\\w.-]+)", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final Pattern SYSTEM_PROPERTY = Pattern.compile("-D(dfdetect\\.[\\w.-]*\\w)=");
    private static final Pattern EVENT_FILE = Pattern.compile("events/[\\w.-]+\\.json");
    private static final Pattern LEADING_ASSIGNMENTS = Pattern.compile("^(?:[A-Z_][A-Z0-9_]*=\\S*\\s+)+");

    @Test
    void theReadmeOpensWithTheTwoCommandsAndCiRunsTheSecond() throws IOException {
        MarkdownFile readme = MarkdownFile.read(ProjectFiles.resolve("README.md"));
        MarkdownFile.CodeBlock first = readme.codeBlocks().get(0);

        assertThat(first.line()).as("the first code block opens the README").isLessThanOrEqualTo(3);
        assertThat(first.lines()).hasSize(2);
        assertThat(first.lines().get(0)).startsWith(SERVE_COMMAND + " ");
        assertThat(first.lines().get(1)).startsWith(TEST_COMMAND + " ");
        assertThat(Files.readAllLines(ProjectFiles.resolve(".ci/run")))
                .anyMatch(line -> line.strip().equals("exec " + TEST_COMMAND) || line.strip().equals(TEST_COMMAND));
    }

    @Test
    void everyToolNamedInTheDocsExistsAndThoseRunAsCommandsAreExecutable() {
        Map<String, String> missing = new LinkedHashMap<>();
        Map<String, String> notExecutable = new LinkedHashMap<>();
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            for (String code : doc.allCode()) {
                Matcher tool = TOOL.matcher(code);
                while (tool.find()) {
                    if (!Files.isRegularFile(ProjectFiles.resolve(tool.group()))) {
                        missing.put(tool.group(), doc.name());
                    }
                }
            }
            for (String command : shellCommands(doc)) {
                String program = LEADING_ASSIGNMENTS.matcher(command).replaceFirst("").replaceFirst("^taskset\\s+-c\\s+\\S+\\s+", "").split("\\s+")[0];
                if (program.startsWith("tools/") && !Files.isExecutable(ProjectFiles.resolve(program))) {
                    notExecutable.put(program, doc.name());
                }
            }
        }
        assertThat(missing).as("tools/ scripts the docs name that do not exist").isEmpty();
        assertThat(notExecutable).as("tools/ scripts the docs run that are not executable").isEmpty();
    }

    @Test
    void everyBenchSubcommandShownIsOneTheScriptAccepts() {
        Set<String> accepted = benchSubcommands();
        Map<String, String> unknown = new LinkedHashMap<>();
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            for (String code : doc.allCode()) {
                Matcher subcommand = BENCH_SUBCOMMAND.matcher(code);
                while (subcommand.find()) {
                    if (!accepted.contains(subcommand.group(1))) {
                        unknown.put(subcommand.group(), doc.name());
                    }
                }
            }
        }
        assertThat(unknown).as("tools/bench.sh accepts " + accepted).isEmpty();
    }

    @Test
    void everyBenchSubcommandIsDocumentedInPerformance() {
        String performance = String.join("\n", MarkdownFile.read(ProjectFiles.resolve("docs/performance.md")).allCode());
        Set<String> shown = new TreeSet<>();
        Matcher subcommand = BENCH_SUBCOMMAND.matcher(performance);
        while (subcommand.find()) {
            shown.add(subcommand.group(1));
        }
        assertThat(shown).containsAll(benchSubcommands());
    }

    @Test
    void everyDfdetectVariableShownBindsASettingOrIsReadWhereTheTestSays() throws IOException {
        Set<String> bound = RecordSettings.of(DfdetectProperties.class).stream()
                .map(RecordSettings.Setting::environmentVariable).collect(Collectors.toSet());
        for (Map.Entry<String, String> outside : VARIABLES_OUTSIDE_THE_RECORD.entrySet()) {
            if (outside.getValue() != null) {
                assertThat(Files.readString(ProjectFiles.resolve(outside.getValue())))
                        .as(outside.getKey() + " is read by " + outside.getValue()).contains(outside.getKey());
            }
        }
        Map<String, String> unknown = new LinkedHashMap<>();
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            Matcher variable = VARIABLE.matcher(String.join("\n", doc.lines()));
            while (variable.find()) {
                String name = variable.group();
                if (!bound.contains(name) && !VARIABLES_OUTSIDE_THE_RECORD.containsKey(name)) {
                    unknown.put(name, doc.name());
                }
            }
        }
        assertThat(unknown).as("DFDETECT_* variables that bind no setting of DfdetectProperties").isEmpty();
    }

    @Test
    void everyTestClassAndMethodNamedInTheDocsExists() {
        Map<String, Path> testSources = testSources();
        Map<String, String> missing = new LinkedHashMap<>();
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            for (String code : doc.allCode()) {
                Matcher named = TEST_CLASS.matcher(code);
                while (named.find()) {
                    String problem = missingTest(testSources, named.group(1), named.group(2));
                    if (problem != null) {
                        missing.put(problem, doc.name());
                    }
                }
                Matcher selection = TEST_SELECTION.matcher(code);
                while (selection.find()) {
                    String patterns = Stream.of(selection.group(1), selection.group(2), selection.group(3))
                            .filter(g -> g != null).findFirst().orElseThrow();
                    for (String pattern : patterns.split(",")) {
                        if (!selectsATest(testSources, pattern.strip())) {
                            missing.put("-Dtest=" + pattern, doc.name());
                        }
                    }
                }
            }
        }
        assertThat(missing).as("test classes, methods or -Dtest patterns the docs name that match no test").isEmpty();
    }

    @Test
    void everyDockerTargetShownIsAStageOfTheDockerfile() throws IOException {
        Set<String> stages = new LinkedHashSet<>();
        Matcher stage = DOCKERFILE_STAGE.matcher(Files.readString(ProjectFiles.resolve("Dockerfile")));
        while (stage.find()) {
            stages.add(stage.group(1));
        }
        Map<String, String> unknown = new LinkedHashMap<>();
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            for (String code : doc.allCode()) {
                Matcher target = DOCKER_TARGET.matcher(code);
                while (target.find()) {
                    if (!stages.contains(target.group(1))) {
                        unknown.put(target.group(), doc.name());
                    }
                }
            }
        }
        assertThat(unknown).as("the Dockerfile's stages are " + stages).isEmpty();
    }

    @Test
    void everyDfdetectSystemPropertyShownIsASettingOrReadByTheBuild() {
        Set<String> settings = RecordSettings.of(DfdetectProperties.class).stream()
                .map(RecordSettings.Setting::property).collect(Collectors.toSet());
        String buildAndTests = testAndBuildText();
        Map<String, String> unread = new LinkedHashMap<>();
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            for (String code : doc.allCode()) {
                Matcher property = SYSTEM_PROPERTY.matcher(code);
                while (property.find()) {
                    String name = property.group(1);
                    if (!settings.contains(name) && !buildAndTests.contains("\"" + name + "\"") && !buildAndTests.contains("<" + name + ">")) {
                        unread.put(name, doc.name());
                    }
                }
            }
        }
        assertThat(unread).as("-Ddfdetect.* properties no setting, test or pom.xml reads").isEmpty();
    }

    @Test
    void everyEventFileShownExists() {
        Map<String, String> missing = new LinkedHashMap<>();
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            for (String code : doc.allCode()) {
                Matcher event = EVENT_FILE.matcher(code);
                while (event.find()) {
                    if (!Files.isRegularFile(ProjectFiles.resolve(event.group()))) {
                        missing.put(event.group(), doc.name());
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyLaunchOfTheServiceShownExitsOnOutOfMemory() {
        List<String> launches = new ArrayList<>();
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            for (String command : shellCommands(doc)) {
                boolean startsTheService = command.matches(".*\\bjava\\s.*") && (command.contains("dfdetect.jar") || command.contains("FunctionInvoker"))
                        // tools that read the jar, and the class-data training run, serve nothing
                        && !command.contains("-Djarmode=tools") && !command.contains("-Dspring.context.exit=onRefresh");
                if (startsTheService && !command.contains("-XX:+ExitOnOutOfMemoryError")) {
                    launches.add(doc.name() + ": " + command);
                }
            }
        }
        assertThat(launches).as("launches without -XX:+ExitOnOutOfMemoryError").isEmpty();
    }

    /** The shell commands of a document's {@code sh} code blocks, continuation lines joined, comments dropped. */
    static List<String> shellCommands(MarkdownFile doc) {
        List<String> commands = new ArrayList<>();
        for (MarkdownFile.CodeBlock block : doc.codeBlocks()) {
            if (!block.info().equals("sh") && !block.info().equals("bash") && !block.info().equals("shell")) {
                continue;
            }
            StringBuilder command = new StringBuilder();
            for (String line : block.lines()) {
                String text = line.strip();
                if (text.startsWith("#")) {
                    continue;
                }
                if (text.endsWith("\\")) {
                    command.append(text, 0, text.length() - 1).append(' ');
                    continue;
                }
                command.append(text.replaceFirst("\\s+#.*$", ""));
                for (String part : command.toString().split("&&|;")) {
                    if (!part.isBlank()) {
                        commands.add(part.strip());
                    }
                }
                command.setLength(0);
            }
        }
        return commands;
    }

    private static Set<String> benchSubcommands() {
        try {
            Set<String> names = new TreeSet<>();
            Matcher entry = BENCH_SCRIPT_ENTRY.matcher(Files.readString(ProjectFiles.resolve("tools/bench.sh")));
            while (entry.find()) {
                names.add(entry.group(1));
            }
            assertThat(names).as("tools/bench.sh's subcommands").isNotEmpty();
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every test source of the project by its class's simple name. */
    private static Map<String, Path> testSources() {
        Path root = ProjectFiles.resolve("src/test/java");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .collect(Collectors.toMap(p -> p.getFileName().toString().replace(".java", ""), p -> p, (a, b) -> a));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String missingTest(Map<String, Path> sources, String className, String method) {
        Path source = sources.get(className);
        if (source == null) {
            return className;
        }
        if (method != null && !read(source).matches("(?s).*\\b" + Pattern.quote(method) + "\\s*\\(.*")) {
            return className + "#" + method;
        }
        return null;
    }

    /** Surefire's -Dtest pattern: a class name with * wildcards and an optional #method, or a package with **. */
    private static boolean selectsATest(Map<String, Path> sources, String pattern) {
        String classPart = pattern.replaceFirst("#.*", "");
        String method = pattern.contains("#") ? pattern.substring(pattern.indexOf('#') + 1) : null;
        if (classPart.contains(".")) {
            Path packageDir = ProjectFiles.resolve("src/test/java/" + classPart.replaceFirst("\\.\\*\\*$", "").replace('.', '/'));
            return Files.isDirectory(packageDir) || Files.isRegularFile(Path.of(packageDir + ".java"));
        }
        Pattern glob = Pattern.compile(classPart.replace("*", "\\w*"));
        return sources.entrySet().stream().anyMatch(e -> glob.matcher(e.getKey()).matches()
                && (method == null || read(e.getValue()).matches("(?s).*\\b" + Pattern.quote(method) + "\\s*\\(.*")));
    }

    private static String testAndBuildText() {
        StringBuilder text = new StringBuilder(read(ProjectFiles.resolve("pom.xml")));
        testSources().values().forEach(source -> text.append('\n').append(read(source)));
        return text.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
