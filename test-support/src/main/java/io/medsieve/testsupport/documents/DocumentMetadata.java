package io.medsieve.testsupport.documents;

/**
 * Document-level metadata to plant in a PDF's Info dictionary (and, optionally, its XMP packet), or in
 * an image's text chunks. It exists so metadata-stripping tests can put a canary in every place a
 * careless pipeline might copy it from and then assert that none of them survives.
 *
 * <p>Any component may be {@code null}, meaning "leave that entry out".
 */
public record DocumentMetadata(String title, String author, String subject, String keywords, String creator,
        String producer) {

    /** Plants {@code canary} in every field, each phrased differently so a leak can be traced to its source field. */
    public static DocumentMetadata withCanary(String canary) {
        return new DocumentMetadata(
                "Clinical notes for " + canary,
                canary,
                "Synthetic test document about " + canary,
                "synthetic, test, " + canary,
                "MedSieve DocumentFixtures (author " + canary + ")",
                "MedSieve DocumentFixtures");
    }

    /** Harmless values for when a test needs metadata present but is not tracking a canary. */
    public static DocumentMetadata plain(String title) {
        return new DocumentMetadata(title, "MedSieve test fixtures", "Synthetic test document", "synthetic, test",
                "MedSieve DocumentFixtures", "MedSieve DocumentFixtures");
    }
}
