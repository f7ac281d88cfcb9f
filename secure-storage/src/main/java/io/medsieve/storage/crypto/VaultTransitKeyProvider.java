package io.medsieve.storage.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsieve.events.Sha256;
import io.medsieve.storage.KeysConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@link KeyProvider} on HashiCorp Vault's Transit engine: tenant keys never leave Vault, and this service only
 * ever holds one-off data keys and short-lived Vault tokens.
 *
 * <ul>
 *   <li>One Transit key per tenant, {@code <key-prefix><tenantId>} (default {@code medsieve-<tenantId>}), type
 *       {@code aes256-gcm96}, not exportable, no plaintext backup, created on first use when
 *       {@code create-keys} is on ({@code POST /v1/<mount>/keys/:name}; idempotent if it already exists).</li>
 *   <li>Data keys: {@code POST /v1/<mount>/datakey/plaintext/:name}; the returned {@code vault:vN:...}
 *       ciphertext is the wrapped key, unwrapped by {@code POST /v1/<mount>/decrypt/:name}. The key id is
 *       {@code vt-<16 hex of SHA-256(key name)>-v<N>}: it pins tenant key and version without naming the tenant
 *       (key ids appear in exception messages and envelope headers).</li>
 *   <li>Rotation: {@code POST /v1/<mount>/keys/:name/rotate}; re-wrap: {@code POST /v1/<mount>/rewrap/:name}.
 *       Old versions keep decrypting until an administrator raises {@code min_decryption_version} (after
 *       re-wrapping everything still under them); data keys of a version below it become unavailable.</li>
 *   <li>Crypto-shredding: {@code POST /v1/<mount>/keys/:name/config {"deletion_allowed": true}}, then
 *       {@code DELETE /v1/<mount>/keys/:name}. {@code deletion_allowed} is never set otherwise.</li>
 * </ul>
 *
 * <p><b>HMAC secrets.</b> Placeholders need a stable per-tenant secret that is used locally (one Vault call per
 * placeholder would be far too chatty). It is derived as HKDF-SHA256 over Transit's HMAC
 * ({@code POST /v1/<mount>/hmac/:name/sha2-256}) of a fixed, tenant- and purpose-bound label, computed with a
 * second per-tenant key {@code <key-prefix><tenantId>.hmac} pinned to {@code key_version=1} ('.' cannot occur
 * in tenant ids, so it never collides with another tenant's key). Vault computes the HMAC with that version's
 * own HMAC key, so nothing is exported, every process derives the same secret with no shared storage and no
 * creation race, and shredding deletes it with the tenant. It is a separate key because Vault removes versions
 * below {@code min_decryption_version} from the live key, which would end HMACs pinned to version 1 of the
 * wrapping key as soon as old versions are retired; the HMAC key itself is never rotated. The alternatives were
 * worse: a random secret stored wrapped needs a shared store with create-if-absent semantics; {@code datakey}
 * on a derived key with a fixed context still returns a random key each call.
 *
 * <p><b>Shredding and re-creation.</b> Vault keeps no tombstone of a deleted key. This process refuses a
 * shredded tenant from then on, and a process that already used the tenant's key gets "key not found" from
 * Vault rather than re-creating it; but a freshly started process with {@code create-keys=true} would create a
 * new (empty) key for the tenant. Where that matters, provision keys administratively and set
 * {@code create-keys=false} (see {@code deploy/vault/init.sh}).
 *
 * <p>Errors: Vault failures become {@link KeyUnavailableException} naming only the key id and HTTP status
 * ({@link KeyUnavailableException#retryable()} for outages, after retries with backoff); a ciphertext that
 * Vault rejects while its key and version exist is a {@link TamperedEnvelopeException}.
 */
public class VaultTransitKeyProvider implements KeyProvider {

    private static final Logger LOG = Logger.getLogger(VaultTransitKeyProvider.class);
    /**
     * Tenant ids become Vault path segments, so only a conservative character set is accepted. Vault key names
     * must end with a word character, hence no trailing '-' (which the REST tenant header would allow).
     */
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,126}[A-Za-z0-9])?");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]*");
    private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
    private static final Pattern CIPHERTEXT = Pattern.compile("vault:v([1-9][0-9]{0,8}):[A-Za-z0-9+/]+={0,2}");
    private static final Pattern KEY_ID = Pattern.compile("vt-[0-9a-f]{16}-v([1-9][0-9]{0,8})");
    private static final int HMAC_KEY_VERSION = 1;
    /** Suffix of the per-tenant HMAC key; '.' is not allowed in tenant ids, so names cannot collide. */
    private static final String HMAC_KEY_SUFFIX = ".hmac";
    private static final int HMAC_KEY_BYTES = 32;
    private static final byte[] HMAC_SALT = "medsieve-vault-hmac-key-v1".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json = new ObjectMapper();
    private final VaultHttp http;
    private final VaultTokens tokens;
    private final String mount;
    private final String keyPrefix;
    private final boolean createKeys;
    /** Tenant keys known to exist (created or used by this process), so creation is attempted once. */
    private final Set<String> knownKeys = ConcurrentHashMap.newKeySet();
    /** Tenants shredded by this process: never re-created, whatever Vault says later. */
    private final Set<String> shredded = ConcurrentHashMap.newKeySet();

    /**
     * Logs in right away, so wrong credentials or an unreachable Vault stop the service at startup rather than
     * on its first document.
     */
    public VaultTransitKeyProvider(KeysConfig.Vault config) {
        this(config, Clock.systemUTC());
    }

    VaultTransitKeyProvider(KeysConfig.Vault config, Clock clock) {
        this.http = new VaultHttp(config.address().orElseThrow(() -> new IllegalArgumentException(
                "medsieve.keys.vault.address is required when medsieve.keys.provider=vault")),
                config.namespace(), config.requestTimeout(), config.maxAttempts(), config.initialBackoff());
        if (!MOUNT.matcher(config.transitMount()).matches()) {
            throw new IllegalArgumentException("medsieve.keys.vault.transit-mount must be a plain path");
        }
        if (!PREFIX.matcher(config.keyPrefix()).matches()) {
            throw new IllegalArgumentException("medsieve.keys.vault.key-prefix may only contain [A-Za-z0-9_-]");
        }
        this.mount = config.transitMount();
        this.keyPrefix = config.keyPrefix();
        this.createKeys = config.createKeys();
        this.tokens = new VaultTokens(http, config.auth(), clock);
        try {
            tokens.current();
        } catch (VaultException e) {
            throw new KeyUnavailableException(null, "vault login at startup: " + e.getMessage(), e.retryable(), e);
        }
    }

    @Override
    public DataKey newDataKey(String tenantId) {
        String name = keyName(tenantId);
        ensureKey(tenantId, name);
        ObjectNode body = json.createObjectNode().put("bits", 256);
        JsonNode data = call("POST", mount + "/datakey/plaintext/" + name, body, "datakey", null).path("data");
        String ciphertext = data.path("ciphertext").asText("");
        int version = versionOf(ciphertext);
        byte[] plaintext = decodeKey(data.path("plaintext").asText(""));
        if (version < 1 || plaintext.length != Gcm.KEY_BYTES) {
            Arrays.fill(plaintext, (byte) 0);
            throw new KeyUnavailableException(null, "vault datakey returned an unusable key", false, null);
        }
        knownKeys.add(name);
        return new DataKey(keyId(name, version), plaintext, ciphertext.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public byte[] unwrapDataKey(String tenantId, String keyId, byte[] wrappedKey) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        String name = keyName(tenantId);
        String ciphertext = checkedCiphertext(name, keyId, wrappedKey);
        if (shredded.contains(tenantId)) {
            throw new KeyUnavailableException(keyId);
        }
        ObjectNode body = json.createObjectNode().put("ciphertext", ciphertext);
        JsonNode data = call("POST", mount + "/decrypt/" + name, body, "decrypt",
                () -> diagnoseRejected(name, keyId, versionOf(ciphertext))).path("data");
        byte[] plaintext = decodeKey(data.path("plaintext").asText(""));
        if (plaintext.length != Gcm.KEY_BYTES) {
            Arrays.fill(plaintext, (byte) 0);
            throw new TamperedEnvelopeException("wrapped data key does not decrypt to an AES-256 key");
        }
        knownKeys.add(name); // proven to exist: never try to create it, even after another process shreds it
        return plaintext;
    }

    @Override
    public byte[] hmacKey(String tenantId, String purpose) {
        Objects.requireNonNull(purpose, "purpose");
        if (purpose.isEmpty()) {
            throw new IllegalArgumentException("purpose must not be empty");
        }
        String name = keyName(tenantId) + HMAC_KEY_SUFFIX;
        ensureKey(tenantId, name);
        byte[] label = LengthPrefixed.encode("medsieve-hmac-key-v1", tenantId, purpose);
        ObjectNode body = json.createObjectNode()
                .put("input", Base64.getEncoder().encodeToString(label))
                .put("key_version", HMAC_KEY_VERSION);
        String hmac = call("POST", mount + "/hmac/" + name + "/sha2-256", body, "hmac", null)
                .path("data").path("hmac").asText("");
        String prefix = "vault:v" + HMAC_KEY_VERSION + ":";
        if (!hmac.startsWith(prefix)) {
            throw new KeyUnavailableException(keyId(name, HMAC_KEY_VERSION), "vault hmac returned an unexpected value",
                    false, null);
        }
        byte[] mac = Base64.getDecoder().decode(hmac.substring(prefix.length()));
        try {
            return Hkdf.derive(mac, HMAC_SALT, LengthPrefixed.encode("hmac", tenantId, purpose), HMAC_KEY_BYTES);
        } finally {
            Arrays.fill(mac, (byte) 0);
        }
    }

    @Override
    public String rotateTenantKey(String tenantId) {
        String name = keyName(tenantId);
        if (shredded.contains(tenantId)) {
            throw new KeyUnavailableException(null);
        }
        JsonNode response = call("POST", mount + "/keys/" + name + "/rotate", null, "rotate", null);
        int latest = response.path("data").path("latest_version").asInt(0);
        if (latest < 1) {
            // Older Vault versions answer 204 without a body; read the key to learn the new version.
            latest = call("GET", mount + "/keys/" + name, null, "read key", null)
                    .path("data").path("latest_version").asInt(0);
        }
        knownKeys.add(name);
        String keyId = keyId(name, latest);
        LOG.infof("rotated vault transit key to %s", keyId);
        return keyId;
    }

    @Override
    public WrappedDataKey rewrapDataKey(String tenantId, String keyId, byte[] wrappedKey) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        String name = keyName(tenantId);
        String ciphertext = checkedCiphertext(name, keyId, wrappedKey);
        if (shredded.contains(tenantId)) {
            throw new KeyUnavailableException(keyId);
        }
        ObjectNode body = json.createObjectNode().put("ciphertext", ciphertext);
        String rewrapped = call("POST", mount + "/rewrap/" + name, body, "rewrap",
                () -> diagnoseRejected(name, keyId, versionOf(ciphertext))).path("data").path("ciphertext").asText("");
        int version = versionOf(rewrapped);
        if (version < 1) {
            throw new KeyUnavailableException(keyId, "vault rewrap returned an unexpected value", false, null);
        }
        return new WrappedDataKey(keyId(name, version), rewrapped.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Allows deletion and deletes the tenant's Transit keys (wrapping key, then HMAC key), which makes every data
     * key it wrapped unrecoverable and ends its HMAC secrets. A key that is already gone counts as shredded, so
     * retries are safe.
     */
    @Override
    public void destroyTenantKey(String tenantId) {
        String name = keyName(tenantId);
        shredded.add(tenantId);
        deleteKey(name);
        deleteKey(name + HMAC_KEY_SUFFIX);
    }

    private void deleteKey(String name) {
        knownKeys.remove(name);
        try {
            call("POST", mount + "/keys/" + name + "/config",
                    json.createObjectNode().put("deletion_allowed", true), "allow deletion", null);
            call("DELETE", mount + "/keys/" + name, null, "delete key", null);
        } catch (KeyUnavailableException e) {
            if (keyExists(name)) {
                throw e;
            }
        }
        LOG.infof("destroyed vault transit key %s (all versions)", keyRef(name));
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private void ensureKey(String tenantId, String name) {
        if (shredded.contains(tenantId)) {
            throw new KeyUnavailableException(null);
        }
        if (!createKeys || knownKeys.contains(name)) {
            return;
        }
        ObjectNode body = json.createObjectNode()
                .put("type", "aes256-gcm96")
                .put("exportable", false)
                .put("allow_plaintext_backup", false);
        call("POST", mount + "/keys/" + name, body, "create key", null);
        knownKeys.add(name);
    }

    /**
     * One authenticated call. A 403 is answered once by logging in again (the token may have been revoked or
     * expired early); other failures become {@link KeyUnavailableException}, unless {@code onRejected} explains
     * a 400 better (e.g. as tampering).
     */
    private JsonNode call(String method, String path, JsonNode body, String operation,
            Supplier<RuntimeException> onRejected) {
        try {
            String token = tokens.current();
            try {
                return http.send(method, path, body, token, operation);
            } catch (VaultException e) {
                if (e.status() != 403 || !tokens.invalidate(token)) {
                    throw e;
                }
                return http.send(method, path, body, tokens.current(), operation);
            }
        } catch (VaultException e) {
            if (e.status() == 400 && onRejected != null) {
                throw onRejected.get();
            }
            throw new KeyUnavailableException(null, e.getMessage(), e.retryable(), e);
        }
    }

    /**
     * Vault answers 400 both for a ciphertext it cannot authenticate and for a missing or retired key version,
     * with only free-text errors to tell them apart; reading the key settles it without parsing messages.
     */
    private RuntimeException diagnoseRejected(String name, String keyId, int version) {
        JsonNode key;
        try {
            key = http.send("GET", mount + "/keys/" + name, null, tokens.current(), "read key");
        } catch (VaultException e) {
            if (e.status() == 404) {
                return new KeyUnavailableException(keyId);
            }
            return new KeyUnavailableException(keyId, "vault rejected the wrapped key and its key could not be read",
                    e.retryable(), e);
        }
        int minDecryption = key.path("data").path("min_decryption_version").asInt(1);
        if (version < minDecryption) {
            return new KeyUnavailableException(keyId, "key version retired by min_decryption_version", false, null);
        }
        return new TamperedEnvelopeException("wrapped data key failed authentication in vault");
    }

    private boolean keyExists(String name) {
        try {
            http.send("GET", mount + "/keys/" + name, null, tokens.current(), "read key");
            return true;
        } catch (VaultException e) {
            if (e.status() == 404) {
                return false;
            }
            throw new KeyUnavailableException(null, e.getMessage(), e.retryable(), e);
        }
    }

    /** Checks the envelope's key id against the tenant and the ciphertext's version before anything is sent. */
    private String checkedCiphertext(String name, String keyId, byte[] wrappedKey) {
        String ciphertext = new String(wrappedKey, StandardCharsets.US_ASCII);
        int version = versionOf(ciphertext);
        if (version < 1) {
            throw new TamperedEnvelopeException("wrapped data key is not a vault transit ciphertext");
        }
        if (!KEY_ID.matcher(keyId).matches() || !keyId.equals(keyId(name, version))) {
            throw new TamperedEnvelopeException("data key was not wrapped by this tenant's key");
        }
        return ciphertext;
    }

    private String keyName(String tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        if (!TENANT_ID.matcher(tenantId).matches()) {
            throw new IllegalArgumentException(
                    "tenantId must be 1-128 characters of [A-Za-z0-9_-], starting and ending with a letter or digit");
        }
        return keyPrefix + tenantId;
    }

    private static String keyId(String name, int version) {
        return keyRef(name) + "-v" + version;
    }

    /** Names a tenant key in logs and key ids without naming the tenant. */
    private static String keyRef(String name) {
        return "vt-" + Sha256.hex(name.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** The N of {@code vault:vN:...}, or 0 if the value is not a Transit ciphertext. */
    private static int versionOf(String ciphertext) {
        Matcher matcher = CIPHERTEXT.matcher(ciphertext);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static byte[] decodeKey(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
