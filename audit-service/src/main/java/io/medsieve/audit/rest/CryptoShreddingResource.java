package io.medsieve.audit.rest;

import io.medsieve.api.Caller;
import io.medsieve.api.ProblemException;
import io.medsieve.audit.service.CryptoShreddingService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.regex.Pattern;

/**
 * The crypto-shredding endpoint for a tenant's administrator: destroys the caller's own tenant key and records the
 * erasure in the ledger. It lives in the audit service because that is where the evidence is written: the key is
 * destroyed and the erasure appended in one request, with no service-to-service call that could fail in between.
 * The tenant is always the caller's (the token's claim, through {@link Caller}), never a path or body value.
 */
@Path("/v1/crypto-shredding")
@Produces(MediaType.APPLICATION_JSON)
public class CryptoShreddingResource {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    private final Caller caller;
    private final CryptoShreddingService shredding;

    public CryptoShreddingResource(Caller caller, CryptoShreddingService shredding) {
        this.caller = caller;
        this.shredding = shredding;
    }

    /**
     * Destroys every version of the caller's tenant key. Irreversible: afterwards the tenant's blobs, sealed Kafka
     * records and placeholder maps can never be decrypted again, and no new key is created for the tenant.
     */
    @POST
    @Path("/tenant")
    @RolesAllowed("tenant-admin")
    public Uni<Response> shredTenant(ShredRequest request) {
        String tenantId = caller.tenant();
        String reason = request == null || request.reasonCode() == null ? CryptoShreddingService.DEFAULT_REASON
                : request.reasonCode();
        if (!CODE.matcher(reason).matches()) {
            throw ProblemException.invalidField("reasonCode is a lower-case code such as gdpr.art17.");
        }
        Uni<io.medsieve.audit.verify.EntryData> erased;
        try {
            erased = shredding.shredTenant(tenantId, reason);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(409, "key-not-shreddable", "This key cannot be shredded",
                    "The platform key that signs the ledger is not a tenant key.");
        }
        return erased.map(entry -> Response.ok(new TenantShredded(tenantId, entry.sequence(), entry.eventId(),
                entry.entryHash())).build());
    }

    /** @param reasonCode why, as a code (e.g. {@code gdpr.art17}); optional */
    public record ShredRequest(String reasonCode) {
    }

    /** The ledger entry that records the erasure, for the caller's own records. */
    public record TenantShredded(String tenantId, long erasureSequence, String erasureEventId, String entryHash) {
    }
}
