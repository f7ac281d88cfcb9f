package io.medsieve.ingest.rest;

import io.medsieve.api.Caller;
import io.medsieve.api.ProblemException;
import io.medsieve.events.AnalysisTask;
import io.medsieve.events.Priority;
import io.medsieve.ingest.repository.DocumentRepository;
import io.medsieve.ingest.repository.StageStatusRepository;
import io.medsieve.ingest.service.DocumentRejectedException;
import io.medsieve.ingest.service.IngestService;
import io.medsieve.ingest.service.Rejection;
import io.medsieve.ingest.service.UploadRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The upload and status API. Uploads are identified by content: the part's file name and content type are read by
 * nobody, and the file name is never logged, stored or forwarded. The tenant is the bearer token's; uploading
 * needs {@code uploader}, reading a status any role that works with the tenant's documents.
 */
@Path("/v1/documents")
public class DocumentResource {

    private final IngestService ingest;
    private final Caller caller;
    private final DocumentRepository documents;
    private final StageStatusRepository statuses;

    public DocumentResource(IngestService ingest, Caller caller, DocumentRepository documents,
                            StageStatusRepository statuses) {
        this.ingest = ingest;
        this.caller = caller;
        this.documents = documents;
        this.statuses = statuses;
    }

    /**
     * Accepts a PDF, TIFF, PNG or JPEG. 202 with the new document's id; 200 with the existing id when the tenant
     * already uploaded the same bytes.
     *
     * @param priority     {@code routine} (default) or {@code urgent}
     * @param tasks        {@code summary}, {@code extraction}, {@code coding}: repeated or comma-separated;
     *                     default {@code summary}
     * @param cloudConsent whether the patient consented to cloud processing; default false
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("uploader")
    public Uni<Response> upload(@RestForm("file") FileUpload file,
                                @RestForm("priority") String priority,
                                @RestForm("tasks") List<String> tasks,
                                @RestForm("cloudConsent") String cloudConsent) {
        String tenantId = caller.tenant();
        if (file == null) {
            throw new DocumentRejectedException(Rejection.MISSING_FILE, "Send the document in a part named 'file'.");
        }
        UploadRequest request = new UploadRequest(tenantId, file.uploadedFile(), parsePriority(priority),
                parseTasks(tasks), parseConsent(cloudConsent));
        return ingest.ingest(request).map(result -> {
            String id = result.documentId().toString();
            URI status = URI.create("/v1/documents/" + id);
            return Response.status(result.duplicate() ? Response.Status.OK : Response.Status.ACCEPTED)
                    .location(status)
                    .entity(new IngestResponse(id, result.duplicate(), status.toString()))
                    .build();
        });
    }

    /** The document's status per stage; 404 for unknown ids and for other tenants' documents alike. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @RolesAllowed({"uploader", "reviewer", "auditor", "tenant-admin"})
    public Uni<DocumentStatusView> status(@PathParam("id") String id) {
        String tenantId = caller.tenant();
        UUID documentId = parseId(id);
        return documents.findForTenant(documentId, tenantId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("document"))
                .chain(document -> statuses.listFor(documentId, tenantId)
                        .map(rows -> DocumentStatusView.of(document, rows)));
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("document");
        }
    }

    private static Priority parsePriority(String value) {
        if (value == null || value.isBlank()) {
            return Priority.ROUTINE;
        }
        try {
            return Priority.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("priority must be 'routine' or 'urgent'.");
        }
    }

    private static Set<AnalysisTask> parseTasks(List<String> values) {
        Set<AnalysisTask> tasks = EnumSet.noneOf(AnalysisTask.class);
        if (values != null) {
            for (String value : values) {
                for (String task : value.split(",")) {
                    if (task.isBlank()) {
                        continue;
                    }
                    try {
                        tasks.add(AnalysisTask.valueOf(task.trim().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw ProblemException.invalidField(
                                "tasks must be among 'summary', 'extraction' and 'coding'.");
                    }
                }
            }
        }
        return tasks.isEmpty() ? EnumSet.of(AnalysisTask.SUMMARY) : tasks;
    }

    private static boolean parseConsent(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalidField("cloudConsent must be 'true' or 'false'.");
        };
    }
}
