package org.bss.platform.apidocs.internal;

import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML documents as trees of maps, lists and scalars, read the way YAML 1.2 (and JSON) reads them: SnakeYAML
 * follows YAML 1.1, where {@code on}, {@code yes} and {@code no} are booleans, {@code 2026-01-05} is a date and
 * {@code 1:30} a number, which would change the examples and keys of an API document. Written back (for
 * {@code /v3/api-docs.yaml}) with YAML 1.1's rules, so that such strings are quoted for readers of either version.
 */
public final class YamlTrees {

    private static final int MAX_DOCUMENT = 8 * 1024 * 1024;

    private YamlTrees() {
    }

    /** The document as a tree; its top is a mapping. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_DOCUMENT);
        options.setAllowDuplicateKeys(false);
        DumperOptions dumper = new DumperOptions();
        Object tree = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Core())
                .load(text);
        if (!(tree instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the document is not a YAML mapping");
        }
        return (Map<String, Object>) map;
    }

    /** The tree as block-style YAML. */
    public static String write(Map<String, Object> tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(0);
        options.setWidth(120);
        options.setSplitLines(false);
        return new Yaml(options).dump(tree);
    }

    /** YAML 1.2's core schema: true/false, null and ~, decimal integers and floats; every other plain scalar is a string. */
    private static final class Core extends Resolver {

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|false)$"), "tf");
            addImplicitResolver(Tag.INT, Pattern.compile("^-?(?:0|[1-9][0-9]*)$"), "-0123456789");
            addImplicitResolver(Tag.FLOAT, Pattern.compile("^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$"),
                    "-0123456789");
            addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|)$"), "~n\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
