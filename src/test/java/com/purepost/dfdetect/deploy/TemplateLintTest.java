package com.purepost.dfdetect.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * template.yaml passes cfn-lint (which runs AWS's SAM translator) for each value of ApiAuth. cfn-lint
 * does not apply AWS::LanguageExtensions, which resolves the Api's conditional Auth at deploy time, so
 * each case is linted with that one property resolved as the transform would, and the rest as written.
 * Skipped where cfn-lint is not installed.
 */
class TemplateLintTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void passesCfnLintForEachWayOfAuthenticatingCallers(@TempDir Path dir) throws Exception {
        Path cfnLint = onPath("cfn-lint");
        assumeTrue(cfnLint != null, "cfn-lint is not installed");
        Map<String, Object> apiKey = Map.of("ApiKeyRequired", true);
        Map<String, Object> iam = Map.of("DefaultAuthorizer", "AWS_IAM");
        List<String> command = new ArrayList<>(List.of(cfnLint.toString(),
                // The condition used only by the Auth property resolved here.
                "--ignore-checks", "W8001", "--"));
        for (Map.Entry<String, Map<String, Object>> auth : Map.of("API_KEY", apiKey, "AWS_IAM", iam, "NONE", Map.<String, Object>of())
                .entrySet()) {
            Path resolved = dir.resolve("template-" + auth.getKey() + ".json");
            Files.writeString(resolved, JSON.writeValueAsString(withAuth(auth.getValue())), StandardCharsets.UTF_8);
            command.add(resolved.toString());
        }

        Process lint = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(lint.exitValue()).as(output).isZero();
    }

    /** The template as AWS::LanguageExtensions hands it to the SAM transform, with the Api's Auth resolved. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withAuth(Map<String, Object> auth) throws Exception {
        Map<String, Object> template = new LinkedHashMap<>(CloudFormationYaml.read(Path.of("template.yaml")));
        assertThat((List<Object>) template.get("Transform")).containsExactly("AWS::LanguageExtensions", "AWS::Serverless-2016-10-31");
        template.put("Transform", "AWS::Serverless-2016-10-31");
        Map<String, Object> api = (Map<String, Object>) ((Map<String, Object>) template.get("Resources")).get("Api");
        Map<String, Object> properties = (Map<String, Object>) api.get("Properties");
        assertThat(properties.get("Auth")).as("the Auth resolved here").isInstanceOf(Map.class);
        assertThat(((Map<String, Object>) properties.get("Auth"))).containsOnlyKeys("Fn::If");
        if (auth.isEmpty()) {
            properties.remove("Auth");
        } else {
            properties.put("Auth", auth);
        }
        return template;
    }

    private static Path onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
