package io.medsieve.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;

/**
 * Turns every failure of every MedSieve API into problem+json. Exception messages from libraries never reach the
 * client or the log: parsers and drivers may quote document content, so unexpected errors are logged by type and
 * a reference only.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        LOG.infof("Request refused: %s", e.code());
        return new Problem(Problem.TYPE_BASE + e.code(), e.title(), e.status(), e.getMessage(), uri.getPath(),
                e.code()).toResponse();
    }

    /** No bearer token on an endpoint that needs one. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated("Send an access token of the medsieve realm as a bearer token.", uri);
    }

    /** A bearer token that is expired, not signed by the realm, or otherwise not acceptable. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated("The bearer token is not valid (expired, or not issued by the medsieve realm).", uri);
    }

    /** A valid token without the role the endpoint needs; which role is in the service's README, not here. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        LOG.info("Request refused: role-required");
        return new Problem(Problem.TYPE_BASE + "role-required", "Forbidden", 403,
                "Your token lacks a role this operation requires.", uri.getPath(), "role-required").toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : Response.Status.Family.familyOf(status).name();
        return new Problem("about:blank", title, status, null, uri.getPath(), null).toResponse();
    }

    private static Response unauthenticated(String detail, UriInfo uri) {
        LOG.info("Request refused: authentication-required");
        return Response.fromResponse(new Problem(Problem.TYPE_BASE + "authentication-required",
                        "Authentication required", 401, detail, uri.getPath(), "authentication-required").toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    /**
     * A multipart body the server could not parse (cut off before its closing boundary, say) is the client's fault:
     * 400, not the catch-all's 500 (found by the ingest fuzz test). RESTEasy Reactive reports it as a plain
     * IOException, so it is recognised by where it was raised; any other IOException stays an unexpected error.
     */
    @ServerExceptionMapper
    public Response io(IOException e, UriInfo uri) {
        boolean multipartParser = Arrays.stream(e.getStackTrace()).anyMatch(frame ->
                frame.getClassName().startsWith("org.jboss.resteasy.reactive.server.core.multipart."));
        if (!multipartParser) {
            return unexpected(e, uri);
        }
        LOG.infof("Request refused: %s", "malformed-multipart");
        return new Problem(Problem.TYPE_BASE + "malformed-multipart", "Malformed multipart body", 400,
                "The multipart body could not be parsed; end it with its closing boundary.", uri.getPath(),
                "malformed-multipart").toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String reference = UUID.randomUUID().toString();
        StackTraceElement origin = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        LOG.errorf("Unexpected %s at %s, reference %s", e.getClass().getName(), origin, reference);
        return new Problem(Problem.TYPE_BASE + "internal-error", "Internal error", 500,
                "The request failed unexpectedly; quote reference " + reference + " to support.",
                uri.getPath(), "internal-error").toResponse();
    }
}
