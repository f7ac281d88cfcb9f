package io.medsieve.bench.ocr;

import java.nio.file.Path;

/**
 * One benchmark page: an image file both engines read, its media type, and its ground truth text.
 *
 * @param set       which set it belongs to (fixtures, unlv, funsd)
 * @param image     the page image on disk
 * @param mediaType media type of the image
 * @param truth     reference text (reading order as the set defines it)
 */
record BenchPage(String set, Path image, String mediaType, String truth) {
}
