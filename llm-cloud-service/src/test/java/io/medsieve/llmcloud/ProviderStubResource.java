package io.medsieve.llmcloud;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A local HTTP stub standing in for OpenAI's API (third-party cloud APIs are the one stand-in the rules allow). Its
 * port travels through a system property because test resources and tests live in different class loaders; tests
 * drive it with {@link #client()} and read what it received from its request journal.
 */
public class ProviderStubResource implements QuarkusTestResourceLifecycleManager {

    private static final String PORT_PROPERTY = "medsieve.test.provider-stub.port";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        System.setProperty(PORT_PROPERTY, String.valueOf(server.port()));
        return Map.of("medsieve.llm-cloud.providers.openai.base-url", server.baseUrl() + "/v1");
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
