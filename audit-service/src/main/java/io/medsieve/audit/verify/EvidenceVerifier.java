package io.medsieve.audit.verify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsieve.events.EventJson;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks an evidence package offline, without trusting the server that produced it: every entry's hash is
 * recomputed from its fields, every inclusion proof is checked against the package's tree head, and the tree head's
 * signature is checked with a public key the auditor obtained separately (the one inside the ZIP is only compared).
 *
 * <p>Command line: {@code java -cp "audit-service/target/quarkus-app/app/*:audit-service/target/quarkus-app/lib/main/*"
 * io.medsieve.audit.verify.EvidenceVerifier evidence.zip public-key.json}; exit code 0 when valid, 1 otherwise.
 */
public final class EvidenceVerifier {

    private final ObjectMapper mapper = EventJson.configure(new ObjectMapper());
    private final PublicKey publicKey;

    public EvidenceVerifier(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    /** Verifies a package given as ZIP bytes. */
    public Result verify(byte[] zip) throws IOException {
        Map<String, byte[]> files = unzip(zip);
        List<String> problems = new ArrayList<>();
        for (String required : List.of(EvidenceManifest.MANIFEST, EvidenceManifest.ENTRIES,
                EvidenceManifest.TREE_HEAD)) {
            if (!files.containsKey(required)) {
                problems.add(required + " is missing");
            }
        }
        if (!problems.isEmpty()) {
            return new Result(false, 0, problems);
        }
        EvidenceManifest manifest = mapper.readValue(files.get(EvidenceManifest.MANIFEST), EvidenceManifest.class);
        SignedTreeHead head = mapper.readValue(files.get(EvidenceManifest.TREE_HEAD), SignedTreeHead.class);
        List<EvidenceEntry> entries = mapper.readValue(files.get(EvidenceManifest.ENTRIES), new TypeReference<>() {
        });
        if (!EvidenceManifest.FORMAT.equals(manifest.format())) {
            problems.add("unknown package format");
        }
        if (!head.verify(publicKey)) {
            problems.add("tree head signature is not valid under the given public key");
        }
        if (entries.size() != manifest.entryCount()) {
            problems.add("manifest announces " + manifest.entryCount() + " entries, package holds " + entries.size());
        }
        byte[] root = HexFormat.of().parseHex(head.rootHash());
        int verified = 0;
        EntryData previous = null;
        for (EvidenceEntry item : entries) {
            EntryData entry = item.entry();
            String where = "entry " + entry.sequence() + ": ";
            int before = problems.size();
            if (!entry.tenantId().equals(manifest.tenantId())) {
                problems.add(where + "belongs to another tenant than the package");
            }
            if (manifest.documentId() != null && !manifest.documentId().equals(entry.documentId())) {
                problems.add(where + "is about another document than the package");
            }
            if (!entry.computeHash().equals(entry.entryHash())) {
                problems.add(where + "hash does not match its content");
            }
            List<byte[]> path = item.inclusionPath().stream().map(HexFormat.of()::parseHex).toList();
            if (!MerkleTree.verifyInclusion(entry.sequence(), head.treeSize(), MerkleTree.leafHash(entry.leafData()),
                    path, root)) {
                problems.add(where + "inclusion proof does not lead to the signed root");
            }
            if (previous != null && previous.sequence() + 1 == entry.sequence()
                    && !previous.entryHash().equals(entry.previousHash())) {
                problems.add(where + "does not link to the entry before it");
            }
            if (problems.size() == before) {
                verified++;
            }
            previous = entry;
        }
        return new Result(problems.isEmpty(), verified, problems);
    }

    /**
     * Reads a public key as served by {@code GET /v1/ledger/public-key} (JSON with a {@code publicKey} member) or as
     * bare base64 of the X.509 SubjectPublicKeyInfo.
     */
    public static PublicKey readPublicKey(String text) throws GeneralSecurityException, IOException {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            trimmed = new ObjectMapper().readTree(trimmed).path("publicKey").asText();
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(trimmed)));
    }

    /** Command-line entry point: {@code EvidenceVerifier <evidence.zip> <public-key file>}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EvidenceVerifier <evidence.zip> <public-key.json | public-key.b64>");
            System.exit(2);
        }
        Result result;
        try {
            PublicKey key = readPublicKey(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
            result = new EvidenceVerifier(key).verify(Files.readAllBytes(Path.of(args[0])));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            // Parser messages may quote the package; the type is enough to say why it is unreadable.
            result = new Result(false, 0, List.of("unreadable input: " + e.getClass().getSimpleName()));
        }
        System.out.println((result.valid() ? "VALID" : "INVALID") + ": " + result.entriesVerified()
                + " entries verified");
        result.problems().forEach(problem -> System.out.println("  " + problem));
        System.exit(result.valid() ? 0 : 1);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    /**
     * @param valid           whether everything checked out
     * @param entriesVerified entries with a correct hash and a valid inclusion proof
     * @param problems        what failed, naming entries by sequence
     */
    public record Result(boolean valid, int entriesVerified, List<String> problems) {
    }
}
