package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code bss.*} setting is documented once, with its real default: the README's settings table is held to
 * the configuration processor's metadata (the same file IDEs complete from), both ways, and application.yaml
 * gives no second default.
 */
class SettingsTableTest {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(bss\\.[^`]+)`\\s*\\|\\s*([^|]*?)\\s*\\|.*$");

    @Test
    void theReadmeTableListsEverySettingWithItsDefault() throws IOException {
        Map<String, String> documented = readmeTable();
        Map<String, String> declared = metadata();

        List<String> problems = new ArrayList<>();
        declared.forEach((name, value) -> {
            String row = documented.containsKey(name) ? name : listRow(documented, name);
            if (row == null) {
                problems.add(name + ": missing from the README's settings table");
            } else if (!row.equals(name)) {
                // a list of records: its elements' fields have no defaults of their own
            } else if (!documented.get(name).equals(value)) {
                problems.add(name + ": the README says the default is '" + documented.get(name) + "', the code says '" + value + "'");
            }
        });
        documented.keySet().stream()
                .filter(name -> !declared.containsKey(name) && !declared.containsKey(name.replaceFirst("\\[n]\\..*$", "")))
                .forEach(name -> problems.add(name + ": in the README's settings table but not a setting of the platform"));
        assertThat(problems).as("README settings table vs the settings' metadata").isEmpty();
    }

    @Test
    void applicationYamlGivesNoSecondDefault() throws IOException {
        var sources = new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"));
        List<String> bss = new ArrayList<>();
        for (var source : sources) {
            if (source.getSource() instanceof Map<?, ?> map) {
                map.keySet().stream().map(String::valueOf).filter(k -> k.startsWith("bss.")).forEach(bss::add);
            }
        }
        assertThat(bss).as("bss.* defaults belong to their @ConfigurationProperties record, not to application.yaml").isEmpty();
    }

    /** Name to default of each bss.* property in every metadata file on the class path; "(none)" when it has none. */
    private static Map<String, String> metadata() throws IOException {
        Map<String, String> properties = new TreeMap<>();
        var resources = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:META-INF/spring-configuration-metadata.json");
        for (var resource : resources) {
            try (InputStream in = resource.getInputStream()) {
                JsonNode root = JsonMapper.shared().readTree(in);
                for (JsonNode property : root.path("properties")) {
                    String name = property.get("name").asString();
                    if (name.startsWith("bss.")) {
                        JsonNode value = property.get("defaultValue");
                        properties.put(name, value == null || value.isNull() ? "(none)"
                                : value.isArray() ? String.join(",", value.valueStream().map(JsonNode::asString).toList())
                                : value.asString());
                    }
                }
            }
        }
        assertThat(properties).as("bss.* settings in the metadata").isNotEmpty();
        return properties;
    }

    /** The rows of the README's settings table: one setting a row, its default in the second column. */
    private static Map<String, String> readmeTable() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Repository.root().resolve("README.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String value = row.group(2).replace("`", "").strip();
                assertThat(rows.put(row.group(1), value)).as("README: %s is in the table once", row.group(1)).isNull();
            }
        }
        return Collections.unmodifiableMap(rows);
    }

    private static String listRow(Map<String, String> documented, String name) {
        return documented.keySet().stream().filter(row -> row.startsWith(name + "[n].")).findFirst().orElse(null);
    }
}
