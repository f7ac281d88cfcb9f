package io.medsieve.llmlocal.service;

import java.util.List;

/**
 * A run of consecutive pages that fits the model's context, or one part of a page too long to fit on its own.
 *
 * @param firstPage  1-based number of the chunk's first page in the document
 * @param pageOffset where the chunk starts within its first page (non-zero only for the second and later parts of a
 *                   split page); citations in the first page are shifted by it
 * @param pages      the page texts (for a split page: the one part)
 */
public record Chunk(int firstPage, int pageOffset, List<String> pages) {

    public Chunk {
        pages = List.copyOf(pages);
    }

    /** The pages as the pipeline writes them: joined by form feeds. */
    public String text() {
        return String.join("\f", pages);
    }

    public int lastPage() {
        return firstPage + pages.size() - 1;
    }
}
