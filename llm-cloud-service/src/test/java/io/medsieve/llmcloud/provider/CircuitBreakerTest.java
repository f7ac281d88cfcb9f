package io.medsieve.llmcloud.provider;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.medsieve.events.AnalysisTask;
import io.medsieve.llmcloud.ProviderStubResource;
import io.medsieve.llmcloud.config.CloudConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-provider circuit breaker: after a run of retryable failures it stops calling the provider at all (the
 * affected documents keep waiting in the database), while client errors do not open it. A registry of its own, so the
 * application's breaker is not disturbed.
 */
@QuarkusTest
class CircuitBreakerTest {

    @Inject
    CloudConfig config;

    private WireMock stub;

    @BeforeEach
    void setUp() {
        stub = ProviderStubResource.client();
        stub.resetMappings();
        stub.resetRequests();
        stub.resetScenarios();
    }

    @Test
    void opensAfterRetryableFailuresAndThenFailsFastWithoutCallingTheProvider() {
        stub.register(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)));
        ProviderRegistry registry = new ProviderRegistry(config);
        ModelRequest request = ContractFixtures.request("cb-1", AnalysisTask.SUMMARY, "gpt-4o-mini");

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> registry.call("openai", p -> p.complete(request), Completion.class))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(503));
        }
        assertThatThrownBy(() -> registry.call("openai", p -> p.complete(request), Completion.class))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.status()).isZero();
                    assertThat(e.getMessage()).contains("circuit breaker open");
                });
        assertThat(stub.find(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(4);
    }

    @Test
    void clientErrorsDoNotOpenIt() {
        stub.register(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(400)));
        ProviderRegistry registry = new ProviderRegistry(config);
        ModelRequest request = ContractFixtures.request("cb-2", AnalysisTask.SUMMARY, "gpt-4o-mini");

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> registry.call("openai", p -> p.complete(request), Completion.class))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThat(stub.find(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(6);
    }
}
