package io.medsieve.redaction.detect;

import java.util.List;
import java.util.Set;

/**
 * Finds person names (patients, relatives, clinicians) from context words and name dictionaries, in one pass over
 * the tokens.
 *
 * <p>Evidence, strongest first, each with its own detector name and confidence:
 * <ul>
 *   <li>{@code name.title} (0.92): a title before the name ("Dr.", "Mr", "Mrs", "Ms.", "Miss"); the only context
 *       that overrides the clinical stop-list ("Mr. Foley" is a name, "Foley catheter" is not);</li>
 *   <li>{@code name.label} (0.92): a label such as "Patient:", "Pt:", "Name:";</li>
 *   <li>{@code name.role} (0.80): a care role before the name ("NP CAROL", "md Saeed");</li>
 *   <li>{@code name.relative} (0.85): a relative or contact word ("wife", "son", "HCP") before the name;</li>
 *   <li>{@code name.credential} (0.75): a credential after the name ("Smith, MD", "JONES RN");</li>
 *   <li>{@code name.initial} (0.70): an initial before an unknown word ("W. MAROTTA"), not a SOAP header;</li>
 *   <li>{@code name.dictionary} (0.70 first name, 0.65 surname, 0.35 when lower-case inside mixed-case prose): a
 *       token in the census/SSA-style name lists that is not also an ordinary English word or clinical term;</li>
 *   <li>{@code name.adjacent} (0.60): a capitalised unknown word right next to a name found above
 *       ("John Zquxley");</li>
 *   <li>{@code name.pair} (0.70): a listed given name directly followed by a listed surname, even when one of them
 *       is an ordinary word ("martin carey");</li>
 *   <li>{@code name.verb} (0.70): a listed given name opening a clause with "called", "visited", "states"
 *       ("social: bob visited");</li>
 *   <li>{@code name.label} (0.75) also: the words before "(son)" or before "cell#"/"home" and a number;</li>
 *   <li>{@code name.list} (0.70): names joined by "and"/"&amp;" (or a comma run ending so) to a name found above
 *       ("Suzette and Hank").</li>
 * </ul>
 * Drug-name stems ("-AZINE", "-PRIDE") and hyphenated runs of ordinary words ("AWARE-ORDER") are never name-like
 * unless listed as names.
 */
public final class NameDetector implements Detector {

    private static final Set<String> TITLES = Set.of("DR", "DOCTOR", "MR", "MRS", "MS", "MISS", "MX", "PROF",
            "PROFESSOR", "DRS");
    private static final Set<String> LABELS = Set.of("PATIENT", "PT", "NAME", "PATIENTNAME");
    private static final Set<String> RELATIVES = Set.of("WIFE", "HUSBAND", "DAUGHTER", "DAUGHTERS", "SON", "SONS",
            "SISTER", "SISTERS", "BROTHER", "BROTHERS", "MOTHER", "MOM", "FATHER", "DAD", "NIECE", "NEPHEW", "AUNT",
            "UNCLE", "GRANDDAUGHTER", "GRANDSON", "GRANDMOTHER", "GRANDFATHER", "COUSIN", "FRIEND", "PARTNER",
            "FIANCE", "FIANCEE", "BOYFRIEND", "GIRLFRIEND", "SPOUSE", "HCP", "PROXY", "GUARDIAN", "NEIGHBOR",
            "DTR", "STEPSON", "STEPDAUGHTER", "INLAW", "CAREGIVER");
    private static final Set<String> CREDENTIALS = Set.of("MD", "RN", "NP", "PHD", "LPN", "CNA", "RRT",
            "PHARMD", "DDS", "DPM", "MSW", "LICSW", "LCSW", "NNP", "CRNA", "PAC");
    private static final Set<String> ROLES = Set.of("NP", "RN", "MD", "NURSE", "CASEWORKER", "CHAPLAIN",
            "INTERN", "PHYSICIAN", "SURGEON", "THERAPIST", "PCP");
    private static final Set<String> LINKERS = Set.of("IS", "NAMED", "CALLED", "WAS", "HERE");

    private final Lexicon lexicon;

    public NameDetector(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    @Override
    public String name() {
        return "name";
    }

    @Override
    public void detect(String text, List<PhiSpan> out) {
        detect(text, Tokens.of(text), out);
    }

    void detect(String text, Tokens tokens, List<PhiSpan> out) {
        int first = out.size();
        scan(text, tokens, out);
        boolean mixed = tokens.style == Tokens.CaseStyle.MIXED;
        namesBeforeLabels(text, tokens.list, mixed, out);
        lists(text, tokens.list, mixed, first, out);
    }

    private static final Set<String> CONTACT_LABELS = Set.of("CELL", "HOME", "WORK", "PHONE", "TEL", "PAGER",
            "BEEPER", "MOBILE");

    /**
     * {@code name.label}: the words right before "(son)", "(wife)" or before a contact label with a number
     * ("Jane Roe cell# 555-0100") are a person's name.
     */
    private void namesBeforeLabels(String text, List<Tokens.Token> ts, boolean mixed, List<PhiSpan> out) {
        int n = ts.size();
        for (int i = 1; i < n; i++) {
            Tokens.Token t = ts.get(i);
            String u = t.upper();
            boolean relative = t.start() > 0 && text.charAt(t.start() - 1) == '(' && t.end() < text.length()
                    && text.charAt(t.end()) == ')' && isRelative(u);
            boolean contact = CONTACT_LABELS.contains(u) && numberFollows(text, t.end());
            if (!relative && !contact) {
                continue;
            }
            int end = relative ? t.start() - 1 : t.start();
            int k = i - 1;
            int taken = 0;
            boolean listed = false;
            while (k >= 0 && taken < 3) {
                Tokens.Token p = ts.get(k);
                if (!onlySpaces(text, p.end(), end, 2) || !(nameLike(p, mixed) || (!mixed || p.capitalised())
                        && dictionaryNameAfterContext(p, mixed))) {
                    break;
                }
                listed |= lexicon.isName(p.upper());
                end = p.start();
                taken++;
                k--;
            }
            // without capitals to go by, one of the words must be a listed name ("spirometer (son)" is not)
            if (taken > 0 && (mixed || listed)) {
                for (int q = k + 1; q < i; q++) {
                    out.add(new PhiSpan(ts.get(q).start(), ts.get(q).end(), PhiType.NAME, 0.75, "name.label"));
                }
            }
        }
    }

    private static boolean numberFollows(String text, int end) {
        for (int k = end; k < Math.min(text.length(), end + 4); k++) {
            char c = text.charAt(k);
            if (Character.isDigit(c)) {
                return true;
            }
            if (c != ' ' && c != '#' && c != ':' && c != '(') {
                return false;
            }
        }
        return false;
    }

    /**
     * {@code name.list}: names in a list with a name already found ("Suzette and Hank", "sons Smokey, Morris and
     * Roger"): a comma run must end in "and"/"&" and a name-like word.
     */
    private void lists(String text, List<Tokens.Token> ts, boolean mixed, int first, List<PhiSpan> out) {
        int found = out.size();
        if (found == first) {
            return;
        }
        int n = ts.size();
        for (int s = first; s < found; s++) {
            PhiSpan span = out.get(s);
            if (span.type() != PhiType.NAME || span.confidence() < 0.6) {
                continue;
            }
            // the token that ends the span
            int i = 0;
            while (i < n && ts.get(i).end() < span.end()) {
                i++;
            }
            if (i >= n || ts.get(i).end() != span.end()) {
                continue;
            }
            int j = i;
            List<Tokens.Token> pending = new java.util.ArrayList<>();
            while (j + 1 < n) {
                Tokens.Token a = ts.get(j);
                Tokens.Token b = ts.get(j + 1);
                String between = text.substring(a.end(), b.start());
                if (between.equals(", ") || between.equals(",")) {
                    if (!listName(b, mixed)) {
                        break;
                    }
                    pending.add(b);
                    j++;
                    continue;
                }
                Tokens.Token c = null;
                if (between.equals(" & ") || between.equals(" + ")) {
                    c = b;
                } else if (b.upper().equals("AND") && between.equals(" ") && j + 2 < n
                        && text.substring(b.end(), ts.get(j + 2).start()).equals(" ")) {
                    c = ts.get(j + 2);
                }
                if (c != null && listName(c, mixed)) {
                    pending.add(c);
                    for (Tokens.Token p : pending) {
                        out.add(new PhiSpan(p.start(), p.end(), PhiType.NAME, 0.7, "name.list"));
                    }
                }
                break;
            }
        }
    }

    private boolean listName(Tokens.Token t, boolean mixed) {
        String u = t.upper();
        if (u.length() < 3 || lexicon.isPlace(u) && !lexicon.isName(u)) {
            return false;
        }
        return nameLike(t, mixed) || (!mixed || t.capitalised()) && dictionaryNameAfterContext(t, mixed)
                && !lexicon.isEnglishWord(u);
    }

    private void scan(String text, Tokens tokens, List<PhiSpan> out) {
        List<Tokens.Token> ts = tokens.list;
        boolean mixed = tokens.style == Tokens.CaseStyle.MIXED;
        int n = ts.size();
        for (int i = 0; i < n; i++) {
            Tokens.Token t = ts.get(i);
            String u = t.upper();
            if (TITLES.contains(u) && titleShaped(text, t, ts, i, mixed)) {
                i = takeFollowing(text, ts, i + 1, mixed, true, 0.92, "name.title", out);
                // "Drs Ferullo and Saeed", "DR JOSEPH AND DR ROBBINSON": a second name joined by "and"
                while (i + 2 < n && ts.get(i + 1).upper().equals("AND") && i + 1 > 0
                        && onlySpaces(text, ts.get(i).end(), ts.get(i + 1).start(), 1)) {
                    Tokens.Token after = ts.get(i + 2);
                    if (TITLES.contains(after.upper()) || !plausible(after) || lexicon.isClinicalTerm(after.upper())
                            || !(nameLike(after, mixed) || dictionaryNameAfterContext(after, mixed))) {
                        break;
                    }
                    i = takeFollowing(text, ts, i + 2, mixed, true, 0.85, "name.title", out);
                }
                continue;
            }
            if (LABELS.contains(u) && followedByColon(text, t.end())) {
                i = takeLine(text, ts, i + 1, out);
                continue;
            }
            if (ROLES.contains(u) && i + 1 < n && onlySpaces(text, t.end(), ts.get(i + 1).start(), 1)) {
                Tokens.Token next = ts.get(i + 1);
                if (nameLike(next, mixed) || dictionaryNameAfterContext(next, mixed)) {
                    i = takeFollowing(text, ts, i + 1, mixed, false, 0.8, "name.role", out);
                    continue;
                }
            }
            if (isRelative(u)) {
                int j = i + 1;
                while (j < n && LINKERS.contains(ts.get(j).upper()) && j - i <= 2) {
                    j++;
                }
                // "wife called overnight": after "called"/"was" an unknown lower-case word is no name
                boolean weakLinker = j > i + 1 && !ts.get(j - 1).upper().equals("NAMED")
                        && !ts.get(j - 1).upper().equals("IS");
                if (j < n && gap(text, ts.get(j - 1).end(), ts.get(j).start()) <= 3
                        && (nameLike(ts.get(j), mixed)
                        && (mixed || j > i + 1 && !weakLinker || lexicon.isName(ts.get(j).upper()))
                        || dictionaryNameAfterContext(ts.get(j), mixed))) {
                    i = takeFollowing(text, ts, j, mixed, false, 0.85, "name.relative", out);
                }
                continue;
            }
            if (CREDENTIALS.contains(u) && i > 0 && credentialShaped(text, ts.get(i - 1), t)) {
                Tokens.Token prev = ts.get(i - 1);
                boolean signature = text.charAt(prev.end()) == ',' || lineEndsAfter(text, t.end());
                boolean afterInitial = i > 1 && ts.get(i - 2).upper().length() == 1
                        && text.charAt(ts.get(i - 2).end()) == '.' || i > 1 && lexicon.isFirstName(ts.get(i - 2).upper());
                boolean signed = signature && afterInitial && plausible(prev) && !lexicon.isClinicalTerm(prev.upper());
                if ((signed || nameLike(prev, mixed)) && !RELATIVES.contains(prev.upper())) {
                    out.add(new PhiSpan(prev.start(), prev.end(), PhiType.NAME, 0.75, "name.credential"));
                    int k = i - 2;
                    int end = prev.start();
                    while (k >= 0 && i - k <= 4 && gap(text, ts.get(k).end(), end) <= 2) {
                        Tokens.Token pk = ts.get(k);
                        boolean initial = pk.upper().length() == 1 && text.charAt(pk.end()) == '.';
                        if (!initial && !(nameLike(pk, mixed) || signed && lexicon.isFirstName(pk.upper())
                                || lexicon.isName(pk.upper())
                                && !lexicon.isFunctionWord(pk.upper()) && !lexicon.isClinicalTerm(pk.upper()))) {
                            break;
                        }
                        out.add(new PhiSpan(pk.start(), pk.end(), PhiType.NAME, 0.7, "name.credential"));
                        end = pk.start();
                        k--;
                    }
                }
                continue;
            }
            if (u.length() == 1 && i + 1 < n && t.end() < text.length() && text.charAt(t.end()) == '.'
                    && (Character.isUpperCase(text.charAt(t.start())) || !mixed)
                    && (t.start() == 0 || Character.isWhitespace(text.charAt(t.start() - 1))
                    || text.charAt(t.start() - 1) == '(')
                    && !soapHeader(text, t)
                    && onlySpaces(text, t.end() + 1, ts.get(i + 1).start(), 1) && nameLike(ts.get(i + 1), mixed)
                    && ts.get(i + 1).upper().length() >= 3 && !digitAfter(text, ts.get(i + 1).end())) {
                // "W. MAROTTA", "V. Finn": an initial before a word that is no ordinary word
                Tokens.Token next = ts.get(i + 1);
                out.add(new PhiSpan(t.start(), next.end(), PhiType.NAME, 0.7, "name.initial"));
                i++;
                continue;
            }
            int pairEnd = namePair(text, ts, i, mixed);
            if (pairEnd > i) {
                // "martin carey", "Rita Hickey": a given name and a surname together are a name even when each is
                // also an ordinary word
                for (int k = i; k <= pairEnd; k++) {
                    out.add(new PhiSpan(ts.get(k).start(), ts.get(k).end(), PhiType.NAME, 0.7, "name.pair"));
                }
                i = pairEnd;
                continue;
            }
            if (contactVerbAfter(text, ts, i, mixed)) {
                // "social: bob visited", "BILL CALLED AT 4AM": a given name doing what visitors do
                out.add(new PhiSpan(t.start(), t.end(), PhiType.NAME, 0.7, "name.verb"));
                continue;
            }
            double c = dictionaryConfidence(t, mixed);
            if (c > 0) {
                out.add(new PhiSpan(t.start(), t.end(), PhiType.NAME, c, "name.dictionary"));
                // a capitalised unknown neighbour in mixed-case prose completes the name
                if (!mixed && c >= 0.7 && i + 1 < n && lexicon.isFirstName(u)) {
                    // "LEONA LABOWICH", "mary souza": a given name followed by an unknown word is a full name
                    for (int k = 0; k < 2 && i + 1 < n; k++) {
                        Tokens.Token prev = ts.get(i);
                        Tokens.Token next = ts.get(i + 1);
                        if (!onlySpaces(text, prev.end(), next.start(), 1) || !nameLike(next, false)) {
                            break;
                        }
                        out.add(new PhiSpan(next.start(), next.end(), PhiType.NAME, 0.6, "name.adjacent"));
                        i++;
                    }
                } else if (mixed && c >= 0.6 && i + 1 < n) {
                    Tokens.Token next = ts.get(i + 1);
                    if (next.capitalised() && gap(text, t.end(), next.start()) <= 2 && plausible(next)
                            && dictionaryConfidence(next, true) == 0) {
                        out.add(new PhiSpan(next.start(), next.end(), PhiType.NAME, 0.6, "name.adjacent"));
                        i++;
                    }
                }
            }
        }
    }

    private static final Set<String> CONTACT_VERBS = Set.of("CALLED", "CALLS", "PHONED", "VISITED", "VISITS",
            "VISITING", "STATES", "STATED", "REPORTS", "REPORTED");

    /** A relative word, also as an in-law ("DTR-IN-LAW", "SON-IN-LAW"). */
    private static boolean isRelative(String u) {
        if (RELATIVES.contains(u)) {
            return true;
        }
        return u.endsWith("-IN-LAW") && RELATIVES.contains(u.substring(0, u.length() - 7));
    }

    /**
     * The index of the surname when token i is a given name directly followed by a surname from the lists (neither a
     * function word, clinical term or relative word, and not both ordinary English words), else -1. In mixed-case
     * prose both are capitalised or both lower case.
     */
    private int namePair(String text, List<Tokens.Token> ts, int i, boolean mixed) {
        if (i + 1 >= ts.size()) {
            return -1;
        }
        Tokens.Token a = ts.get(i);
        Tokens.Token b = ts.get(i + 1);
        String au = a.upper();
        String bu = b.upper();
        if (au.length() < 3 || bu.length() < 3 || !lexicon.isFirstName(au) || !lexicon.isSurname(bu)
                || !onlySpaces(text, a.end(), b.start(), 1) || a.capitalised() != b.capitalised()) {
            return -1;
        }
        for (String w : new String[] {au, bu}) {
            if (lexicon.isFunctionWord(w) || lexicon.isClinicalTerm(w) || isRelative(w) || TITLES.contains(w)
                    || CREDENTIALS.contains(w)) {
                return -1;
            }
        }
        if (lexicon.isEnglishWord(au) && lexicon.isEnglishWord(bu)) {
            return -1;
        }
        return i + 1;
    }

    /** A listed given name followed by "called", "visited", "states" ... ("bob visited"). */
    private boolean contactVerbAfter(String text, List<Tokens.Token> ts, int i, boolean mixed) {
        if (i + 1 >= ts.size()) {
            return false;
        }
        Tokens.Token t = ts.get(i);
        String u = t.upper();
        Tokens.Token next = ts.get(i + 1);
        if (!CONTACT_VERBS.contains(next.upper()) || !onlySpaces(text, t.end(), next.start(), 1)
                || u.length() < 3 || !lexicon.isFirstName(u) || lexicon.isFunctionWord(u)
                || lexicon.isClinicalTerm(u) || isRelative(u)) {
            return false;
        }
        // the name starts its clause: after a line start, a section label ("social:") or punctuation
        int k = t.start() - 1;
        while (k >= 0 && text.charAt(k) == ' ') {
            k--;
        }
        return k < 0 || ":;.,\n(-".indexOf(text.charAt(k)) >= 0 || text.charAt(k) == '\n'
                || mixed && t.capitalised();
    }

    /** "Hickey": a capital followed by lower-case letters (not "HICKEY", not "hickey"). */
    private static boolean titleCase(String text, Tokens.Token t) {
        return t.capitalised() && t.end() - t.start() >= 2 && Character.isLowerCase(text.charAt(t.start() + 1));
    }

    private static boolean digitAfter(String text, int end) {
        return end < text.length() && Character.isDigit(text.charAt(end));
    }

    /** "son bill", "wife Joy": after a strong cue a listed name counts even when it is also an English word. */
    private boolean dictionaryNameAfterContext(Tokens.Token t, boolean mixed) {
        String u = t.upper();
        return u.length() >= 2 && lexicon.isName(u) && !lexicon.isFunctionWord(u) && !lexicon.isClinicalTerm(u)
                && !isRelative(u) && (!mixed || t.capitalised() || !lexicon.isEnglishWord(u));
    }

    /** Bare-dictionary evidence for one token, or 0 when the token is not a name by itself. */
    private double dictionaryConfidence(Tokens.Token t, boolean mixed) {
        String u = t.upper();
        if (u.length() < 3 || lexicon.isFunctionWord(u) || lexicon.isClinicalTerm(u)) {
            return 0;
        }
        boolean first = lexicon.isFirstName(u);
        boolean last = lexicon.isSurname(u);
        if (!first && !last) {
            return 0;
        }
        if (lexicon.isEnglishWord(u)) {
            return 0;
        }
        if (mixed && !t.capitalised()) {
            return 0.35;
        }
        return first ? 0.7 : 0.65;
    }

    /** Takes one name (optional initials, a given name, a surname) starting at token j; returns the last index used. */
    private int takeFollowing(String text, List<Tokens.Token> ts, int j, boolean mixed, boolean strong,
                              double confidence, String detector, List<PhiSpan> out) {
        int n = ts.size();
        int last = j - 1;
        int taken = 0;
        int prevEnd = j > 0 ? ts.get(j - 1).end() : 0;
        while (j < n && taken < 3) {
            Tokens.Token t = ts.get(j);
            if (gap(text, prevEnd, t.start()) > 3
                    || taken > 0 && !onlySpaces(text, prevEnd, t.start(), 2)
                    && !(ts.get(j - 1).upper().length() == 1 && onlySpaces(text, prevEnd + 1, t.start(), 2))) {
                break;
            }
            boolean initial = t.upper().length() == 1;
            boolean ok;
            if (taken == 0) {
                ok = initial || (strong ? plausible(t) : nameLike(t, mixed) || dictionaryNameAfterContext(t, mixed));
            } else {
                // "Rita Hickey": a title-case word after a title-case given name continues it, in any case style
                // (in a lower-case note the writer's capitals are deliberate)
                boolean titleCasePair = lexicon.isFirstName(ts.get(j - 1).upper())
                        && titleCase(text, ts.get(j - 1)) && titleCase(text, t);
                ok = initial || (nameLike(t, mixed) && (!mixed || t.capitalised()))
                        || (strong && mixed && t.capitalised() || titleCasePair)
                        && plausible(t) && !lexicon.isClinicalTerm(t.upper()) && !isRelative(t.upper());
            }
            if (!ok) {
                break;
            }
            out.add(new PhiSpan(t.start(), t.end(), PhiType.NAME, taken == 0 ? confidence : confidence - 0.05,
                    detector));
            last = j;
            prevEnd = t.end();
            if (!initial) {
                taken++;
                if (taken >= 2 || !continues(text, ts, j, mixed)) {
                    break;
                }
            }
            j++;
        }
        return last;
    }

    /** After "Patient:" or "Name:" the rest of the line, up to three words, is the name ("Pt: JOHN DOE"). */
    private int takeLine(String text, List<Tokens.Token> ts, int j, List<PhiSpan> out) {
        int last = j - 1;
        int prevEnd = j > 0 ? ts.get(j - 1).end() : 0;
        int words = 0;
        while (j < ts.size() && words < 3) {
            Tokens.Token t = ts.get(j);
            String between = text.substring(prevEnd, t.start());
            boolean first = words == 0;
            if (between.length() > 3 || between.indexOf('\n') >= 0 || !first && !between.matches("[ .]{1,2}|, ")
                    || !plausible(t) && t.upper().length() > 1 || !first && lexicon.isClinicalTerm(t.upper())) {
                break;
            }
            out.add(new PhiSpan(t.start(), t.end(), PhiType.NAME, first ? 0.92 : 0.88, "name.label"));
            last = j;
            prevEnd = t.end();
            if (t.upper().length() > 1) {
                words++;
            }
            j++;
        }
        return last;
    }

    /** Whether the token after j looks like the rest of the same name. */
    private boolean continues(String text, List<Tokens.Token> ts, int j, boolean mixed) {
        if (j + 1 >= ts.size()) {
            return false;
        }
        Tokens.Token a = ts.get(j);
        Tokens.Token b = ts.get(j + 1);
        if (!onlySpaces(text, a.end(), b.start(), 2)) {
            return false;
        }
        if (mixed) {
            return b.capitalised() && plausible(b);
        }
        return nameLike(b, false) || lexicon.isFirstName(a.upper()) && titleCase(text, a) && titleCase(text, b)
                && plausible(b) && !lexicon.isClinicalTerm(b.upper()) && !isRelative(b.upper());
    }

    /** Any word that can be part of a name after a strong title: not a function word. */
    private boolean plausible(Tokens.Token t) {
        String u = t.upper();
        return u.length() >= 2 && !lexicon.isFunctionWord(u) && !TITLES.contains(u) && !CREDENTIALS.contains(u);
    }

    /** A word that can be a name without a title: not a function word, clinical term or ordinary English word. */
    private boolean nameLike(Tokens.Token t, boolean mixed) {
        String u = t.upper();
        if (u.length() < 2 || lexicon.isFunctionWord(u) || lexicon.isClinicalTerm(u) || TITLES.contains(u)
                || CREDENTIALS.contains(u) || RELATIVES.contains(u)) {
            return false;
        }
        if (!lexicon.isName(u) && (ordinaryCompound(u) || drugShaped(u))) {
            return false;
        }
        if (mixed) {
            return t.capitalised() && (lexicon.isName(u) || !lexicon.isEnglishWord(u));
        }
        return !lexicon.isEnglishWord(u) && u.length() >= 2;
    }

    /** "AWARE-ORDER", "BY-STARTED": a hyphenated run of ordinary words is no name (unlike "FORMAN-LYONS"). */
    private boolean ordinaryCompound(String u) {
        int dash = u.indexOf('-');
        if (dash < 0) {
            return false;
        }
        for (String part : u.split("-")) {
            if (!part.isEmpty() && !lexicon.isEnglishWord(part) && !lexicon.isFunctionWord(part)
                    && !lexicon.isClinicalTerm(part)) {
                return false;
            }
        }
        return true;
    }

    private static final String[] DRUG_SUFFIXES = {"AZINE", "AZOLE", "AZEPAM", "AZOLAM", "PRIL", "SARTAN", "OLOL",
        "MYCIN", "CILLIN", "CYCLINE", "FLOXACIN", "STATIN", "PRAZOLE", "DIPINE", "SEMIDE", "TIDINE", "PHRINE",
        "PRIDE", "PRESSIN", "PARIN", "OXACIN", "CONAZOLE", "TRIPTAN", "VUDINE", "DRONATE", "GLIPTIN", "ZOSIN",
        "AMINE", "ARONE", "ORPHINE", "OXONE", "ODONE", "CAINE", "BARBITAL", "TEROL", "ASONE", "OLONE"};

    /**
     * Drug names are not in the English word list and so look like surnames: "HYDRALAZINE", "NIPRIDE". The
     * international nonproprietary name stems give them away (listed names such as "JASMINE" are never asked).
     */
    static boolean drugShaped(String u) {
        if (u.length() < 6) {
            return false;
        }
        for (String suffix : DRUG_SUFFIXES) {
            if (u.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** "Dr. X", "DR X", "Mr Smith"; in mixed case "MS" needs a dot or a capitalised next word (MS = sclerosis). */
    private boolean titleShaped(String text, Tokens.Token t, List<Tokens.Token> ts, int i, boolean mixed) {
        if (i + 1 >= ts.size()) {
            return false;
        }
        Tokens.Token next = ts.get(i + 1);
        int g = gap(text, t.end(), next.start());
        if (g > 2) {
            return false;
        }
        boolean dot = t.end() < text.length() && text.charAt(t.end()) == '.';
        String raw = text.substring(t.start(), t.end());
        if (t.upper().equals("MS") || t.upper().equals("MR")) {
            // "MS:" is mental status, "3+MR." mitral regurgitation: only "Ms"/"Mr" as written, or a dot and a space
            boolean written = raw.equals("Ms") || raw.equals("Mr");
            boolean dotted = dot && g == 2 && text.charAt(t.end() + 1) == ' ';
            boolean plainCaps = !mixed && g == 1 && !lexicon.isEnglishWord(next.upper())
                    && !lexicon.isClinicalTerm(next.upper()) && !lexicon.isFunctionWord(next.upper());
            boolean unknownNext = !lexicon.isEnglishWord(next.upper()) || lexicon.isName(next.upper());
            if (!(written || dotted && unknownNext || plainCaps) || t.start() > 0 && !Character.isWhitespace(text.charAt(t.start() - 1))
                    && text.charAt(t.start() - 1) != '(' ) {
                return false;
            }
        }
        if (!onlySpaces(text, t.end() + (dot ? 1 : 0), next.start(), 2)) {
            return false;
        }
        return !mixed || next.capitalised() || !lexicon.isEnglishWord(next.upper()) || lexicon.isName(next.upper());
    }

    private static boolean credentialShaped(String text, Tokens.Token prev, Tokens.Token cred) {
        int g = gap(text, prev.end(), cred.start());
        if (g < 1 || g > 2) {
            return false;
        }
        for (int k = prev.end(); k < cred.start(); k++) {
            char c = text.charAt(k);
            if (c != ' ' && c != ',') {
                return false;
            }
        }
        return true;
    }

    private static boolean followedByColon(String text, int end) {
        for (int k = end; k < Math.min(text.length(), end + 3); k++) {
            char c = text.charAt(k);
            if (c == ':') {
                return true;
            }
            if (c != ' ' && c != '.') {
                return false;
            }
        }
        return false;
    }

    /** "S.", "O.", "A.", "P." opening a line are the sections of a SOAP note, not initials. */
    private static boolean soapHeader(String text, Tokens.Token t) {
        if ("SOAP".indexOf(Character.toUpperCase(text.charAt(t.start()))) < 0) {
            return false;
        }
        int k = t.start() - 1;
        while (k >= 0 && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
            k--;
        }
        return k < 0 || text.charAt(k) == '\n' || text.charAt(k) == '\r' || t.start() - k > 2;
    }

    private static boolean lineEndsAfter(String text, int end) {
        for (int k = end; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\n' || c == '\r') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean onlySpaces(String text, int from, int to, int max) {
        if (to - from > max || to < from) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (text.charAt(k) != ' ') {
                return false;
            }
        }
        return true;
    }

    private static int gap(String text, int from, int to) {
        return to - from;
    }
}
