package io.medsieve.storage.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Local stand-in for Vault (no Vault server can run in CI), on the JDK's HTTP server. It speaks the documented
 * HTTP API of the AppRole, Kubernetes and token auth methods and of the Transit engine mounted at
 * {@code transit/}, with real AES-256-GCM underneath so round trips are genuine, and records every request so
 * tests can assert the exact wire format. Response and error shapes follow Vault's API documentation:
 * {@code {"data": {...}}}, {@code {"auth": {...}}}, {@code {"errors": [...]}}.
 */
public final class FakeVaultTransit implements AutoCloseable {

    public static final String ROLE_ID = "role-id-0001";
    public static final String SECRET_ID = "secret-id-0001";
    static final String K8S_ROLE = "medsieve-redaction";

    /** One received request: method, path (with {@code /v1/}), relevant headers and the parsed JSON body. */
    public record Recorded(String method, String path, String token, String namespace, String contentType,
            JsonNode body) {
    }

    private record Fault(String pathContains, int status, String error) {
    }

    private static final Pattern CIPHERTEXT = Pattern.compile("vault:v(\\d+):(.+)");
    /** Vault's transit key name pattern (GenericNameRegex): word characters, '-' and '.' inside. */
    private static final String NAME = "(\\w(?:[\\w.-]*\\w)?)";

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final HttpServer server;
    private final Clock clock;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, TransitKey> keys = new ConcurrentHashMap<>();
    private volatile long leaseSeconds = 3600;
    private volatile long renewGrantSeconds = 3600;
    private volatile String k8sJwt = "k8s-jwt-unset";
    private final AtomicInteger logins = new AtomicInteger();
    private volatile String lastToken;
    private volatile boolean closed;

    public FakeVaultTransit(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    int logins() {
        return logins.get();
    }

    /** The next {@code times} requests whose path contains {@code pathContains} fail with a Vault error body. */
    synchronized void failNext(String pathContains, int status, int times, String error) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(pathContains, status, error));
        }
    }

    /** The client token handed out by the most recent login. */
    String lastIssuedToken() {
        return lastToken;
    }

    void leaseSeconds(long seconds) {
        leaseSeconds = seconds;
    }

    void renewGrantSeconds(long seconds) {
        renewGrantSeconds = seconds;
    }

    void kubernetesJwt(String jwt) {
        k8sJwt = jwt;
    }

    /** Simulates revocation: every issued token stops working. */
    void revokeAllTokens() {
        tokens.clear();
    }

    /** Administrator action: sets {@code min_decryption_version} as {@code keys/:name/config} would. */
    void minDecryptionVersion(String name, int version) {
        keys.get(name).minDecryptionVersion = version;
    }

    boolean hasKey(String name) {
        return keys.containsKey(name);
    }

    int latestVersion(String name) {
        return keys.get(name).versions.size();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
        }
    }

    // --- HTTP handling ------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? MissingNode.getInstance() : json.readTree(raw);
            String path = exchange.getRequestURI().getRawPath();
            String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
            requests.add(new Recorded(exchange.getRequestMethod(), path, token,
                    exchange.getRequestHeaders().getFirst("X-Vault-Namespace"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Fault fault = null;
            synchronized (this) {
                Fault next = faults.peek();
                if (next != null && path.contains(next.pathContains())) {
                    fault = faults.poll();
                }
            }
            if (fault != null) {
                error(exchange, fault.status(), fault.error());
                return;
            }
            route(exchange, exchange.getRequestMethod(), path, token, body);
        } catch (RuntimeException e) {
            error(exchange, 500, "internal error");
        }
    }

    private void route(HttpExchange ex, String method, String path, String token, JsonNode body) throws IOException {
        if (method.equals("POST") && path.equals("/v1/auth/approle/login")) {
            if (!ROLE_ID.equals(body.path("role_id").asText()) || !SECRET_ID.equals(body.path("secret_id").asText())) {
                error(ex, 400, "invalid role or secret ID");
                return;
            }
            login(ex);
            return;
        }
        if (method.equals("POST") && path.equals("/v1/auth/kubernetes/login")) {
            if (!K8S_ROLE.equals(body.path("role").asText()) || !k8sJwt.equals(body.path("jwt").asText())) {
                error(ex, 403, "permission denied");
                return;
            }
            login(ex);
            return;
        }
        if (!validToken(token)) {
            error(ex, 403, "permission denied");
            return;
        }
        if (method.equals("POST") && path.equals("/v1/auth/token/renew-self")) {
            tokens.put(token, clock.instant().plusSeconds(renewGrantSeconds));
            respond(ex, 200, authBody(token, renewGrantSeconds));
            return;
        }
        Matcher m;
        if ((m = match("/v1/transit/keys/" + NAME, path)) != null) {
            keyEndpoint(ex, method, m.group(1));
        } else if ((m = match("/v1/transit/keys/" + NAME + "/config", path)) != null && method.equals("POST")) {
            TransitKey key = keys.get(m.group(1));
            if (key == null) {
                error(ex, 400, "no existing key named " + m.group(1) + " could be found");
                return;
            }
            if (body.has("deletion_allowed")) {
                key.deletionAllowed = body.path("deletion_allowed").asBoolean();
            }
            respond(ex, 200, keyInfo(m.group(1), key));
        } else if ((m = match("/v1/transit/keys/" + NAME + "/rotate", path)) != null && method.equals("POST")) {
            TransitKey key = keys.get(m.group(1));
            if (key == null) {
                error(ex, 400, "encryption key not found");
                return;
            }
            key.addVersion(random);
            respond(ex, 200, keyInfo(m.group(1), key));
        } else if ((m = match("/v1/transit/datakey/plaintext/" + NAME, path)) != null && method.equals("POST")) {
            TransitKey key = keys.get(m.group(1));
            if (key == null) {
                error(ex, 400, "encryption key not found");
                return;
            }
            byte[] dataKey = bytes(body.path("bits").asInt(256) / 8);
            int version = key.versions.size();
            ObjectNode data = json.createObjectNode()
                    .put("plaintext", b64(dataKey))
                    .put("ciphertext", key.encrypt(version, dataKey, random))
                    .put("key_version", version);
            respond(ex, 200, wrap("data", data));
        } else if ((m = match("/v1/transit/decrypt/" + NAME, path)) != null && method.equals("POST")) {
            TransitKey key = keys.get(m.group(1));
            if (key == null) {
                error(ex, 400, "encryption key not found");
                return;
            }
            byte[] plaintext = key.decrypt(body.path("ciphertext").asText());
            if (plaintext == null) {
                error(ex, 400, key.lastError);
                return;
            }
            respond(ex, 200, wrap("data", json.createObjectNode().put("plaintext", b64(plaintext))));
        } else if ((m = match("/v1/transit/rewrap/" + NAME, path)) != null && method.equals("POST")) {
            TransitKey key = keys.get(m.group(1));
            byte[] plaintext = key == null ? null : key.decrypt(body.path("ciphertext").asText());
            if (plaintext == null) {
                error(ex, 400, key == null ? "encryption key not found" : key.lastError);
                return;
            }
            int version = key.versions.size();
            respond(ex, 200, wrap("data", json.createObjectNode()
                    .put("ciphertext", key.encrypt(version, plaintext, random)).put("key_version", version)));
        } else if ((m = match("/v1/transit/hmac/" + NAME + "/sha2-256", path)) != null && method.equals("POST")) {
            TransitKey key = keys.get(m.group(1));
            if (key == null) {
                error(ex, 400, "encryption key not found");
                return;
            }
            int version = body.path("key_version").asInt(key.versions.size());
            if (version < key.minDecryptionVersion || version > key.versions.size()) {
                // Vault moves versions below min_decryption_version out of the live key: no HMAC with them.
                error(ex, 400, "no such key version");
                return;
            }
            byte[] input = Base64.getDecoder().decode(body.path("input").asText());
            respond(ex, 200, wrap("data", json.createObjectNode()
                    .put("hmac", "vault:v" + version + ":" + b64(key.hmac(version, input)))));
        } else {
            error(ex, 404, "unsupported path");
        }
    }

    private void keyEndpoint(HttpExchange ex, String method, String name) throws IOException {
        TransitKey key = keys.get(name);
        switch (method) {
            case "POST" -> {
                TransitKey created = keys.computeIfAbsent(name, n -> TransitKey.create(random));
                respond(ex, 200, keyInfo(name, created));
            }
            case "GET" -> {
                if (key == null) {
                    error(ex, 404, null);
                } else {
                    respond(ex, 200, keyInfo(name, key));
                }
            }
            case "DELETE" -> {
                if (key == null) {
                    error(ex, 400, "could not delete key; not found");
                } else if (!key.deletionAllowed) {
                    error(ex, 400, "deletion is not allowed for this key");
                } else {
                    keys.remove(name);
                    ex.sendResponseHeaders(204, -1);
                }
            }
            default -> error(ex, 405, "unsupported operation");
        }
    }

    private void login(HttpExchange ex) throws IOException {
        logins.incrementAndGet();
        String token = "hvs." + UUID.randomUUID();
        tokens.put(token, clock.instant().plusSeconds(leaseSeconds));
        lastToken = token;
        respond(ex, 200, authBody(token, leaseSeconds));
    }

    private boolean validToken(String token) {
        Instant expiry = token == null ? null : tokens.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    private ObjectNode authBody(String token, long lease) {
        ObjectNode auth = json.createObjectNode()
                .put("client_token", token)
                .put("accessor", "accessor-" + token.hashCode())
                .put("lease_duration", lease)
                .put("renewable", true);
        auth.putArray("policies").add("default").add("medsieve-service");
        ObjectNode root = json.createObjectNode();
        root.put("request_id", UUID.randomUUID().toString());
        root.putNull("data");
        root.set("auth", auth);
        return root;
    }

    private ObjectNode keyInfo(String name, TransitKey key) {
        ObjectNode data = json.createObjectNode()
                .put("name", name)
                .put("type", "aes256-gcm96")
                .put("deletion_allowed", key.deletionAllowed)
                .put("exportable", false)
                .put("allow_plaintext_backup", false)
                .put("derived", false)
                .put("latest_version", key.versions.size())
                .put("min_decryption_version", key.minDecryptionVersion)
                .put("min_encryption_version", 0)
                .put("supports_encryption", true)
                .put("supports_decryption", true);
        ObjectNode versions = data.putObject("keys");
        for (int v = 1; v <= key.versions.size(); v++) {
            versions.put(Integer.toString(v), 1_700_000_000L + v);
        }
        return wrap("data", data);
    }

    private ObjectNode wrap(String field, JsonNode value) {
        ObjectNode root = json.createObjectNode();
        root.set(field, value);
        return root;
    }

    private void respond(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** Vault's error shape; a 404 for a missing key has an empty {@code errors} array. */
    private void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode body = json.createObjectNode();
        var errors = body.putArray("errors");
        if (message != null) {
            errors.add(message);
        }
        respond(ex, status, body);
    }

    private static Matcher match(String regex, String path) {
        Matcher m = Pattern.compile(regex).matcher(path);
        return m.matches() ? m : null;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A Transit key: one AES-256 key and one HMAC key per version, as Vault keeps them. */
    private static final class TransitKey {

        final List<byte[]> versions = new ArrayList<>();
        final List<byte[]> hmacKeys = new ArrayList<>();
        volatile boolean deletionAllowed;
        volatile int minDecryptionVersion = 1;
        volatile String lastError;

        static TransitKey create(SecureRandom random) {
            TransitKey key = new TransitKey();
            key.addVersion(random);
            return key;
        }

        synchronized void addVersion(SecureRandom random) {
            byte[] aes = new byte[32];
            byte[] mac = new byte[32];
            random.nextBytes(aes);
            random.nextBytes(mac);
            versions.add(aes);
            hmacKeys.add(mac);
        }

        synchronized String encrypt(int version, byte[] plaintext, SecureRandom random) {
            byte[] nonce = new byte[Gcm.NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] sealed = Gcm.encrypt(versions.get(version - 1), nonce, plaintext, new byte[0]);
            return "vault:v" + version + ":" + b64(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        }

        synchronized byte[] decrypt(String ciphertext) {
            Matcher m = CIPHERTEXT.matcher(ciphertext);
            if (!m.matches()) {
                lastError = "invalid ciphertext: no prefix";
                return null;
            }
            int version = Integer.parseInt(m.group(1));
            if (version < minDecryptionVersion) {
                lastError = "ciphertext or signature version is disallowed by policy (too old)";
                return null;
            }
            if (version > versions.size()) {
                lastError = "invalid key version";
                return null;
            }
            byte[] raw = Base64.getDecoder().decode(m.group(2));
            try {
                return Gcm.decrypt(versions.get(version - 1), Arrays.copyOf(raw, Gcm.NONCE_BYTES), raw,
                        Gcm.NONCE_BYTES, raw.length - Gcm.NONCE_BYTES, new byte[0]);
            } catch (AEADBadTagException e) {
                lastError = "cipher: message authentication failed";
                return null;
            }
        }

        synchronized byte[] hmac(int version, byte[] input) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(hmacKeys.get(version - 1), "HmacSHA256"));
                return mac.doFinal(input);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

}
