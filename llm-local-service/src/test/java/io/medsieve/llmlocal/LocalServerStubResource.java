package io.medsieve.llmlocal;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A local HTTP stub standing in for an OpenAI-compatible model server (Ollama, vLLM), and the configuration that
 * points the service at it. Its port travels through a system property because test resources and tests live in
 * different class loaders.
 */
public class LocalServerStubResource implements QuarkusTestResourceLifecycleManager {

    private static final String PORT_PROPERTY = "medsieve.test.local-server-stub.port";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        System.setProperty(PORT_PROPERTY, String.valueOf(server.port()));
        return Map.of("medsieve.llm-local.openai-compatible.base-url", server.baseUrl() + "/v1",
                "medsieve.llm-local.openai-compatible.model", "llama3.1:8b");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            System.clearProperty(PORT_PROPERTY);
        }
    }

    /** Admin client of the running stub. */
    public static WireMock client() {
        return new WireMock("localhost", Integer.parseInt(System.getProperty(PORT_PROPERTY)));
    }
}
