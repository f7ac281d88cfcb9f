package io.medsieve.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail. {@code code} is a stable extension member that clients can switch on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String code) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Problem type URIs are this base plus the code; each service's README lists its codes. */
    public static final String TYPE_BASE = "https://medsieve.io/problems/";

    /** The HTTP response carrying this problem. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
