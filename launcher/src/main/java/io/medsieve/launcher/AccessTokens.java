package io.medsieve.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens of the medsieve realm's demo users, as a command-line client gets them: the password grant of the
 * public {@value #CLIENT} client (and, for service accounts, the client-credentials grant). Every demo user has
 * the realm file's documented demo password; that is for the embedded demo and the tests only, never a
 * deployment. Tokens are reused until shortly before they expire, so a
 * status poll does not ask Keycloak every time.
 */
public final class AccessTokens {

    /** The realm's public client with the password grant enabled (demo and tests only). */
    static final String CLIENT = "medsieve-cli";
    /** Every demo user's password, as documented in deploy/keycloak/README.md. */
    static final String DEMO_PASSWORD = "medsieve-demo";

    private record Cached(String token, Instant refreshAfter) {
    }

    private final HttpClient http;
    private final String tokenUrl;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    AccessTokens(HttpClient http, String tokenUrl) {
        this.http = http;
        this.tokenUrl = tokenUrl;
    }

    /** A current access token of the demo user, e.g. {@code demo-clinic-uploader}. */
    public String forUser(String username) throws IOException, InterruptedException {
        return token("user " + username, "grant_type=password&client_id=" + CLIENT + "&username=" + encode(username)
                + "&password=" + encode(DEMO_PASSWORD));
    }

    /** A current access token of a confidential client's service account (client-credentials grant). */
    String forClient(String clientId, String secret) throws IOException, InterruptedException {
        return token("client " + clientId, "grant_type=client_credentials&client_id=" + encode(clientId)
                + "&client_secret=" + encode(secret));
    }

    private String token(String who, String form) throws IOException, InterruptedException {
        Cached cached = cache.get(who);
        if (cached != null && Instant.now().isBefore(cached.refreshAfter())) {
            return cached.token();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + who + ": HTTP "
                    + response.statusCode());
        }
        JsonNode body = json.readTree(response.body());
        String token = body.path("access_token").asText();
        long lifetime = body.path("expires_in").asLong(60);
        cache.put(who, new Cached(token, Instant.now().plusSeconds(Math.max(0, lifetime - 30))));
        return token;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
