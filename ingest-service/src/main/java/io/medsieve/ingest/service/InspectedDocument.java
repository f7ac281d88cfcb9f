package io.medsieve.ingest.service;

/**
 * A document that passed inspection, ready to store.
 *
 * @param mediaType        type decided from the content
 * @param pageCount        pages (1 for single images)
 * @param content          bytes to store: the upload with its embedded metadata removed where the format allows
 * @param metadataStripped whether {@code content} is free of embedded metadata
 */
public record InspectedDocument(String mediaType, int pageCount, byte[] content, boolean metadataStripped) {
}
