package io.medsieve.audit.rest;

import io.medsieve.api.Caller;
import io.medsieve.api.ProblemException;
import io.medsieve.audit.service.EvidenceService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Evidence packages (ZIP of JSON) for the token's tenant, for {@code auditor}s; another tenant's document is a 404.
 */
@Path("/v1/evidence")
@Produces("application/zip")
@RolesAllowed("auditor")
public class EvidenceResource {

    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private final Caller caller;
    private final EvidenceService evidence;

    public EvidenceResource(Caller caller, EvidenceService evidence) {
        this.caller = caller;
        this.evidence = evidence;
    }

    /** Every ledger entry about one document, with proofs and the signed tree head. */
    @GET
    @Path("/documents/{documentId}")
    public Uni<Response> document(@PathParam("documentId") String documentId) {
        String tenantId = caller.tenant();
        if (!DOCUMENT_ID.matcher(documentId).matches()) {
            throw ProblemException.invalidField("documentId is not a document id.");
        }
        return evidence.forDocument(tenantId, documentId).map(zip -> attachment(zip, "evidence-" + documentId));
    }

    /** Every ledger entry of the tenant that occurred in [from, to) (ISO-8601 instants). */
    @GET
    public Uni<Response> range(@QueryParam("from") String from, @QueryParam("to") String to) {
        String tenantId = caller.tenant();
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (!start.isBefore(end)) {
            throw ProblemException.invalidField("from must be before to.");
        }
        return evidence.forRange(tenantId, start, end).map(zip -> attachment(zip, "evidence-" + tenantId));
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            throw ProblemException.invalidField(name + " is required (ISO-8601 instant).");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name + " is not an ISO-8601 instant.");
        }
    }

    private static Response attachment(byte[] zip, String name) {
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + name + ".zip\"").build();
    }
}
