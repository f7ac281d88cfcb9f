package io.medsieve.ingest.rest;

import io.medsieve.ingest.service.DocumentRejectedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * Turns every failure into problem+json. Exception messages from libraries never reach the client or the log:
 * parsers and drivers may quote document content, so unexpected errors are logged by type and a reference only.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String TYPE_BASE = "https://medsieve.io/problems/";

    @ServerExceptionMapper
    public Response rejected(DocumentRejectedException e, UriInfo uri) {
        var rejection = e.rejection();
        LOG.infof("Upload rejected: %s", rejection.code());
        return new Problem(rejection.type(), rejection.title(), rejection.status(), e.getMessage(), uri.getPath(),
                rejection.code()).toResponse();
    }

    @ServerExceptionMapper
    public Response apiProblem(ApiProblemException e, UriInfo uri) {
        return new Problem(TYPE_BASE + e.code(), e.title(), e.status(), e.getMessage(), uri.getPath(), e.code())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : family.name();
        return new Problem("about:blank", title, status, null, uri.getPath(), null).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String reference = UUID.randomUUID().toString();
        StackTraceElement origin = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        LOG.errorf("Unexpected %s at %s, reference %s", e.getClass().getName(), origin, reference);
        return new Problem(TYPE_BASE + "internal-error", "Internal error", 500,
                "The request failed unexpectedly; quote reference " + reference + " to support.",
                uri.getPath(), "internal-error").toResponse();
    }
}
