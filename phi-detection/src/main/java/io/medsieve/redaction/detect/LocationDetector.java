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
 *       words) after in/at/near/from ("in Germantown").</li>
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
                if (boundary - t.end() > 2 || !facilityWord(t, mixed)) {
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
                    && lexicon.isFirstName(next.upper()) && (!mixed || next.capitalised())) {
                // "ST. MARY", "St Agnes": places named after saints carry a given name
                out.add(new PhiSpan(t.start(), next.end(), PhiType.LOCATION, 0.75, "location.saint"));
            }
            if ((u.equals("AT") || u.equals("TO") || u.equals("FROM")) && hospitalAcronym(text, next)) {
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
                            || lexicon.isClinicalTerm(t.upper())) {
                        break;
                    }
                    out.add(new PhiSpan(t.start(), t.end(), PhiType.LOCATION, 0.7, "location.transfer"));
                    end = t.end();
                }
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
