package io.medsieve.router.rest;

import io.medsieve.api.Caller;
import io.medsieve.api.ProblemException;
import io.medsieve.router.config.RouterConfig;
import io.medsieve.router.policy.InvalidPolicyException;
import io.medsieve.router.policy.PolicyParser;
import io.medsieve.router.policy.TierPolicy;
import io.medsieve.router.repository.PolicyRepository;
import io.medsieve.router.service.PolicyService;
import io.medsieve.router.service.PolicySimulation;
import io.medsieve.router.service.SimulationService;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Tenant routing policies: upload a new version, read the active one or the history, and simulate a proposed
 * policy against recent decisions. A caller works on its token's tenant only; another tenant's path answers 404 as
 * if it did not exist, so tenants cannot be probed. The one exception is {@code platform-admin}, who may manage any
 * tenant's policy: policies hold no PHI, and setting them up is how a tenant is onboarded.
 */
@Path("/v1/policies/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private static final String YAML = "application/yaml";

    private final Caller caller;
    private final PolicyRepository repository;
    private final PolicyService policies;
    private final SimulationService simulation;
    private final int maxSimulated;

    public PolicyResource(Caller caller, PolicyRepository repository, PolicyService policies,
                          SimulationService simulation, RouterConfig config) {
        this.caller = caller;
        this.repository = repository;
        this.policies = policies;
        this.simulation = simulation;
        this.maxSimulated = config.maxSimulatedDocuments();
    }

    /** Stores the YAML as the tenant's next policy version, which is active from then on. */
    @PUT
    @Consumes({YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @RolesAllowed({"tenant-admin", Caller.PLATFORM_ADMIN})
    public Uni<Response> put(@PathParam("tenant") String tenant, String yaml) {
        String tenantId = ownTenant(tenant);
        TierPolicy policy = validated(yaml);
        if (policy.version() != null) {
            throw invalid(List.of("version is assigned by the server; remove it from the document"));
        }
        return repository.append(tenantId, policy.policyId(), yaml)
                .map(stored -> Response.status(Response.Status.CREATED).entity(new PolicyView(tenantId,
                        stored.policyId(), Integer.toString(stored.version()), "tenant", stored.createdAt(),
                        stored.document())).build())
                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? new ProblemException(409, "policy-conflict", "Concurrent policy update",
                        "Another version was stored at the same moment; read the active policy and retry.")
                        : e);
    }

    /** The active policy: the latest stored version, or the bundled default. */
    @GET
    @RolesAllowed({"tenant-admin", "auditor", Caller.PLATFORM_ADMIN})
    public Uni<PolicyView> get(@PathParam("tenant") String tenant) {
        String tenantId = ownTenant(tenant);
        return policies.stored(tenantId).map(stored -> stored
                .map(s -> new PolicyView(tenantId, s.policyId(), Integer.toString(s.version()), "tenant",
                        s.createdAt(), s.document()))
                .orElseGet(() -> new PolicyView(tenantId, policies.defaultPolicy().policyId(),
                        policies.defaultPolicy().version(), "default", null, null)));
    }

    /** Every stored version, oldest first (documents included: policies hold no PHI). */
    @GET
    @Path("/versions")
    @RolesAllowed({"tenant-admin", "auditor", Caller.PLATFORM_ADMIN})
    public Uni<List<PolicyView>> versions(@PathParam("tenant") String tenant) {
        String tenantId = ownTenant(tenant);
        return repository.history(tenantId).map(history -> history.stream()
                .map(s -> new PolicyView(tenantId, s.policyId(), Integer.toString(s.version()), "tenant",
                        s.createdAt(), s.document()))
                .toList());
    }

    /**
     * What-if: which of the tenant's last {@code n} routed documents would be routed differently under the
     * proposed policy. Reads only stored features, never document text; stores nothing.
     */
    @POST
    @Path("/simulate")
    @Consumes({YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @RolesAllowed({"tenant-admin", Caller.PLATFORM_ADMIN})
    public Uni<PolicySimulation> simulate(@PathParam("tenant") String tenant, @QueryParam("n") Integer n,
                                          String yaml) {
        String tenantId = ownTenant(tenant);
        int limit = n == null ? 100 : n;
        if (limit < 1 || limit > maxSimulated) {
            throw ProblemException.invalidField("n must be between 1 and " + maxSimulated + ".");
        }
        TierPolicy proposed = validated(yaml);
        return simulation.simulate(tenantId, proposed, limit);
    }

    private String ownTenant(String tenant) {
        return caller.ownTenant(tenant, "policy", true);
    }

    private static TierPolicy validated(String yaml) {
        try {
            return PolicyParser.parse(yaml, false);
        } catch (InvalidPolicyException e) {
            throw invalid(e.errors());
        }
    }

    private static ProblemException invalid(List<String> errors) {
        return new ProblemException(422, "invalid-policy", "The policy is not valid",
                String.join("; ", errors) + ".");
    }
}
