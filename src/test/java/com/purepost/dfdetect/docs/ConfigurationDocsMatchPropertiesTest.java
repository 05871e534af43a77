package com.purepost.dfdetect.docs;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.support.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md lists exactly the settings of the one properties record, {@link DfdetectProperties}:
 * a setting added in code and missing from the docs fails the build, and so does a row for a setting
 * the code no longer has, a variable that does not bind the property, or a default the code does not
 * use. Settings tables live in docs/configuration.md only, so that no copy drifts apart.
 */
class ConfigurationDocsMatchPropertiesTest {

    /** The header of a settings table; the first column holds the property, in backticks. */
    static final List<String> SETTINGS_HEADER = List.of("property", "variable", "default", "meaning");
    static final String CONFIGURATION_DOC = "docs/configuration.md";

    /** Names in backticks that look like settings but are not, and the file that shows what they are. */
    static final Map<String, String> NOT_SETTINGS = Map.of(
            "dfdetect.requests", "src/main/java/com/purepost/dfdetect/detect/RequestLog.java",   // the request log's logger
            "dfdetect.excluded-tags", "pom.xml");                                                  // the build's tag filter

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]*)`");
    private static final Pattern PROPERTY_LIKE = Pattern.compile("dfdetect\\.[a-z0-9][a-z0-9.-]*[a-z0-9]");

    static List<RecordSettings.Setting> settingsInCode() {
        return RecordSettings.of(DfdetectProperties.class);
    }

    /** Every row of the settings tables of docs/configuration.md, by its property (in order, repeats kept). */
    static List<Row> documentedRows() {
        MarkdownFile doc = MarkdownFile.read(ProjectFiles.resolve(CONFIGURATION_DOC));
        List<Row> rows = new ArrayList<>();
        for (MarkdownFile.Table table : doc.tables()) {
            if (table.header().equals(SETTINGS_HEADER)) {
                for (List<String> cells : table.rows()) {
                    rows.add(new Row(unquote(cells.get(0)), unquote(cells.get(1)), cells.get(2)));
                }
            }
        }
        return rows;
    }

    /** One row: the property and variable without their backticks, the default cell as written. */
    record Row(String property, String variable, String defaultCell) {
    }

    @Test
    void everySettingOfThePropertiesRecordHasARow() {
        Set<String> documented = documentedRows().stream().map(Row::property).collect(Collectors.toSet());
        List<String> missing = settingsInCode().stream().map(RecordSettings.Setting::property)
                .filter(p -> !documented.contains(p)).toList();
        assertThat(missing).as("settings of DfdetectProperties with no row in " + CONFIGURATION_DOC).isEmpty();
    }

    @Test
    void everyDfdetectRowIsASettingOfThePropertiesRecord() {
        Set<String> inCode = settingsInCode().stream().map(RecordSettings.Setting::property).collect(Collectors.toSet());
        List<String> unknown = documentedRows().stream().map(Row::property)
                .filter(p -> p.startsWith("dfdetect.") && !inCode.contains(p)).toList();
        assertThat(unknown).as("rows of " + CONFIGURATION_DOC + " that DfdetectProperties does not have").isEmpty();
    }

    @Test
    void noSettingHasTwoRows() {
        Map<String, Long> counts = documentedRows().stream().collect(Collectors.groupingBy(Row::property, Collectors.counting()));
        assertThat(counts).allSatisfy((property, count) -> assertThat(count).as(property).isEqualTo(1L));
    }

    @Test
    void eachDfdetectRowsVariableIsTheOneSpringBindsToItsProperty() {
        for (Row row : documentedRows()) {
            if (row.property().startsWith("dfdetect.")) {
                assertThat(row.variable()).as(row.property()).isEqualTo(RecordSettings.environmentVariable(row.property()));
            }
        }
    }

    @Test
    void eachDfdetectRowsDefaultIsTheRecordsDefault() {
        Map<String, Row> rows = documentedRows().stream().collect(Collectors.toMap(Row::property, Function.identity(), (a, b) -> a));
        for (RecordSettings.Setting setting : settingsInCode()) {
            Row row = rows.get(setting.property());
            if (row == null) {
                continue; // reported by everySettingOfThePropertiesRecordHasARow
            }
            Optional<String> documented = firstCodeSpan(row.defaultCell());
            if (setting.defaultValue().isPresent()) {
                assertThat(documented).as("default of " + setting.property() + " (write it first, in backticks)")
                        .contains(setting.defaultValue().get());
            } else {
                assertThat(row.defaultCell()).as("default of " + setting.property() + ", which the record leaves empty")
                        .startsWith("none");
            }
        }
    }

    @Test
    void settingsTablesAreInTheConfigurationDocOnly() {
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            if (!doc.name().equals(CONFIGURATION_DOC)) {
                assertThat(doc.tables()).as(doc.name() + " has a settings table; link to " + CONFIGURATION_DOC + " instead")
                        .noneMatch(t -> t.header().equals(SETTINGS_HEADER));
            }
        }
    }

    @Test
    void everyDfdetectNameInBackticksIsASettingOrOneOfItsGroups() throws IOException {
        Set<String> known = new java.util.HashSet<>();
        for (RecordSettings.Setting setting : settingsInCode()) {
            String name = setting.property();
            known.add(name);
            for (int dot = name.indexOf('.', "dfdetect.".length()); dot > 0; dot = name.indexOf('.', dot + 1)) {
                known.add(name.substring(0, dot));
            }
        }
        for (Map.Entry<String, String> notSetting : NOT_SETTINGS.entrySet()) {
            assertThat(Files.readString(ProjectFiles.resolve(notSetting.getValue())))
                    .as(notSetting.getKey() + " is still what " + notSetting.getValue() + " names").contains(notSetting.getKey());
            known.add(notSetting.getKey());
        }
        Map<String, String> unknown = new LinkedHashMap<>();
        for (MarkdownFile doc : MarkdownFile.projectDocs()) {
            for (String span : doc.inlineCode()) {
                if (PROPERTY_LIKE.matcher(span).matches() && !known.contains(span)) {
                    unknown.put(span, doc.name());
                }
            }
        }
        assertThat(unknown).as("names in backticks that are no setting of DfdetectProperties").isEmpty();
    }

    @Test
    void walksNestedRecordsAndNamesSettingsAsSpringBindsThem() {
        List<RecordSettings.Setting> settings = RecordSettings.of(Sample.class);

        assertThat(settings).containsExactly(
                new RecordSettings.Setting("sample.top-level", "SAMPLE_TOP_LEVEL", Optional.of("x")),
                new RecordSettings.Setting("sample.inner.stand-in-when-missing", "SAMPLE_INNER_STAND_IN_WHEN_MISSING", Optional.of("true")),
                new RecordSettings.Setting("sample.inner.sha256", "SAMPLE_INNER_SHA256", Optional.empty()),
                new RecordSettings.Setting("sample.inner.count", "SAMPLE_INNER_COUNT", Optional.of("0")),
                new RecordSettings.Setting("sample.inner.renamed", "SAMPLE_INNER_RENAMED", Optional.empty()),
                new RecordSettings.Setting("sample.inner.origins", "SAMPLE_INNER_ORIGINS", Optional.empty()));
        assertThat(settingsInCode()).extracting(RecordSettings.Setting::property)
                .contains("dfdetect.model.stand-in-when-missing", "dfdetect.limits.max-part-header-size", "dfdetect.s3.model-download-timeout");
    }

    private static Optional<String> firstCodeSpan(String cell) {
        Matcher span = CODE_SPAN.matcher(cell);
        return span.find() ? Optional.of(span.group(1)) : Optional.empty();
    }

    private static String unquote(String cell) {
        return cell.replace("`", "").strip();
    }

    @ConfigurationProperties(prefix = "sample")
    record Sample(@DefaultValue("x") String topLevel, @DefaultValue Inner inner) {
        record Inner(@DefaultValue("true") boolean standInWhenMissing, String sha256, int count,
                     @Name("renamed") String javaName, @DefaultValue("") List<String> origins) {
        }
    }
}
