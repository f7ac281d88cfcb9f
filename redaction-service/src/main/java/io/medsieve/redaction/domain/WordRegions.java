package io.medsieve.redaction.domain;

import io.medsieve.events.extraction.ExtractedPage;
import io.medsieve.events.extraction.ExtractedWord;
import io.medsieve.redaction.pdf.RedactionBox;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps character ranges of a page's text to the boxes of the words they cover. The extraction lists words in reading
 * order and its page text is those words with whitespace between them, so each word is found by searching forward
 * from the end of the previous one; a word that cannot be found (the text and the word list disagree) is skipped,
 * and a region that then covers no word is reported as unmasked rather than guessed.
 */
public final class WordRegions {

    private final int page;
    private final List<ExtractedWord> words;
    private final int[] starts;
    private final int[] ends;

    private WordRegions(int page, List<ExtractedWord> words, int[] starts, int[] ends) {
        this.page = page;
        this.words = words;
        this.starts = starts;
        this.ends = ends;
    }

    /** Aligns the page's words with its text ({@code text} as redaction read it: same length as the page text). */
    public static WordRegions of(ExtractedPage page, String text) {
        List<ExtractedWord> words = page.words() == null ? List.of() : page.words();
        int[] starts = new int[words.size()];
        int[] ends = new int[words.size()];
        int cursor = 0;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i).text();
            int found = word == null || word.isEmpty() ? -1 : text.indexOf(word, cursor);
            if (found < 0) {
                starts[i] = -1;
                ends[i] = -1;
                continue;
            }
            starts[i] = found;
            ends[i] = found + word.length();
            cursor = ends[i];
        }
        return new WordRegions(page.page(), words, starts, ends);
    }

    /** Boxes of every word sharing a character with {@code region}; empty if none does. */
    public List<RedactionBox> boxes(PhiRegion region) {
        List<RedactionBox> boxes = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (starts[i] >= 0 && starts[i] < region.end() && ends[i] > region.start()) {
                var box = words.get(i).box();
                boxes.add(new RedactionBox(page, box.x(), box.y(), box.width(), box.height()));
            }
        }
        return boxes;
    }
}
