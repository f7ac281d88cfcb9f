package io.medsieve.ocr.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker stuck in a native call must not shrink the stage. A task blocked on a latch stands in for a Tesseract
 * call that ignores its deadline (no real page reliably hangs the engine).
 */
class TesseractWorkerPoolTest {

    private static final Path TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");

    private final CountDownLatch hung = new CountDownLatch(1);
    private TesseractWorkerPool pool;

    @AfterEach
    void release() {
        hung.countDown();
        pool.close();
    }

    @Test
    void aStuckWorkerIsReplacedSoOtherPagesStillRun() throws Exception {
        pool = new TesseractWorkerPool(TESSDATA, "eng", 1, Duration.ofMillis(300), 1);
        CompletableFuture<Boolean> stuckPage = pool.submit(engines -> awaitQuietly(hung));
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.stuckWorkers() == 1);

        // The only configured worker is stuck; the replacement reads the next page.
        CompletableFuture<String> nextPage = pool.submit(engines -> "read");

        assertThat(nextPage.get(30, TimeUnit.SECONDS)).isEqualTo("read");
        assertThat(pool.healthy()).isTrue();

        hung.countDown();
        assertThat(stuckPage.get(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.stuckWorkers() == 0);
    }

    @Test
    void morePagesStuckThanMayBeReplacedMakesThePoolUnhealthy() {
        pool = new TesseractWorkerPool(TESSDATA, "eng", 1, Duration.ofMillis(300), 1);
        pool.submit(engines -> awaitQuietly(hung));
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.stuckWorkers() == 1);
        pool.submit(engines -> awaitQuietly(hung));

        await().atMost(Duration.ofSeconds(30)).until(() -> pool.stuckWorkers() == 2);
        assertThat(pool.healthy()).isFalse();

        hung.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.stuckWorkers() == 0 && pool.healthy());
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
