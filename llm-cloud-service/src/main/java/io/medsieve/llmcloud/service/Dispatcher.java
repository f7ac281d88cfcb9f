package io.medsieve.llmcloud.service;

import io.medsieve.events.AnalysisProposed;
import io.medsieve.events.ContentRef;
import io.medsieve.events.DocumentRouted;
import io.medsieve.events.EventHeader;
import io.medsieve.events.EventJson;
import io.medsieve.events.Route;
import io.medsieve.events.Topics;
import io.medsieve.llmcloud.config.CloudConfig;
import io.medsieve.llmcloud.domain.AnalysisRequest;
import io.medsieve.llmcloud.domain.CloudBatch;
import io.medsieve.llmcloud.domain.OutboxEvent;
import io.medsieve.llmcloud.domain.Usage;
import io.medsieve.llmcloud.guard.EgressGuard;
import io.medsieve.llmcloud.guard.ShiftedDate;
import io.medsieve.llmcloud.messaging.OutboxPublisher;
import io.medsieve.llmcloud.provider.BatchOutcome;
import io.medsieve.llmcloud.provider.BatchState;
import io.medsieve.llmcloud.provider.Completion;
import io.medsieve.llmcloud.provider.ModelRequest;
import io.medsieve.llmcloud.provider.ProviderException;
import io.medsieve.llmcloud.provider.ProviderRegistry;
import io.medsieve.llmcloud.repository.CloudRepository;
import io.medsieve.prompts.Prompt;
import io.medsieve.prompts.PromptBuilder;
import io.medsieve.prompts.PromptCatalog;
import io.medsieve.storage.blob.DocumentBlobs;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The stage's work loop. Everything it knows comes from the database, so stopping it (or the service) at any point
 * loses nothing: pending requests, batches in flight and unpublished events are all picked up again on the next turn,
 * on this instance or another.
 *
 * <p>Each turn: publish the outbox; send due CLOUD_SYNC requests one by one; gather due CLOUD_BATCH requests into
 * provider batches per tenant, provider and model; poll in-flight batches and reconcile ended ones by
 * {@code custom_id} (answers become proposals, failed requests are retried on their own, requests a batch expired
 * on are resubmitted up to a limit and then sent to human review); publish again.
 *
 * <p>Every request passes the {@link EgressGuard} immediately before its bytes are handed to a provider adapter.
 */
@ApplicationScoped
public class Dispatcher {

    /** Scheduler identity, so operators and tests can pause and resume the loop. */
    public static final String JOB = "llm-cloud-dispatch";

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final Duration RATE_LIMITED_DELAY = Duration.ofSeconds(5);

    private final CloudRepository repository;
    private final OutboxPublisher publisher;
    private final EgressGuard guard;
    private final ProviderRegistry providers;
    private final TenantPolicy policy;
    private final Pricing pricing;
    private final RateLimiter rateLimiter;
    private final StageEventFactory events;
    private final DocumentBlobs blobs;
    private final PromptCatalog prompts;
    private final CloudConfig.Dispatch settings;
    private final CloudConfig config;

    public Dispatcher(CloudRepository repository, OutboxPublisher publisher, EgressGuard guard,
                      ProviderRegistry providers, TenantPolicy policy, Pricing pricing, RateLimiter rateLimiter,
                      StageEventFactory events, DocumentBlobs blobs, PromptCatalog prompts, CloudConfig config) {
        this.repository = repository;
        this.publisher = publisher;
        this.guard = guard;
        this.providers = providers;
        this.policy = policy;
        this.pricing = pricing;
        this.rateLimiter = rateLimiter;
        this.events = events;
        this.blobs = blobs;
        this.prompts = prompts;
        this.settings = config.dispatch();
        this.config = config;
    }

    @Scheduled(identity = JOB, every = "${medsieve.llm-cloud.dispatch.interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // The class only: messages from lower layers are not trusted to be free of content.
            LOG.errorf("Dispatch turn failed with %s; the next turn retries from the database",
                    e.getClass().getName());
        }
    }

    /** One turn of the loop (public for operators' tooling and tests). */
    public void runOnce() {
        publisher.publishPending();
        dispatchSync();
        submitBatches();
        pollBatches();
        publisher.publishPending();
    }

    // ---- sync ----------------------------------------------------------------------------------------------

    private void dispatchSync() {
        Instant now = Instant.now();
        for (AnalysisRequest request : repository.claimDue(Route.CLOUD_SYNC, settings.claimLimit(), now, now,
                now.plus(LEASE))) {
            Prepared prepared = prepare(request, true);
            if (prepared == null) {
                continue;
            }
            if (!rateLimiter.tryAcquire(request.tenantId(), System.nanoTime())) {
                repository.retryLater(request.id(), request.attempts(), Instant.now().plus(RATE_LIMITED_DELAY),
                        "rate-limited", Instant.now());
                continue;
            }
            if (!reserve(request.tenantId(), Map.of(request.id(),
                    pricing.upperBoundMicros(prepared.modelRequest(), false)))) {
                budgetExhausted(request, prepared.routed());
                continue;
            }
            long started = System.nanoTime();
            Completion completion;
            try {
                completion = providers.call(request.provider(), p -> p.complete(prepared.modelRequest()),
                        Completion.class);
            } catch (ProviderException e) {
                providerFailed(request, prepared.routed(), e);
                continue;
            }
            propose(request, prepared.routed(), prepared.prompt(), completion, null,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    // ---- batch: submit -------------------------------------------------------------------------------------

    private void submitBatches() {
        Instant now = Instant.now();
        List<AnalysisRequest> due = repository.claimDue(Route.CLOUD_BATCH, settings.batchMaxRequests(), now,
                now.minus(settings.batchGatherWindow()), now.plus(LEASE));
        Map<String, List<AnalysisRequest>> groups = new LinkedHashMap<>();
        for (AnalysisRequest request : due) {
            groups.computeIfAbsent(request.tenantId() + "\u0000" + request.provider() + "\u0000" + request.model(),
                    k -> new ArrayList<>()).add(request);
        }
        for (List<AnalysisRequest> group : groups.values()) {
            submitGroup(group);
        }
    }

    private void submitGroup(List<AnalysisRequest> group) {
        AnalysisRequest first = group.get(0);
        List<AnalysisRequest> included = new ArrayList<>();
        List<ModelRequest> requests = new ArrayList<>();
        Map<UUID, Long> estimates = new LinkedHashMap<>();
        for (AnalysisRequest request : group) {
            Prepared prepared = prepare(request, true);
            if (prepared != null) {
                included.add(request);
                requests.add(prepared.modelRequest());
                estimates.put(request.id(), pricing.upperBoundMicros(prepared.modelRequest(), true));
            }
        }
        if (requests.isEmpty()) {
            return;
        }
        if (!rateLimiter.tryAcquire(first.tenantId(), System.nanoTime())) {
            for (AnalysisRequest request : included) {
                repository.retryLater(request.id(), request.attempts(), Instant.now().plus(RATE_LIMITED_DELAY),
                        "rate-limited", Instant.now());
            }
            return;
        }
        if (!reserve(first.tenantId(), estimates)) {
            // The whole batch would not fit the budget: none of it is sent.
            for (AnalysisRequest request : included) {
                budgetExhausted(request, routed(request));
            }
            return;
        }
        String providerBatchId;
        try {
            providerBatchId = providers.call(first.provider(), p -> p.submitBatch(requests), String.class);
        } catch (ProviderException e) {
            for (AnalysisRequest request : included) {
                providerFailed(request, routed(request), e);
            }
            return;
        }
        Instant now = Instant.now();
        CloudBatch batch = new CloudBatch(UUID.randomUUID(), first.tenantId(), first.provider(), first.model(),
                providerBatchId, now);
        repository.batchSubmitted(batch, included.stream().map(AnalysisRequest::id).toList(),
                now.plus(settings.batchPollInterval()));
        LOG.infof("Submitted batch %s to %s with %d request(s)", providerBatchId, first.provider(), included.size());
    }

    // ---- batch: poll and reconcile -------------------------------------------------------------------------

    private void pollBatches() {
        Instant now = Instant.now();
        for (CloudBatch batch : repository.claimBatchesToPoll(settings.claimLimit(), now, now.plus(LEASE))) {
            try {
                reconcile(batch);
            } catch (ProviderException e) {
                LOG.warnf("Polling batch %s failed (HTTP %d); polling again later", batch.providerBatchId(),
                        e.status());
                repository.pollLater(batch.id(), Instant.now().plus(settings.batchPollInterval()));
            }
        }
    }

    private void reconcile(CloudBatch batch) {
        BatchState state = providers.call(batch.provider(), p -> p.poll(batch.providerBatchId()), BatchState.class);
        if (state.phase() == BatchState.Phase.RUNNING) {
            repository.pollLater(batch.id(), Instant.now().plus(settings.batchPollInterval()));
            return;
        }
        Map<String, BatchOutcome> outcomes = new LinkedHashMap<>();
        if (state.phase() == BatchState.Phase.ENDED) {
            @SuppressWarnings("unchecked")
            List<BatchOutcome> results = providers.call(batch.provider(), p -> p.results(state), List.class);
            for (BatchOutcome outcome : results) {
                outcomes.put(outcome.customId(), outcome);
            }
        }
        long latency = Duration.between(batch.submittedAt(), Instant.now()).toMillis();
        for (AnalysisRequest request : repository.requestsOfBatch(batch.id())) {
            BatchOutcome outcome = outcomes.get(request.id().toString());
            DocumentRouted routed = routed(request);
            if (outcome != null && outcome.completion() != null) {
                // The prompt is rebuilt from the same redacted text through the guard, for its digest and template;
                // policy and budget were checked when it was sent, and the answer is paid for.
                Prepared prepared = prepare(request, false);
                if (prepared != null) {
                    propose(request, routed, prepared.prompt(), outcome.completion(), batch.providerBatchId(),
                            latency);
                }
            } else if (outcome != null && !outcome.expired()) {
                batchRequestFailed(request, routed);
            } else {
                // Expired, or no line at all (a batch that failed as a whole): resubmit, up to the limit.
                batchRequestUnanswered(request, routed);
            }
        }
        repository.batchEnded(batch.id(), Instant.now());
        LOG.infof("Reconciled batch %s of %s", batch.providerBatchId(), batch.provider());
    }

    private void batchRequestFailed(AnalysisRequest request, DocumentRouted routed) {
        int attempts = request.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            fail(request, routed, "llm-cloud.provider-rejected",
                    "The provider kept rejecting this request; the document needs human review.", false);
        } else {
            repository.retryLater(request.id(), attempts, Instant.now().plus(
                    Backoff.delay(settings.backoffBase(), settings.backoffMax(), attempts)), "batch-request-failed",
                    Instant.now());
        }
    }

    private void batchRequestUnanswered(AnalysisRequest request, DocumentRouted routed) {
        if (request.batchSubmissions() >= settings.batchMaxSubmissions()) {
            fail(request, routed, "llm-cloud.batch-expired",
                    "The provider's batch expired " + request.batchSubmissions()
                            + " time(s) before answering; the document needs human review.", false);
        } else {
            repository.retryLater(request.id(), request.attempts(), Instant.now(), "batch-expired", Instant.now());
        }
    }

    // ---- shared steps --------------------------------------------------------------------------------------

    /**
     * Policy (when {@code admission}), then the egress guard, then the prompt. Returns null when the
     * request ended here (its events are already in the outbox).
     */
    private Prepared prepare(AnalysisRequest request, boolean admission) {
        DocumentRouted routed = routed(request);
        Instant now = Instant.now();
        if (admission && !admit(request, routed, now)) {
            return null;
        }
        ContentRef payload = routed.payload();
        List<ShiftedDate> shiftedDates = payload == null || payload.sha256() == null ? List.of()
                : repository.shiftedDates(request.tenantId(), request.documentId(), payload.sha256());
        return guarded(request, routed, guard.inspect(routed, shiftedDates), now);
    }

    /**
     * The tenant may still use this provider and model: its policy is resolved again at dispatch, so an allow-list
     * change (provider, model or region removed) since the document was routed blocks the send.
     */
    private boolean admit(AnalysisRequest request, DocumentRouted routed, Instant now) {
        TenantPolicy.Decision decision = policy.resolve(request.tenantId());
        if (decision instanceof TenantPolicy.Decision.Denied denied) {
            fail(request, routed, denied.code(), denied.reason(), false);
            return false;
        }
        if (!(decision instanceof TenantPolicy.Decision.Allowed allowed)
                || !allowed.provider().equals(request.provider()) || !allowed.model().equals(request.model())) {
            fail(request, routed, "llm-cloud.policy-changed",
                    "The tenant's provider or model changed since the document arrived; it needs human review.",
                    false);
            return false;
        }
        return true;
    }

    /**
     * Reserves the upper-bound cost of sending these requests on the tenant's month, atomically against its budget
     * (concurrent turns and instances cannot overshoot it). The answer settles the reservation, a failure or retry
     * releases it.
     */
    private boolean reserve(String tenantId, Map<UUID, Long> estimates) {
        return repository.reserve(tenantId, estimates, config.tenants().get(tenantId).monthlyBudgetMicros(),
                Instant.now());
    }

    private void budgetExhausted(AnalysisRequest request, DocumentRouted routed) {
        fail(request, routed, "llm-cloud.budget-exhausted",
                "The tenant's monthly cloud budget cannot cover this call; the document needs human review or a"
                        + " later retry.", true);
    }

    /** Ends the request if the guard blocked it; otherwise builds the prompt from the text the guard released. */
    private Prepared guarded(AnalysisRequest request, DocumentRouted routed, EgressGuard.Verdict verdict,
                             Instant now) {
        EventHeader cause = routed.header();
        if (verdict instanceof EgressGuard.Verdict.Blocked blocked) {
            List<OutboxEvent> out = new ArrayList<>();
            out.add(events.security(cause, blocked.code(), blocked.detail(), now));
            out.add(events.failed(cause, request.task().name(), blocked.code(),
                    "Egress blocked before anything was sent: " + blocked.detail()
                            + " The document needs human review.", false, now));
            repository.finish(request.id(), "BLOCKED", blocked.code(), out, now);
            LOG.warnf("Egress blocked for document %s (%s); nothing was sent", request.documentId(),
                    blocked.code());
            return null;
        }
        String text = ((EgressGuard.Verdict.Clear) verdict).text();
        Prompt prompt = PromptBuilder.build(prompts.template(request.task()), text);
        return new Prepared(routed, prompt, new ModelRequest(request.id().toString(), request.model(), prompt,
                providers.maxOutputTokens(request.provider())));
    }

    private void propose(AnalysisRequest request, DocumentRouted routed, Prompt prompt, Completion completion,
                         String providerBatchId, long latencyMillis) {
        Instant now = Instant.now();
        String answer = completion.text() == null ? "" : completion.text();
        boolean json = prompt.template().jsonOutput();
        ContentRef output = blobs.store(request.tenantId(), request.documentId(),
                "analysis-output." + request.task().name().toLowerCase(Locale.ROOT),
                json ? "application/json" : "text/plain; charset=utf-8", answer.getBytes(StandardCharsets.UTF_8));
        long cost = pricing.costMicros(request.model(), completion.inputTokens(), completion.outputTokens(),
                providerBatchId != null);
        AnalysisProposed proposed = new AnalysisProposed(
                events.proposedHeader(routed.header(), request.task().name(), now),
                request.task(), output, request.route(), request.provider(), request.model(),
                completion.modelVersion() == null ? request.model() : completion.modelVersion(),
                prompt.template().id(), prompt.template().version(), prompt.digest(), Math.max(0, latencyMillis),
                completion.inputTokens(), completion.outputTokens(), AnalysisProposed.Status.PROPOSED,
                new AnalysisProposed.CloudCall(completion.requestId() == null ? request.id().toString()
                        : completion.requestId(), providerBatchId, cost, pricing.currency()));
        repository.complete(request.id(), OutboxEvent.of(Topics.ANALYSIS_PROPOSED, proposed),
                new Usage(completion.inputTokens(), completion.outputTokens(), cost), now);
    }

    /** Retryable provider trouble: the request waits in the database; anything else sends it to review. */
    private void providerFailed(AnalysisRequest request, DocumentRouted routed, ProviderException e) {
        if (e.retryable()) {
            int attempts = request.attempts() + 1;
            repository.retryLater(request.id(), attempts, Instant.now().plus(
                    Backoff.delay(settings.backoffBase(), settings.backoffMax(), attempts)),
                    e.status() == 0 ? "provider-unreachable" : "provider-http-" + e.status(), Instant.now());
            LOG.warnf("Provider %s unavailable for document %s (%s); waiting", request.provider(),
                    request.documentId(), e.getMessage());
        } else {
            fail(request, routed, "llm-cloud.provider-rejected",
                    "The provider rejected the request (HTTP " + e.status() + "); the document needs human review.",
                    false);
        }
    }

    private void fail(AnalysisRequest request, DocumentRouted routed, String code, String reason, boolean retryable) {
        Instant now = Instant.now();
        repository.finish(request.id(), "FAILED", code,
                List.of(events.failed(routed.header(), request.task().name(), code, reason, retryable, now)), now);
        LOG.warnf("Document %s task %s failed: %s", request.documentId(), request.task(), code);
    }

    private static DocumentRouted routed(AnalysisRequest request) {
        return EventJson.read(request.routedEvent().getBytes(StandardCharsets.UTF_8), DocumentRouted.class);
    }

    private record Prepared(DocumentRouted routed, Prompt prompt, ModelRequest modelRequest) {
    }
}
