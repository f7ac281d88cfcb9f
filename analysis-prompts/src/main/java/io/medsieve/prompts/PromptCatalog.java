package io.medsieve.prompts;

import io.medsieve.events.AnalysisTask;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The released prompt templates, loaded from this module's resources ({@code prompts/catalog.properties} names the
 * current template of each task). Kept as resources rather than string constants so a prompt change is a reviewed
 * new file, not an edit hidden in code.
 */
public final class PromptCatalog {

    /** Class-path location of the extraction output JSON Schema. */
    public static final String EXTRACTION_SCHEMA = "prompts/extraction-output.v1.schema.json";

    /** Class-path location of the coding output JSON Schema (the shape the coding template asks for). */
    public static final String CODING_SCHEMA = "prompts/coding-output.v1.schema.json";

    private final Map<AnalysisTask, PromptTemplate> templates;

    private PromptCatalog(Map<AnalysisTask, PromptTemplate> templates) {
        this.templates = templates;
    }

    /** The templates shipped with this module; fails fast if a task has none. */
    public static PromptCatalog standard() {
        Properties catalog = new Properties();
        try (InputStream in = resource("prompts/catalog.properties")) {
            catalog.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prompt catalog", e);
        }
        Map<AnalysisTask, PromptTemplate> templates = new EnumMap<>(AnalysisTask.class);
        for (AnalysisTask task : AnalysisTask.values()) {
            String ref = catalog.getProperty(task.name());
            if (ref == null || ref.indexOf('@') < 1) {
                throw new IllegalStateException("no prompt template for task " + task);
            }
            String id = ref.substring(0, ref.indexOf('@'));
            String version = ref.substring(ref.indexOf('@') + 1);
            String instructions = text("prompts/" + id + ".v" + version + ".txt").strip();
            boolean json = task != AnalysisTask.SUMMARY;
            if (task == AnalysisTask.EXTRACTION) {
                instructions = instructions + "\n" + extractionSchema();
            }
            templates.put(task, new PromptTemplate(id, version, task, instructions, json));
        }
        return new PromptCatalog(Map.copyOf(templates));
    }

    /** The current template of a task. */
    public PromptTemplate template(AnalysisTask task) {
        return templates.get(task);
    }

    /** The extraction output JSON Schema (draft 2020-12), for prompts and for validating answers. */
    public static String extractionSchema() {
        return text(EXTRACTION_SCHEMA).strip();
    }

    /** The coding output JSON Schema (draft 2020-12), for validating answers. */
    public static String codingSchema() {
        return text(CODING_SCHEMA).strip();
    }

    private static String text(String path) {
        try (InputStream in = resource(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = PromptCatalog.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing resource " + path);
        }
        return in;
    }
}
