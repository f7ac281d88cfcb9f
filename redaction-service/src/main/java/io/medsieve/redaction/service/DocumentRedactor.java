package io.medsieve.redaction.service;

import io.medsieve.events.DocumentRedacted.RedactedEntity;
import io.medsieve.events.extraction.ExtractedPage;
import io.medsieve.events.extraction.Extraction;
import io.medsieve.redaction.config.RedactionConfig;
import io.medsieve.redaction.detect.PhiEngine;
import io.medsieve.redaction.detect.PhiSpan;
import io.medsieve.redaction.domain.DateShifter;
import io.medsieve.redaction.domain.PhiRegion;
import io.medsieve.redaction.domain.PlaceholderIssuer;
import io.medsieve.redaction.domain.RedactedPage;
import io.medsieve.redaction.domain.SpanRefinement;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Redacts one document's extraction: detects PHI on every page in parallel on a fixed worker pool (CPU work, never
 * on the event loop), widens and joins the spans ({@link SpanRefinement}), replaces them in reading order with the
 * tenant's keyed placeholders (or shifted dates), then runs the residual check.
 *
 * <p>Residual check: the tenant's engine runs again over every redacted page. Spans lying entirely inside a
 * replacement (a placeholder, or a shifted date that is known to be a surrogate) are ignored; any other span at or
 * above the tenant's bar means the redacted text still looks like it holds PHI, and the document is flagged
 * {@code residualPhiDetected} so the router never sends it to a cloud. It errs on the side of flagging: a span
 * that only touches a placeholder counts.
 */
@ApplicationScoped
public class DocumentRedactor {

    private final TenantPolicies policies;
    private final KeyedHashes hashes;
    private final ExecutorService workers;

    public DocumentRedactor(TenantPolicies policies, KeyedHashes hashes, RedactionConfig config) {
        this.policies = policies;
        this.hashes = hashes;
        int threads = config.workers().orElse(Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        // Each page task runs in the submitting document's trace context.
        this.workers = Context.taskWrapping(Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread thread = new Thread(runnable, "redaction-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** Redacts every page of {@code extraction} under {@code tenantId}'s policy and keys. */
    public RedactionResult redact(String tenantId, Extraction extraction) {
        PhiEngine engine = policies.engine(tenantId);
        List<ExtractedPage> pages = extraction.pages();
        // A form feed inside a page would read as a page break in the stored text; a newline has the same length.
        List<String> texts = pages.stream().map(p -> p.text() == null ? "" : p.text().replace('\f', '\n')).toList();
        // Pages in parallel; then a name found on one page is redacted on all (a page-2 "Re: <name>" heading).
        List<List<PhiSpan>> detected = engine.propagateAcrossPages(texts, parallel(texts, engine::detect));
        List<List<PhiSpan>> spans = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            spans.add(SpanRefinement.refine(texts.get(i), detected.get(i)));
        }

        OptionalInt shift = OptionalInt.empty();
        OptionalInt maxDays = policies.dateShiftMaxDays(tenantId);
        if (maxDays.isPresent()) {
            Optional<String> patient = DateShifter.patientKey(texts, spans);
            if (patient.isPresent()) {
                shift = OptionalInt.of(DateShifter.offsetDays(hashes.mac(tenantId, KeyedHashes.DATE_SHIFT_PURPOSE),
                        patient.get(), maxDays.getAsInt()));
            }
        }

        PlaceholderIssuer issuer = new PlaceholderIssuer(hashes.mac(tenantId, KeyedHashes.PLACEHOLDER_PURPOSE),
                policies.placeholderHexLength());
        List<RedactedPage> redacted = new ArrayList<>(pages.size());
        List<RedactedEntity> entities = new ArrayList<>();
        List<PhiRegion> regions = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            for (PhiSpan span : spans.get(i)) {
                regions.add(new PhiRegion(pages.get(i).page(), span.type().name(),
                        texts.get(i).substring(span.start(), span.end()), span.start(), span.end()));
            }
            RedactedPage page = RedactedPage.of(pages.get(i).page(), texts.get(i), spans.get(i), issuer, shift);
            redacted.add(page);
            entities.addAll(page.entities());
        }
        boolean residual = parallel(redacted, page -> hasResidualPhi(engine, page)).contains(Boolean.TRUE);
        return new RedactionResult(redacted.stream().map(RedactedPage::text).toList(), entities, issuer.issued(),
                residual, regions);
    }

    /** Whether {@code engine} still finds PHI in the page outside its replacements. */
    static boolean hasResidualPhi(PhiEngine engine, RedactedPage page) {
        for (PhiSpan span : engine.detect(page.text())) {
            boolean insideReplacement = false;
            for (RedactedEntity entity : page.entities()) {
                if (span.start() >= entity.start() && span.end() <= entity.end()) {
                    insideReplacement = true;
                    break;
                }
            }
            if (!insideReplacement) {
                return true;
            }
        }
        return false;
    }

    private <T, R> List<R> parallel(List<T> inputs, Function<T, R> work) {
        List<Future<R>> futures = new ArrayList<>(inputs.size());
        for (T input : inputs) {
            futures.add(workers.submit(() -> work.apply(input)));
        }
        List<R> results = new ArrayList<>(inputs.size());
        try {
            for (Future<R> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redacting");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("redaction worker failed: " + e.getCause().getClass().getName());
        }
        return results;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
