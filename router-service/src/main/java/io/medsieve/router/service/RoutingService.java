package io.medsieve.router.service;

import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRedacted;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.Producer;
import io.medsieve.router.classify.DocumentClassifier;
import io.medsieve.router.config.RouterConfig;
import io.medsieve.router.domain.Classification;
import io.medsieve.router.domain.DocumentClass;
import io.medsieve.router.domain.RoutingDecision;
import io.medsieve.router.domain.RoutingFeatures;
import io.medsieve.router.policy.InvalidPolicyException;
import io.medsieve.router.policy.PolicyEngine;
import io.medsieve.router.policy.TierPolicy;
import io.medsieve.router.repository.RoutedDocumentRepository;
import io.medsieve.storage.blob.BlobNotFoundException;
import io.medsieve.storage.blob.DocumentBlobs;
import io.medsieve.storage.crypto.KeyUnavailableException;
import io.medsieve.storage.crypto.TamperedEnvelopeException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Routes one redacted document: reads its redacted text, classifies it locally, applies the tenant's policy,
 * records the non-PHI features and returns the {@code DocumentRouted} event.
 *
 * <p>Never fails for a document problem: an unreadable text, a classifier error, a missing or invalid policy or
 * any other error all become a HUMAN_ONLY decision with the reason. The payload is always the redacted text, for
 * every route including LOCAL: the local model could read the original, but handing every route the same redacted
 * text keeps PHI out of model prompts and outputs everywhere and makes LOCAL and cloud results comparable.
 */
@ApplicationScoped
public class RoutingService {

    private static final Logger LOG = Logger.getLogger(RoutingService.class);

    private final DocumentBlobs blobs;
    private final DocumentClassifier classifier;
    private final PolicyService policies;
    private final PolicyEngine engine;
    private final RoutedDocumentRepository routedDocuments;
    private final RouterMetrics metrics;
    private final String redactedTextPurpose;
    private final Producer producer;
    private final ExecutorService classifierThreads;

    public RoutingService(DocumentBlobs blobs, DocumentClassifier classifier, PolicyService policies,
                          PolicyEngine engine, RoutedDocumentRepository routedDocuments, RouterMetrics metrics,
                          RouterConfig config,
                          @ConfigProperty(name = "quarkus.application.name") String service,
                          @ConfigProperty(name = "quarkus.application.version") String version) {
        this.blobs = blobs;
        this.classifier = classifier;
        this.policies = policies;
        this.engine = engine;
        this.routedDocuments = routedDocuments;
        this.metrics = metrics;
        this.redactedTextPurpose = config.redactedTextPurpose();
        this.producer = new Producer(service, version);
        this.classifierThreads = Executors.newFixedThreadPool(config.classifierThreads(), runnable -> {
            Thread thread = new Thread(runnable, "router-classify");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The routing event for {@code redacted}; completes once the features are stored (or storing failed). */
    public Uni<DocumentRouted> route(DocumentRedacted redacted) {
        EventHeader cause = redacted.header();
        return Uni.createFrom().item(() -> classify(redacted))
                .runSubscriptionOn(classifierThreads)
                .chain(classified -> decide(cause.tenantId(), classified.features())
                        .map(decision -> withUpstreamReasons(decision, classified.failure())))
                .call(decision -> routedDocuments.record(cause.eventId(), cause.tenantId(), cause.documentId(),
                                Instant.now(), features(redacted, decision), decision)
                        .onFailure().recoverWithUni(failure -> {
                            // The decision stands; only the simulation loses this document.
                            LOG.warnf("Document %s: routing features not stored (%s)", cause.documentId(),
                                    failure.getClass().getName());
                            metrics.featuresNotStored();
                            return Uni.createFrom().voidItem();
                        }))
                .invoke(decision -> {
                    metrics.routed(decision);
                    LOG.infof("Document %s routed %s (class %s, tier %d, review %s, policy %s v%s)",
                            cause.documentId(), decision.route(), decision.documentClass(), decision.tier(),
                            decision.humanReviewRequired(), decision.policyId(), decision.policyVersion());
                })
                .map(decision -> event(redacted, decision));
    }

    /** Features plus, when the text could not be classified, the fail-closed reason. */
    record Classified(RoutingFeatures features, String failure) {
    }

    Classified classify(DocumentRedacted redacted) {
        EventHeader cause = redacted.header();
        Classification classification;
        String failure = null;
        try {
            byte[] bytes = blobs.load(cause.tenantId(), cause.documentId(), redactedTextPurpose,
                    redacted.redactedText());
            String text;
            try {
                text = new String(bytes, StandardCharsets.UTF_8);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            classification = classifier.classify(text);
        } catch (BlobNotFoundException e) {
            failure = "text.missing: The redacted text is no longer stored";
            classification = unclassified();
        } catch (TamperedEnvelopeException e) {
            failure = "text.tampered: The redacted text failed its integrity check";
            classification = unclassified();
        } catch (KeyUnavailableException e) {
            failure = "text.key-unavailable: The tenant key for the redacted text is unavailable";
            classification = unclassified();
        } catch (IllegalArgumentException e) {
            failure = "text.invalid-reference: The event's text reference does not match its tenant and document";
            classification = unclassified();
        } catch (RuntimeException | OutOfMemoryError e) {
            // The class name only: library messages can quote document content.
            LOG.errorf("Document %s: unexpected %s while classifying", cause.documentId(), e.getClass().getName());
            failure = "classifier.error: Classification failed unexpectedly";
            classification = unclassified();
        }
        if (failure != null) {
            LOG.warnf("Document %s could not be classified: %s", cause.documentId(),
                    failure.substring(0, failure.indexOf(':')));
        }
        return new Classified(features(redacted, classification), failure);
    }

    private Uni<RoutingDecision> decide(String tenantId, RoutingFeatures features) {
        return policies.active(tenantId)
                .map(policy -> engine.decide(features, policy))
                .onFailure().recoverWithItem(failure -> {
                    String reason;
                    if (failure instanceof InvalidPolicyException) {
                        reason = "policy.invalid: The tenant's stored routing policy no longer validates";
                    } else if (failure instanceof IllegalStateException || failure instanceof IllegalArgumentException) {
                        reason = "policy.error: Applying the routing policy failed";
                    } else {
                        reason = "policy.unavailable: The tenant's routing policy could not be loaded";
                    }
                    LOG.warnf("Routing failed closed: %s (%s)", reason.substring(0, reason.indexOf(':')),
                            failure.getClass().getName());
                    return PolicyEngine.failClosed(features, List.of(reason
                            + ", so only a person may handle the document."), PolicyEngine.NO_POLICY,
                            PolicyEngine.NO_POLICY);
                });
    }

    /** An upstream failure overrides whatever the policy said about the unclassifiable text: HUMAN_ONLY. */
    private static RoutingDecision withUpstreamReasons(RoutingDecision decision, String failure) {
        if (failure == null) {
            return decision;
        }
        List<String> reasons = new ArrayList<>();
        reasons.add(failure + ", so only a person may handle the document.");
        reasons.addAll(decision.reasons());
        return new RoutingDecision(decision.documentClass(), decision.classConfidence(), PolicyEngine.UNKNOWN_TIER,
                io.medsieve.events.Route.HUMAN_ONLY, true, reasons, decision.policyId(), decision.policyVersion());
    }

    private static Classification unclassified() {
        return new Classification(DocumentClass.OTHER, 0.0, "not classified");
    }

    static RoutingFeatures features(DocumentRedacted redacted, Classification classification) {
        Map<String, Integer> counts = new TreeMap<>();
        redacted.entities().forEach(entity -> counts.merge(entity.type(), 1, Integer::sum));
        ContentRef text = redacted.redactedText();
        return new RoutingFeatures(classification.documentClass(), classification.confidence(),
                redacted.intake().priority(), redacted.intake().cloudConsent(), redacted.ocrMeanConfidence(),
                redacted.lowConfidencePages().size(), redacted.residualPhiDetected(), text.sizeBytes(), counts);
    }

    private static RoutingFeatures features(DocumentRedacted redacted, RoutingDecision decision) {
        return features(redacted, new Classification(decision.documentClass(), decision.classConfidence(), "-"));
    }

    private DocumentRouted event(DocumentRedacted redacted, RoutingDecision decision) {
        return new DocumentRouted(
                EventHeader.causedBy(redacted.header(), DocumentRouted.TYPE, DocumentRouted.SCHEMA_VERSION, null,
                        producer, Instant.now()),
                decision.documentClass().name(), decision.classConfidence(), decision.tier(), decision.route(),
                decision.humanReviewRequired(), decision.reasons(), decision.policyId(), decision.policyVersion(),
                redacted.redactedText(), redacted.intake());
    }

    @PreDestroy
    void stop() {
        classifierThreads.shutdownNow();
    }
}
