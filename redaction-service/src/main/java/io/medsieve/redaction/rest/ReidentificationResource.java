package io.medsieve.redaction.rest;

import io.medsieve.api.Caller;
import io.medsieve.api.ProblemException;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Producer;
import io.medsieve.events.SecurityEvent;
import io.medsieve.events.Stage;
import io.medsieve.redaction.messaging.StageEvents;
import io.medsieve.redaction.service.PlaceholderMap;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Re-identification: turns a text written over a redacted document (an analysis, a summary) back into one with
 * the original values, for a caller holding {@value #ROLE} (a narrower role than {@code reviewer}: a reviewer
 * sees redacted text by default, and only those also granted this role may see PHI). The tenant is the bearer
 * token's, so another tenant's document has no placeholders to give back. Every answer is preceded by
 * a {@code SecurityEvent} ({@code phi.reidentified}) on {@code security-events} naming who and which document,
 * never what; if that event cannot be recorded, no PHI is returned.
 */
@Path("/v1/documents/{documentId}/reidentify")
public class ReidentificationResource {

    /** The realm role re-identification requires. */
    public static final String ROLE = "phi-reidentify";

    private static final Logger LOG = Logger.getLogger(ReidentificationResource.class);
    /** Document ids are UUIDs minted by ingest; anything else cannot exist. */
    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Caller caller;
    private final PlaceholderMap map;
    private final StageEvents events;
    private final Producer producer;

    public ReidentificationResource(Caller caller, PlaceholderMap map, StageEvents events,
                                    @ConfigProperty(name = "quarkus.application.name") String service,
                                    @ConfigProperty(name = "quarkus.application.version") String version) {
        this.caller = caller;
        this.map = map;
        this.events = events;
        this.producer = new Producer(service, version);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(ROLE)
    public Uni<ReidentifyResponse> reidentify(@PathParam("documentId") String documentId,
                                              ReidentifyRequest request) {
        String tenant = caller.tenant();
        String who = "user " + caller.name();
        if (request == null || request.text() == null) {
            throw ProblemException.invalidField("Send a JSON body with a \"text\" member.");
        }
        if (!DOCUMENT_ID.matcher(documentId).matches()) {
            throw ProblemException.notFound("document");
        }
        return map.reidentify(tenant, documentId, request.text())
                .call(result -> events.publish(new SecurityEvent(
                        EventHeader.first(SecurityEvent.TYPE, SecurityEvent.SCHEMA_VERSION, tenant, documentId, null,
                                producer, Instant.now()),
                        Stage.REDACTION, "phi.reidentified",
                        "Placeholders of the document were re-identified for " + who + ": " + result.replaced()
                                + " replaced, " + result.unknownPlaceholders().size() + " unknown.")))
                .invoke(result -> LOG.infof("Document %s re-identified: %d placeholder(s) replaced, %d unknown",
                        documentId, result.replaced(), result.unknownPlaceholders().size()))
                .map(result -> new ReidentifyResponse(result.text(), result.replaced(), result.unknownPlaceholders()));
    }
}
