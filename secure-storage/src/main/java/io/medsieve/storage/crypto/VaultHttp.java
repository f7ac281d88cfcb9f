package io.medsieve.storage.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Vault's HTTP API as used by {@link VaultTransitKeyProvider}: JSON in and out, {@code X-Vault-Token} and
 * {@code X-Vault-Namespace} headers, and retries with exponential backoff for failures that are transient by
 * nature (5xx, 429, timeouts, refused connections). 4xx answers are returned to the caller at once, since
 * repeating them cannot succeed.
 *
 * <p>Plain {@code java.net.http} rather than a Vault client library: {@code io.github.jopenlibs:vault-java-driver}
 * (6.2.1, the newest on Maven Central) has APIs for auth, logical, PKI, database and sys but none for Transit,
 * so datakey, rewrap and key configuration would go through its untyped logical API anyway; owning the requests
 * lets the contract test pin them byte for byte and keeps one dependency fewer.
 */
final class VaultHttp {

    private static final Logger LOG = Logger.getLogger(VaultHttp.class);
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 500, 502, 503, 504);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client;
    /** Address without trailing slash; a path prefix (Vault behind a reverse proxy) is kept. */
    private final String base;
    private final Optional<String> namespace;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration initialBackoff;

    VaultHttp(URI address, Optional<String> namespace, Duration timeout, int maxAttempts, Duration initialBackoff) {
        this.base = requireSafeAddress(address).toString().replaceAll("/+$", "");
        this.namespace = namespace.filter(ns -> !ns.isBlank());
        this.timeout = timeout;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialBackoff = initialBackoff;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Sends one request, retrying transient failures.
     *
     * @param path      below {@code /v1/}, already validated by the caller
     * @param body      JSON body or null for none
     * @param token     client token or null (login requests)
     * @param operation short name for errors and logs; never contains tenant ids
     * @return the parsed response body, or a missing node for 204
     * @throws VaultException on a non-2xx answer or when all attempts failed
     */
    JsonNode send(String method, String path, JsonNode body, String token, String operation) {
        VaultException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                backoff(attempt);
            }
            try {
                HttpResponse<byte[]> response = client.send(request(method, path, body, token),
                        HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    byte[] bytes = response.body();
                    return bytes == null || bytes.length == 0 ? MissingNode.getInstance() : json.readTree(bytes);
                }
                last = new VaultException(operation, status, RETRYABLE_STATUS.contains(status), null);
                if (!last.retryable()) {
                    throw last;
                }
            } catch (IOException e) {
                // Includes HttpTimeoutException and refused connections; the exception text names only the host.
                last = new VaultException(operation, VaultException.NO_RESPONSE, true, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VaultException(operation, VaultException.NO_RESPONSE, true, null);
            }
            LOG.warnf("%s (attempt %d of %d)", last.getMessage(), attempt, maxAttempts);
        }
        throw last;
    }

    private HttpRequest request(String method, String path, JsonNode body, String token) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/v1/" + path)).timeout(timeout);
        if (token != null) {
            builder.header("X-Vault-Token", token);
        }
        namespace.ifPresent(ns -> builder.header("X-Vault-Namespace", ns));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        return builder.build();
    }

    private void backoff(int attempt) {
        long base = Math.min(MAX_BACKOFF.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 2, 20));
        long jittered = base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        try {
            Thread.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tokens and key material travel in these requests, so plain HTTP is only accepted to this machine. */
    private static URI requireSafeAddress(URI address) {
        if (address == null || address.getHost() == null) {
            throw new IllegalArgumentException("medsieve.keys.vault.address must be an absolute http(s) URL");
        }
        if ("https".equalsIgnoreCase(address.getScheme())) {
            return address;
        }
        if ("http".equalsIgnoreCase(address.getScheme()) && isLoopback(address.getHost())) {
            return address;
        }
        throw new IllegalArgumentException(
                "medsieve.keys.vault.address must use https (plain http is accepted only for loopback addresses)");
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
