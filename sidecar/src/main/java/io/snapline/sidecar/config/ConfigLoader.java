package io.snapline.sidecar.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the sidecar's YAML file into a {@link SnaplineConfig}, or fails with every error in it.
 *
 * <p>The file is composed into a node tree (not constructed into objects) so that each value
 * keeps its line, and so that snakeyaml resolves no tags and substitutes no variables of its own:
 * {@code ${VAR}} substitution is done here, in scalar values only, by {@link EnvSubstitution}.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads {@code file} to check it: heap rules are judged against {@code memory.max_heap}, or
     * this JVM's max heap without it.
     */
    public static SnaplineConfig load(Path file, Map<String, String> env) throws ConfigException {
        return load(file, env, Runtime.getRuntime().maxMemory());
    }

    /**
     * Loads {@code file} to run the engine in this JVM: as {@link #load(Path, Map)}, and a heap
     * smaller than {@code memory.max_heap} is an error at that key.
     */
    public static SnaplineConfig loadForRun(Path file, Map<String, String> env) throws ConfigException {
        return load(file, env, JvmHeap.thisJvm(true));
    }

    /** Loads {@code file}, with percentages of the heap taken of {@code maxHeapBytes} (without memory.max_heap). */
    public static SnaplineConfig load(Path file, Map<String, String> env, long maxHeapBytes) throws ConfigException {
        return load(file, env, JvmHeap.judging(maxHeapBytes));
    }

    public static SnaplineConfig load(Path file, Map<String, String> env, JvmHeap jvm) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, List.of(new ConfigError("", 0, "no such file")));
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, List.of(new ConfigError("", 0, "not UTF-8 text")));
        } catch (IOException e) {
            throw new ConfigException(name, List.of(new ConfigError("", 0, "cannot be read: " + e)));
        }
        return read(text, name, file, env, jvm);
    }

    /** Parses YAML text; {@code fileNameForMessages} only names it in errors. */
    public static SnaplineConfig parse(String yamlText, String fileNameForMessages, Map<String, String> env)
            throws ConfigException {
        return parse(yamlText, fileNameForMessages, env, Runtime.getRuntime().maxMemory());
    }

    public static SnaplineConfig parse(String yamlText, String fileNameForMessages, Map<String, String> env,
                                       long maxHeapBytes) throws ConfigException {
        return parse(yamlText, fileNameForMessages, env, JvmHeap.judging(maxHeapBytes));
    }

    public static SnaplineConfig parse(String yamlText, String fileNameForMessages, Map<String, String> env,
                                       JvmHeap jvm) throws ConfigException {
        return read(yamlText, fileNameForMessages, null, env, jvm);
    }

    private static SnaplineConfig read(String text, String name, Path file, Map<String, String> env,
                                       JvmHeap jvm) throws ConfigException {
        Errors errors = new Errors();
        Optional<Node> root = compose(text, name, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(name, errors.inLineOrder());
        }
        Optional<SnaplineConfig> config = Optional.empty();
        ReadContext context = new ReadContext(errors, new EnvSubstitution(env));
        if (root.isEmpty() || isNull(root.get())) {
            errors.add("", 1, "the file is empty; expected at least sources and output.chronicle.path");
        } else if (root.get() instanceof MappingNode mapping) {
            YamlMap map = new YamlMap(mapping, "", YamlValue.lineOf(mapping, 1), context);
            config = ConfigReader.read(map, file, jvm, errors);
        } else {
            errors.add("", YamlValue.lineOf(root.get(), 1), "expected a mapping with the sections "
                    + String.join(", ", ConfigReader.KEYS) + ", got " + (root.get() instanceof ScalarNode ? "a value" : "a list"));
        }
        if (!errors.isEmpty() || config.isEmpty()) {
            throw new ConfigException(name, errors.inLineOrder());
        }
        return config.get();
    }

    /** The node tree; a syntax error is recorded as the one error, at its line. */
    private static Optional<Node> compose(String text, String name, Errors errors) {
        LoadSettings settings = LoadSettings.builder().setLabel(name).setSchema(new CoreSchema()).build();
        try {
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(0);
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            errors.add("", line, "YAML syntax error: " + e.getProblem() + context);
        } catch (YamlEngineException e) {
            errors.add("", 0, "YAML error: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }
}
