package io.medsieve.llmlocal.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventJson;
import io.medsieve.events.Sha256;
import io.medsieve.prompts.PromptCatalog;
import io.medsieve.prompts.PromptTemplate;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prepares the review packet of a HUMAN_ONLY document: what a reviewer needs to start (why the router kept the
 * document from every model, its class and confidence, the shape and digest of the redacted text, the tasks asked
 * for and the prompt templates they would use) without any model call. The packet never holds document text, only
 * counts and a digest, and it is checked against {@value #SCHEMA} before it leaves, so a reviewer tool can rely on
 * its shape.
 */
@ApplicationScoped
public class ReviewPackets {

    /** Classpath location of the packet's JSON schema. */
    public static final String SCHEMA = "schemas/review-packet.v1.schema.json";

    /** Media type of a stored packet. */
    public static final String MEDIA_TYPE = "application/json";

    /** The router's reason code for identifiers redaction could not remove (PolicyEngine, {@code phi.residual}). */
    static final String RESIDUAL_PHI_REASON = "phi.residual:";

    static final String NOTE = "No model ran on this document. The router sent it to human review only (see "
            + "routeReasons), and this packet was prepared without any model call so a reviewer can start: it "
            + "lists the requested tasks and the prompt templates they would use, and the page count, characters "
            + "per page and SHA-256 of the redacted text, but none of its content.";

    private final PromptCatalog prompts;
    private final ObjectMapper json = EventJson.mapper();
    private final JsonSchema schema;

    public ReviewPackets(PromptCatalog prompts) {
        this.prompts = prompts;
        try (InputStream in = ReviewPackets.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is missing from the classpath");
            }
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA, e);
        }
    }

    /**
     * The packet as UTF-8 JSON.
     *
     * @param routed        the routing decision (HUMAN_ONLY, with at least one requested task)
     * @param redactedText  the redacted text exactly as stored (pages separated by form feeds), or null when the
     *                      router passed none; read here for its shape and digest only
     */
    public byte[] prepare(DocumentRouted routed, byte[] redactedText) {
        ObjectNode packet = json.createObjectNode();
        packet.put("packetVersion", 1);
        packet.put("documentId", routed.header().documentId().toString());
        packet.put("routedEventId", routed.header().eventId().toString());
        packet.put("route", routed.route().name());
        ArrayNode reasons = packet.putArray("routeReasons");
        routed.reasons().forEach(reasons::add);
        packet.put("policyId", routed.policyId());
        packet.put("policyVersion", routed.policyVersion());
        packet.put("documentClass", routed.documentClass());
        packet.put("classConfidence", routed.classConfidence());
        packet.put("tier", routed.tier());
        packet.put("residualPhiDetected",
                routed.reasons().stream().anyMatch(reason -> reason.startsWith(RESIDUAL_PHI_REASON)));
        packet.put("humanReviewRequired", routed.humanReviewRequired());
        if (redactedText == null) {
            packet.putNull("redactedText");
        } else {
            packet.set("redactedText", textShape(redactedText));
        }
        ArrayNode tasks = packet.putArray("requestedTasks");
        ArrayNode templates = packet.putArray("promptTemplates");
        for (AnalysisTask task : tasksInOrder(routed)) {
            tasks.add(task.name());
            PromptTemplate template = prompts.template(task);
            templates.addObject().put("task", task.name()).put("id", template.id())
                    .put("version", template.version());
        }
        packet.put("modelCalls", 0);
        packet.put("note", NOTE);
        int violations = schema.validate(packet).size();
        if (violations > 0) {
            // A bug in this class, never the document's fault; the count only, since messages can quote values.
            throw new IllegalStateException("review packet breaks its schema in " + violations + " place(s)");
        }
        try {
            return json.writeValueAsBytes(packet);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the review packet", e);
        }
    }

    /** The requested tasks in declaration order, so the packet (and its digest) is the same on every redelivery. */
    public static List<AnalysisTask> tasksInOrder(DocumentRouted routed) {
        return routed.intake().requestedTasks().stream().sorted().toList();
    }

    private JsonNode textShape(byte[] redactedText) {
        ObjectNode shape = json.createObjectNode();
        String[] pages = new String(redactedText, StandardCharsets.UTF_8).split("\f", -1);
        shape.put("pageCount", pages.length);
        ArrayNode characters = shape.putArray("pageCharacters");
        for (String page : pages) {
            characters.add(page.codePointCount(0, page.length()));
        }
        shape.put("sha256", Sha256.hex(redactedText));
        return shape;
    }
}
