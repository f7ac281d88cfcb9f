package io.medsieve.llmlocal.backend;

import io.medsieve.events.AnalysisTask;
import io.medsieve.prompts.Prompt;
import io.medsieve.prompts.PromptBuilder;
import io.medsieve.prompts.PromptCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Never more model calls at once than configured; a caller that waits too long for a slot fails as busy. */
class BoundedBackendTest {

    private final Prompt prompt = PromptBuilder.build(PromptCatalog.standard().template(AnalysisTask.SUMMARY), "x");

    @Test
    void atMostTheConfiguredNumberOfCallsRunAtOnceAndTheOthersWaitTheirTurn() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch twoInside = new CountDownLatch(2);
        ScriptedBackend slow = new ScriptedBackend(8192, p -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            twoInside.countDown();
            try {
                // Hold the slot until both slots are taken, so the limit is really exercised.
                twoInside.await(5, TimeUnit.SECONDS);
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return "ok";
        });
        BoundedBackend bounded = new BoundedBackend(slow, 2, Duration.ofSeconds(30));
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<Generation>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(callers.submit(() -> bounded.generate(prompt, 8, false)));
            }
            for (Future<Generation> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS).text()).isEqualTo("ok");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(peak.get()).isEqualTo(2);
        assertThat(slow.prompts()).hasSize(6);
    }

    @Test
    void aCallThatCannotGetASlotWithinTheQueueTimeoutFailsAsBusyAndRetryable() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        ScriptedBackend stuck = new ScriptedBackend(8192, p -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        });
        BoundedBackend bounded = new BoundedBackend(stuck, 1, Duration.ofMillis(100));
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<Generation> first = holder.submit(() -> bounded.generate(prompt, 8, false));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> bounded.generate(prompt, 8, false))
                    .isInstanceOf(BackendException.class)
                    .satisfies(e -> {
                        assertThat(((BackendException) e).code()).isEqualTo("llm-local.busy");
                        assertThat(((BackendException) e).retryable()).isTrue();
                    });
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("late");
            // The slot is free again.
            assertThat(bounded.generate(prompt, 8, false).text()).isEqualTo("late");
        } finally {
            holder.shutdownNow();
        }
    }
}
