package io.medsieve.router.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.medsieve.router.domain.DocumentClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled examples from YAML: a list of {@code {class: LAB_REPORT, text: |...}}. A line that is exactly
 * {@value #PAGE_BREAK} becomes a form feed, the page separator of the redacted text the router receives.
 */
public final class LabelledExamples {

    public static final String PAGE_BREAK = "---page---";
    /** The training set bundled with the service; centroids are computed from it at start-up. */
    public static final String TRAINING_RESOURCE = "/classification/training.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private LabelledExamples() {
    }

    /** The bundled training set. */
    public static List<LabelledExample> training() {
        try (InputStream in = LabelledExamples.class.getResourceAsStream(TRAINING_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + TRAINING_RESOURCE);
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<LabelledExample> read(InputStream yaml) throws IOException {
        List<LabelledExample> examples = new ArrayList<>();
        for (JsonNode node : YAML.readTree(yaml)) {
            String text = node.get("text").asText().replace("\n" + PAGE_BREAK + "\n", "\f");
            examples.add(new LabelledExample(DocumentClass.valueOf(node.get("class").asText()), text));
        }
        return List.copyOf(examples);
    }
}
