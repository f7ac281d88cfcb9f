package io.medsieve.audit.rest;

import io.medsieve.api.Caller;
import io.medsieve.api.ProblemException;
import io.medsieve.audit.service.CheckpointService;
import io.medsieve.audit.service.ConsistencyProof;
import io.medsieve.audit.service.ErasureService;
import io.medsieve.audit.service.InclusionProof;
import io.medsieve.audit.service.LedgerNotFoundException;
import io.medsieve.audit.service.ProofService;
import io.medsieve.audit.service.PublicKeyView;
import io.medsieve.audit.service.SigningKeys;
import io.medsieve.audit.service.VerificationService;
import io.medsieve.audit.verify.SignedTreeHead;
import io.medsieve.audit.verify.VerificationReport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.regex.Pattern;

/**
 * The ledger's proof API. Tree heads, consistency proofs and the public key contain hashes only; inclusion
 * proofs are served only for the caller's own entries (the token's tenant). Reading needs {@code auditor};
 * recording an erasure needs {@code tenant-admin}, the role that crypto-shreds the tenant's keys.
 */
@Path("/v1/ledger")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    private final Caller caller;
    private final CheckpointService checkpoints;
    private final ProofService proofs;
    private final VerificationService verification;
    private final SigningKeys signing;
    private final ErasureService erasures;

    public LedgerResource(Caller caller, CheckpointService checkpoints, ProofService proofs,
                          VerificationService verification, SigningKeys signing, ErasureService erasures) {
        this.caller = caller;
        this.checkpoints = checkpoints;
        this.proofs = proofs;
        this.verification = verification;
        this.signing = signing;
        this.erasures = erasures;
    }

    /** A signed tree head over the whole ledger as it is now. */
    @GET
    @Path("/tree-head")
    @RolesAllowed("auditor")
    public Uni<SignedTreeHead> treeHead() {
        caller.tenant();
        return checkpoints.checkpointNow()
                .map(head -> head.orElseThrow(() -> new LedgerNotFoundException()));
    }

    /** Inclusion proof of one of the caller's entries; against a fresh signed head when treeSize is omitted. */
    @GET
    @Path("/entries/{sequence}/proof")
    @RolesAllowed("auditor")
    public Uni<InclusionProof> inclusion(@PathParam("sequence") long sequence, @QueryParam("treeSize") Long treeSize) {
        String tenantId = caller.tenant();
        return proofs.inclusion(tenantId, sequence, treeSize);
    }

    /** Consistency proof that the tree of size {@code first} is a prefix of the tree of size {@code second}. */
    @GET
    @Path("/consistency")
    @RolesAllowed("auditor")
    public Uni<ConsistencyProof> consistency(@QueryParam("first") Long first, @QueryParam("second") Long second) {
        caller.tenant();
        if (first == null || second == null) {
            throw ProblemException.invalidField("Give both first and second tree sizes.");
        }
        return proofs.consistency(first, second);
    }

    /** The Ed25519 key tree heads are signed with. */
    @GET
    @Path("/public-key")
    @RolesAllowed("auditor")
    public PublicKeyView publicKey() {
        caller.tenant();
        return signing.publicKeyView();
    }

    /** Full chain and tree-head verification, naming the first broken entry. */
    @GET
    @Path("/verify")
    @RolesAllowed("auditor")
    public Uni<VerificationReport> verify() {
        caller.tenant();
        return verification.verifyAll();
    }

    /** Records that a key was crypto-shredded; the entry is part of the caller's evidence from then on. */
    @POST
    @Path("/erasures")
    @RolesAllowed("tenant-admin")
    public Uni<Response> erasure(ErasureRequest request) {
        String tenantId = caller.tenant();
        if (request == null || request.scope() == null) {
            throw ProblemException.invalidField("scope is one of TENANT, PATIENT, DOCUMENT.");
        }
        ErasureService.Scope scope;
        try {
            scope = ErasureService.Scope.valueOf(request.scope());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("scope is one of TENANT, PATIENT, DOCUMENT.");
        }
        if (scope != ErasureService.Scope.TENANT
                && (request.subjectId() == null || !SUBJECT.matcher(request.subjectId()).matches())) {
            throw ProblemException.invalidField("subjectId is an opaque id of up to 128 characters.");
        }
        if (request.keyId() != null && !SUBJECT.matcher(request.keyId()).matches()) {
            throw ProblemException.invalidField("keyId is an opaque id of up to 128 characters.");
        }
        if (request.reasonCode() == null || !CODE.matcher(request.reasonCode()).matches()) {
            throw ProblemException.invalidField("reasonCode is a lower-case code such as gdpr.art17.");
        }
        return erasures.record(tenantId, scope, request.subjectId(), request.keyId(), request.reasonCode())
                .map(entry -> Response.status(Response.Status.CREATED)
                        .entity(new ErasureRecorded(entry.sequence(), entry.eventId(), entry.entryHash())).build());
    }

    /**
     * @param scope      TENANT, PATIENT or DOCUMENT
     * @param subjectId  pseudonymous patient key id or document id (never a name or MRN); ignored for TENANT
     * @param keyId      id of the destroyed key, if known
     * @param reasonCode why, as a code (e.g. {@code gdpr.art17})
     */
    public record ErasureRequest(String scope, String subjectId, String keyId, String reasonCode) {
    }

    /** Where the erasure record sits in the ledger. */
    public record ErasureRecorded(long sequence, String eventId, String entryHash) {
    }
}
