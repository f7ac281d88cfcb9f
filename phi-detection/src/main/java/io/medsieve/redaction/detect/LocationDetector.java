package io.medsieve.redaction.detect;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds named places smaller than a state: facility names and places a patient came from, went to, or lives in.
 *
 * <ul>
 *   <li>{@code location.facility} (0.8): the words before "HOSPITAL", "MEDICAL CENTER", "CLINIC", "NURSING HOME" ...
 *       ("Calvert Hospital", "kernan hosp"); the generic word itself is kept, only the name is redacted;</li>
 *   <li>{@code location.transfer} (0.7): the word after "transferred from/to", "admitted to", "followed at", "lives
 *       in" ... when it is not an ordinary word or a ward abbreviation ("TRANS TO GH" yes, "TRANS TO CCU" no);</li>
 *   <li>{@code location.saint} (0.75): "St. Agnes", "ST. MARY" (a saint's given name);</li>
 *   <li>{@code location.acronym} (0.65): a hospital acronym ending in H, MC or HC after at/to/from ("AT GH");</li>
 *   <li>{@code location.preposition} (0.6): in mixed-case prose, a capitalised unknown word (or two capitalised
 *       words) after in/at/near/from ("in Germantown");</li>
 *   <li>{@code location.gazetteer} (0.6 to 0.8): a US town or city from the GeoNames list, with a place cue when
 *       the name is also an ordinary word, a person's name or short ("lives in ROCKVILLE", "of Towson");</li>
 *   <li>{@code location.university} (0.75): "U Maryland", "University of Iowa".</li>
 * </ul>
 */
public final class LocationDetector implements Detector {

    private static final Pattern FACILITY = Pattern.compile(
            "(?i)\\b(?:hospital|hospiatal|hosp|medical\\s+center|medical\\s+ctr|med\\s+ctr|clinic|health\\s+center"
                    + "|nursing\\s+home|nursing\\s+facility|rehab(?:ilitation)?\\s+(?:center|hospital|facility)"
                    + "|infirmary|hospice|manor|assisted\\s+living|care\\s+center|healthcare|memorial|medical\\s+group"
                    + "|senior\\s+center|retirement\\s+home|regional|campus)\\b");
    private static final Pattern MOVEMENT = Pattern.compile(
            "(?i)\\b(?:transfer(?:red)?|transfered|transf|trans|tx'?d|tx|admitted|arrived|taken|brought|sent|"
                    + "discharged|returned|return|went|go|going|came|flown|medflighted|followed|seen|treated|"
                    + "hospitalized|lives|living|resides|residing|works|worked|moved|called|calling|visiting|flew|drove|accepted|"
                    + "referred|presented|presents|adm|admit|enroute|en\\s+route|medflight|arrival|came\\s+into)"
                    + "\\s+(?:in\\s+transfer\\s+|back\\s+|over\\s+|home\\s+|nearby\\s+)?(?:from|to|at|in|into)\\s+(?:the\\s+)?"
                    + "([A-Za-z][A-Za-z'-]+)");
    private static final Set<String> GENERIC = Set.of("OUTSIDE", "LOCAL", "REFERRING", "PREVIOUS", "OTHER", "SAME",
            "ANOTHER", "AREA", "NEAREST", "NEARBY", "CURRENT", "ORIGINAL", "HOME", "ADMITTING", "THIS", "THAT", "OUR",
            "OSH", "PRIVATE", "STATE", "COMMUNITY", "TEACHING", "PSYCH", "PSYCHIATRIC", "ANY", "EACH", "CHILDREN",
            "GENERAL", "DAY", "WALK", "REHAB", "FAMILY", "PRIMARY", "CARE", "CARDIOLOGY", "ONCOLOGY", "SURGERY",
            "SURGICAL", "MEDICAL", "HEALTH", "CHRONIC", "ACUTE", "LONG", "TERM", "SHORT", "VETERANS", "PAIN",
            "DIALYSIS", "COUMADIN", "ANTICOAGULATION", "FAILURE", "TRANSPLANT", "LIVER", "RENAL", "KIDNEY",
            "NEUROLOGY", "DERMATOLOGY", "THERAPY", "SERVICES", "PHYSICAL", "OUTPATIENT", "INPATIENT", "EYE", "DENTAL", "FERTILITY", "WOMEN", "MENTAL",
            "METHADONE", "SLEEP", "WOUND", "URGENT", "EMERGENCY", "DIABETES", "LUNG", "ID", "HIV", "GI", "HEME",
            "ONC", "CLINIC", "HOSPITAL", "HOSP", "NURSING", "SKILLED", "FACILITY", "UNIVERSITY", "CITY", "COUNTY");

    private static final Pattern SAINT = Pattern.compile("\\b(?:St\\.|Saint|SAINT)\\s{1,2}(\\p{Lu}[\\p{L}'-]{1,30})");
    private static final Pattern IN_PLACE = Pattern.compile("\\b(?:in|at|near|from)\\s(\\p{Lu}\\p{Ll}{2,30}"
            + "(?:\\s\\p{Lu}\\p{Ll}{2,30})?)\\b");

    private final Lexicon lexicon;

    public LocationDetector(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    @Override
    public String name() {
        return "location";
    }

    @Override
    public void detect(String text, List<PhiSpan> out) {
        detect(text, Tokens.of(text), out);
    }

    void detect(String text, Tokens tokens, List<PhiSpan> out) {
        boolean mixed = tokens.style == Tokens.CaseStyle.MIXED;
        List<Tokens.Token> ts = tokens.list;
        Matcher m = FACILITY.matcher(text);
        int cursor = 0;
        while (m.find()) {
            // the index of the last token before the generic word
            while (cursor < ts.size() && ts.get(cursor).start() < m.start()) {
                cursor++;
            }
            int k = cursor - 1;
            int taken = 0;
            int boundary = m.start();
            while (k >= 0 && taken < 3) {
                Tokens.Token t = ts.get(k);
                // "before admit. hospice care": a sentence end is no part of a facility name
                if (boundary - t.end() > 2 || text.substring(t.end(), boundary).indexOf('.') >= 0
                        || !facilityWord(t, mixed)) {
                    break;
                }
                out.add(new PhiSpan(t.start(), t.end(), PhiType.LOCATION, 0.8, "location.facility"));
                boundary = t.start();
                taken++;
                k--;
            }
        }
        for (int i = 0; i + 1 < ts.size(); i++) {
            Tokens.Token t = ts.get(i);
            Tokens.Token next = ts.get(i + 1);
            String u = t.upper();
            if ((u.equals("ST") || u.equals("SAINT")) && next.start() - t.end() <= 2
                    && (t.start() == 0 || !Character.isDigit(text.charAt(t.start() - 1)))
                    && lexicon.isFirstName(next.upper()) && (!mixed || next.capitalised())) {
                // "ST. MARY", "St Agnes": places named after saints carry a given name
                out.add(new PhiSpan(t.start(), next.end(), PhiType.LOCATION, 0.75, "location.saint"));
            }
            if ((u.equals("AT") || u.equals("TO") || u.equals("FROM") || u.equals("BY") && next.upper().length() >= 3)
                    && hospitalAcronym(text, next)) {
                // "AT GH", "TO GBMC": hospital acronyms end in H (hospital) or MC/HC (medical/health center)
                out.add(new PhiSpan(next.start(), next.end(), PhiType.LOCATION, 0.65, "location.acronym"));
            }
        }
        Matcher st = SAINT.matcher(text);
        while (st.find()) {
            // "St. Agnes", "Saint Joseph": hospitals and towns named after saints
            out.add(new PhiSpan(st.start(), st.end(1), PhiType.LOCATION, 0.75, "location.saint"));
        }
        if (mixed) {
            Matcher in = IN_PLACE.matcher(text);
            while (in.find()) {
                // "in Germantown", "from Seattle": a capitalised word no dictionary knows, in mixed-case prose
                String[] words = in.group(1).split(" ");
                String first = words[0].toUpperCase(java.util.Locale.ROOT);
                boolean twoCapitals = words.length == 2 && in.start() > 0
                        && !lexicon.isClinicalTerm(words[1].toUpperCase(java.util.Locale.ROOT))
                        && !lexicon.isFunctionWord(words[1].toUpperCase(java.util.Locale.ROOT));
                if ((twoCapitals || !lexicon.isEnglishWord(first) && !lexicon.isName(first))
                        && !lexicon.isClinicalTerm(first) && !lexicon.isFunctionWord(first) && !GENERIC.contains(first)) {
                    out.add(new PhiSpan(in.start(1), in.end(1), PhiType.LOCATION, 0.6, "location.preposition"));
                }
            }
        }
        gazetteer(text, ts, mixed, out);
        university(text, ts, mixed, out);
        Matcher mv = MOVEMENT.matcher(text);
        while (mv.find()) {
            String u = mv.group(1).toUpperCase(java.util.Locale.ROOT);
            if (u.endsWith("'S")) {
                u = u.substring(0, u.length() - 2);
            }
            boolean capital = Character.isUpperCase(mv.group(1).charAt(0));
            if (u.length() < 2 || GENERIC.contains(u) || lexicon.isFunctionWord(u) || lexicon.isClinicalTerm(u)
                    || !(mixed && capital) && lexicon.isEnglishWord(u) || mixed && !capital) {
                continue;
            }
            out.add(new PhiSpan(mv.start(1), mv.end(1), PhiType.LOCATION, 0.7, "location.transfer"));
            if (mixed) {
                // "to Sacred Heart Memorial": the capitalised words that follow belong to the same place
                int end = mv.end(1);
                for (Tokens.Token t : ts) {
                    if (t.start() < end) {
                        continue;
                    }
                    if (t.start() - end > 1 || !t.capitalised() || lexicon.isFunctionWord(t.upper())
                            || lexicon.isClinicalTerm(t.upper()) || GENERIC.contains(t.upper())) {
                        break;
                    }
                    out.add(new PhiSpan(t.start(), t.end(), PhiType.LOCATION, 0.7, "location.transfer"));
                    end = t.end();
                }
            }
        }
    }

    private static final Set<String> PLACE_BEFORE = Set.of("IN", "OF", "FROM", "NEAR", "TO", "AT", "OUTSIDE",
            "AROUND", "VISITING");
    private static final Set<String> PLACE_AFTER = Set.of("REHAB", "AREA", "COUNTY", "HOSPITAL", "HOSP", "GENERAL",
            "MEMORIAL", "MEDICAL", "NURSING", "CITY", "TOWNSHIP", "RESIDENT");
    private static final Set<String> US_STATES = Set.of("ALABAMA", "ALASKA", "ARIZONA", "ARKANSAS", "CALIFORNIA",
            "COLORADO", "CONNECTICUT", "DELAWARE", "FLORIDA", "GEORGIA", "HAWAII", "IDAHO", "ILLINOIS", "INDIANA",
            "IOWA", "KANSAS", "KENTUCKY", "LOUISIANA", "MAINE", "MARYLAND", "MASSACHUSETTS", "MICHIGAN", "MINNESOTA",
            "MISSISSIPPI", "MISSOURI", "MONTANA", "NEBRASKA", "NEVADA", "OHIO", "OKLAHOMA", "OREGON", "PENNSYLVANIA",
            "TENNESSEE", "TEXAS", "UTAH", "VERMONT", "VIRGINIA", "WASHINGTON", "WISCONSIN", "WYOMING");

    /**
     * {@code location.gazetteer}: a US town or city from the gazetteer ("ROCKVILLE", "Glen Burnie"). A name that is
     * also an ordinary word ("Hope", "Normal", "Mobile"), a clinical term or a person's name needs a place cue:
     * a preposition before ("lives in", "of", "from") or a place word after ("Baltimore Rehab", "Howard County").
     * In mixed-case prose the words must be capitalised unless such a cue is there.
     */
    private void gazetteer(String text, List<Tokens.Token> ts, boolean mixed, List<PhiSpan> out) {
        int n = ts.size();
        for (int i = 0; i < n; i++) {
            Tokens.Token t = ts.get(i);
            String u = t.upper();
            int last = -1;
            if (lexicon.startsPlace(u)) {
                StringBuilder joined = new StringBuilder(u);
                for (int j = i + 1; j < n && j <= i + 3; j++) {
                    Tokens.Token next = ts.get(j);
                    if (next.start() - ts.get(j - 1).end() != 1 || text.charAt(next.start() - 1) != ' ') {
                        break;
                    }
                    joined.append(' ').append(next.upper());
                    if (lexicon.isPlace(joined.toString())) {
                        last = j;
                    }
                }
            }
            if (last < 0 && lexicon.isPlace(u)) {
                last = i;
            }
            if (last < 0) {
                continue;
            }
            boolean capitalised = true;
            boolean ordinary = true;
            for (int k = i; k <= last; k++) {
                Tokens.Token w = ts.get(k);
                String wu = w.upper();
                capitalised &= w.capitalised();
                if (lexicon.isFunctionWord(wu) || lexicon.isClinicalTerm(wu) || GENERIC.contains(wu)) {
                    if (k == i) {
                        ordinary = true;
                        capitalised = false;
                        break;
                    }
                    continue;
                }
                ordinary &= lexicon.isEnglishWord(wu) || wu.length() < 4;
            }
            if (lexicon.isFunctionWord(u) || lexicon.isClinicalTerm(u) || GENERIC.contains(u)) {
                continue;
            }
            boolean before = i > 0 && PLACE_BEFORE.contains(ts.get(i - 1).upper())
                    && t.start() - ts.get(i - 1).end() <= 2;
            boolean cue = before
                    || last + 1 < n && PLACE_AFTER.contains(ts.get(last + 1).upper())
                    && ts.get(last + 1).start() - ts.get(last).end() <= 2
                    || stateAfter(text, ts, last);
            boolean person = last == i && lexicon.isName(u);
            int length = ts.get(last).end() - t.start();
            double c;
            if (ordinary) {
                // "from Harbor", "in Bel Air": an ordinary word is a place only capitalised in prose, right after
                // from/in/near/of, and not a numbered unit ("from Ward 3")
                String prep = before ? ts.get(i - 1).upper() : "";
                boolean placePrep = prep.equals("FROM") || prep.equals("IN") || prep.equals("NEAR")
                        || prep.equals("OF");
                c = placePrep && mixed && capitalised && !numberAfter(text, ts.get(last).end()) ? 0.65 : 0;
            } else if (person) {
                c = cue && (capitalised || !mixed) ? 0.72 : 0;
            } else if (mixed && !capitalised) {
                c = cue ? 0.65 : 0;
            } else if (cue) {
                c = 0.8;
            } else {
                // short gazetteer words ("ARCO", "ELY") collide with abbreviations: they need a cue
                c = length >= 5 ? 0.6 : 0;
            }
            if (c > 0) {
                out.add(new PhiSpan(t.start(), ts.get(last).end(), PhiType.LOCATION, c, "location.gazetteer"));
                i = last;
            }
        }
    }

    private static boolean numberAfter(String text, int end) {
        int k = end;
        while (k < text.length() && text.charAt(k) == ' ') {
            k++;
        }
        return k < text.length() && Character.isDigit(text.charAt(k));
    }

    /** "Towson, MD", "Bel Air, Maryland": a state after a comma confirms a place. */
    private static boolean stateAfter(String text, List<Tokens.Token> ts, int last) {
        if (last + 1 >= ts.size()) {
            return false;
        }
        Tokens.Token a = ts.get(last);
        Tokens.Token b = ts.get(last + 1);
        String between = text.substring(a.end(), b.start());
        if (!between.equals(", ") && !between.equals(",")) {
            return false;
        }
        String raw = text.substring(b.start(), b.end());
        return US_STATES.contains(b.upper()) || raw.length() == 2 && raw.equals(b.upper())
                && US_STATE_CODES.contains(raw);
    }

    private static final Set<String> US_STATE_CODES = Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC",
            "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT",
            "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
            "VT", "VA", "WA", "WV", "WI", "WY");

    /**
     * {@code location.university}: "U Maryland", "Univ. of Michigan", "University of Iowa": a university (and its
     * hospital) named after a state or town identifies the facility.
     */
    private void university(String text, List<Tokens.Token> ts, boolean mixed, List<PhiSpan> out) {
        int n = ts.size();
        for (int i = 0; i + 1 < n; i++) {
            Tokens.Token t = ts.get(i);
            String u = t.upper();
            if (!(u.equals("U") || u.equals("UNIV") || u.equals("UNIVERSITY")) || mixed && !t.capitalised()) {
                continue;
            }
            int j = i + 1;
            if (ts.get(j).upper().equals("OF") && j + 1 < n) {
                j++;
            }
            Tokens.Token place = ts.get(j);
            if (place.start() - ts.get(j - 1).end() > 3) {
                continue;
            }
            String pu = place.upper();
            boolean known = US_STATES.contains(pu) || lexicon.isPlace(pu) && !lexicon.isEnglishWord(pu);
            if (known && (!mixed || place.capitalised())) {
                out.add(new PhiSpan(t.start(), place.end(), PhiType.LOCATION, 0.75, "location.university"));
            }
        }
    }

    private boolean hospitalAcronym(String text, Tokens.Token t) {
        String u = t.upper();
        String raw = text.substring(t.start(), t.end());
        if (u.length() < 2 || u.length() > 5 || !(u.endsWith("H") || u.endsWith("MC") || u.endsWith("HC"))
                || u.equals("MC") || u.equals("HC")) {
            return false;
        }
        for (int k = 1; k < u.length(); k++) {
            if ("AEIOUY".indexOf(u.charAt(k)) >= 0) {
                // acronyms have no inner vowels; "trach", "mech" are words
                return false;
            }
        }
        if (t.end() < text.length() && Character.isLetterOrDigit(text.charAt(t.end()))) {
            // "7.5 CMH2O" is a unit
            return false;
        }
        boolean caseOk = raw.equals(u) || raw.equals(raw.toLowerCase(java.util.Locale.ROOT));
        return caseOk && !lexicon.isEnglishWord(u) && !lexicon.isClinicalTerm(u) && !lexicon.isFunctionWord(u)
                && !lexicon.isName(u);
    }

    private boolean facilityWord(Tokens.Token t, boolean mixed) {
        String u = t.upper();
        if (u.length() < 2 || GENERIC.contains(u) || lexicon.isFunctionWord(u) || lexicon.isClinicalTerm(u)) {
            return false;
        }
        if (mixed) {
            return t.capitalised();
        }
        return true;
    }
}
