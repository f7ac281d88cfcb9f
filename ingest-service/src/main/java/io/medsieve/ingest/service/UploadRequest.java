package io.medsieve.ingest.service;

import io.medsieve.events.AnalysisTask;
import io.medsieve.events.Priority;

import java.nio.file.Path;
import java.util.Set;

/**
 * An upload as the service sees it: the caller's tenant, the spooled upload file and the request fields. The
 * client's file name and declared content type are deliberately absent.
 *
 * @param upload temporary file holding the uploaded bytes (deleted by the HTTP layer when the request ends)
 */
public record UploadRequest(String tenantId, Path upload, Priority priority, Set<AnalysisTask> tasks,
                            boolean cloudConsent) {
}
