package io.medsieve.redaction.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The PHI detection engine: runs every detector over a text, drops spans below the tenant's per-type bar, spreads
 * confident names and places to their other mentions in the same text, and merges overlapping spans.
 *
 * <p>Why one plain-Java class without framework dependencies: the redaction service, the benchmark and the tests
 * all use the very same engine. It is immutable and thread-safe; build it once (loading the word lists takes a
 * fraction of a second) and share it. It never logs, and no exception it throws contains input text.
 */
public final class PhiEngine {

    private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
            + "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final String NOT_UNIT = "(?!\\s*(?:mg|mcg|ml|cc|units?|u|g|kg|l|mm|cm|%|mmhg|meq|mmol)\\b)";
    private static final String US_STATE = "(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI"
            + "|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR)";
    private static final String STREET_SUFFIX = "(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln"
            + "|court|ct|place|pl|way|terrace|ter|circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|trl|route|rte"
            + "|pike|alley|row|loop|crossing|plaza|ridge|heights|hill|hills|park|point|run|springs|walk|crescent"
            + "|close|gardens|grove|mews|expressway|freeway|turnpike|station|harbor|harbour|junction|knoll|meadows?"
            + "|mill|mount|mountain|orchard|pass|port|ranch|shore|shores|spur|stream|summit|valley|view|village"
            + "|ville|vista|wells|manor|estates?|ford|forge|fork|glen|green|isle|key|lake|landing|lodge|oval"
            + "|square|strasse|straße|gasse|weg|allee|katu|gatan|vej|via|calle|rue|rua|avenida|ulica)";

    private static final Pattern DATE_CUE = Pattern.compile("(?i)\\b(?:since|until|dated|dob|dos|date|admitted"
            + "|discharged|born)\\s*:?\\s*$");
    private static final Pattern ON_CUE = Pattern.compile("(?i)\\b(?:on|of|s/p)\\s*$");
    /** "8/2 - 8/10", "7/30 to 8/14": the end of a range that starts with a date. */
    private static final Pattern RANGE_FROM_DATE = Pattern.compile("(?<![\\d/])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\\d"
            + "|3[01])\\s?(?:-|to|thru|through|until)\\s?$", Pattern.CASE_INSENSITIVE);
    /** "to the OR 6/10", "S/P CABG X3 10/5": a procedure or operating-room visit takes a date. */
    private static final Pattern PROCEDURE_CUE = Pattern.compile("(?i)(?:\\b(?:to|in)\\s+(?:the\\s+)?or\\s+(?:on\\s+)?"
            + "|\\bs/p\\s+[a-z]{2,12}(?:\\s+x\\s?\\d)?\\s+(?:on\\s+)?)$");
    private static final Pattern VERSION_BEFORE = Pattern.compile("(?i)(?:version|ver\\.?|v)\\s*$");

    private final List<Detector> detectors;
    private final NameDetector names;
    private final LocationDetector locations;
    private final Lexicon lexicon;
    private final EngineConfig config;

    /** The standard engine with the shipped word lists and the given tenant policy. */
    public PhiEngine(EngineConfig config) {
        this(new Lexicon(), config);
    }

    /** The standard detectors over a given lexicon (tests pass small lists). */
    public PhiEngine(Lexicon lexicon, EngineConfig config) {
        this.lexicon = lexicon;
        this.config = config;
        this.names = new NameDetector(lexicon);
        this.locations = new LocationDetector(lexicon);
        this.detectors = patternDetectors();
    }

    /** Names of every detector that can appear on a span, for documentation and audit. */
    public List<String> detectorNames() {
        List<String> out = new ArrayList<>();
        for (Detector d : detectors) {
            out.add(d.name());
        }
        out.addAll(List.of("name.title", "name.label", "name.role", "name.relative", "name.credential",
                "name.initial", "name.dictionary", "name.adjacent", "name.pair", "name.verb", "name.list",
                "location.facility", "location.transfer",
                "location.gazetteer", "location.university",
                "location.saint", "location.acronym", "location.preposition", "propagated"));
        return out;
    }

    /** The tenant policy this engine applies. */
    public EngineConfig config() {
        return config;
    }

    /**
     * Finds the PHI in {@code text}: spans sorted by start, not overlapping, each at or above the policy's bar for
     * its type.
     */
    public List<PhiSpan> detect(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text is required");
        }
        List<PhiSpan> raw = new ArrayList<>();
        if (text.isEmpty()) {
            return raw;
        }
        for (Detector d : detectors) {
            d.detect(text, raw);
        }
        Tokens tokens = Tokens.of(text);
        names.detect(text, tokens, raw);
        locations.detect(text, tokens, raw);
        List<PhiSpan> kept = new ArrayList<>(raw.size());
        for (PhiSpan s : raw) {
            if (config.accepts(s)) {
                kept.add(s);
            }
        }
        propagate(tokens, kept);
        return merge(kept);
    }

    /**
     * Carries each page's well-evidenced names and places to every other page of the same document: a letter labels
     * "Patient: Jane Roe" on page 1 and repeats "Re: Jane Roe" unlabelled as the page-2 heading, where nothing on that
     * page alone marks it as a name. Only adds spans, so it can only redact more.
     *
     * @param pages    the document's page texts
     * @param detected {@link #detect} of each page, in the same order
     * @return each page's spans with the other pages' names and places added, sorted and not overlapping
     */
    public List<List<PhiSpan>> propagateAcrossPages(List<String> pages, List<List<PhiSpan>> detected) {
        if (pages.size() != detected.size()) {
            throw new IllegalArgumentException("one span list per page is required");
        }
        List<Tokens> tokens = new ArrayList<>(pages.size());
        Set<String> words = new HashSet<>();
        for (int i = 0; i < pages.size(); i++) {
            tokens.add(Tokens.of(pages.get(i)));
            words.addAll(evidencedWords(tokens.get(i), detected.get(i)));
        }
        List<List<PhiSpan>> out = new ArrayList<>(pages.size());
        for (int i = 0; i < pages.size(); i++) {
            List<PhiSpan> spans = new ArrayList<>(detected.get(i));
            propagate(tokens.get(i), words, spans);
            out.add(merge(spans));
        }
        return out;
    }

    /**
     * A name or place found with good evidence is redacted wherever else the same word occurs in the text: a nurse
     * writes "Dr. Healey" once and "Healey" later.
     */
    private void propagate(Tokens tokens, List<PhiSpan> spans) {
        propagate(tokens, evidencedWords(tokens, spans), spans);
    }

    /** The words of names and places found with good evidence, each with its type. */
    private Set<String> evidencedWords(Tokens tokens, List<PhiSpan> spans) {
        Set<String> words = new HashSet<>();
        for (PhiSpan s : spans) {
            if ((s.type() == PhiType.NAME || s.type() == PhiType.LOCATION) && s.confidence() >= 0.7) {
                for (Tokens.Token t : tokens.list) {
                    if (t.start() >= s.start() && t.end() <= s.end() && t.upper().length() >= 3
                            && !lexicon.isFunctionWord(t.upper()) && !lexicon.isClinicalTerm(t.upper())) {
                        words.add(t.upper() + "\u0000" + s.type().name());
                    }
                }
            }
        }
        return words;
    }

    private void propagate(Tokens tokens, Set<String> words, List<PhiSpan> spans) {
        if (words.isEmpty()) {
            return;
        }
        for (Tokens.Token t : tokens.list) {
            for (PhiType type : new PhiType[] {PhiType.NAME, PhiType.LOCATION}) {
                if (words.contains(t.upper() + "\u0000" + type.name())) {
                    PhiSpan p = new PhiSpan(t.start(), t.end(), type, 0.7, "propagated");
                    if (config.accepts(p)) {
                        spans.add(p);
                    }
                }
            }
        }
    }

    /** Joins overlapping spans; the merged span takes the type and detector of the most confident part. */
    static List<PhiSpan> merge(List<PhiSpan> spans) {
        List<PhiSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(PhiSpan::start).thenComparingInt(s -> -s.end()));
        List<PhiSpan> out = new ArrayList<>(sorted.size());
        PhiSpan cur = null;
        for (PhiSpan s : sorted) {
            if (cur == null) {
                cur = s;
            } else if (s.start() < cur.end()) {
                PhiSpan best = s.confidence() > cur.confidence() ? s : cur;
                cur = new PhiSpan(cur.start(), Math.max(cur.end(), s.end()), best.type(), best.confidence(),
                        best.detector());
            } else {
                out.add(cur);
                cur = s;
            }
        }
        if (cur != null) {
            out.add(cur);
        }
        return out;
    }

    private static Pattern ci(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private List<Detector> patternDetectors() {
        List<Detector> d = new ArrayList<>();
        // Contact and network identifiers
        d.add(new PatternDetector("email", ci("\\b[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63}){0,5}"
                + "\\.[a-z]{2,24}\\b"), 0, PhiType.EMAIL, 0.97));
        d.add(new PatternDetector("url", ci("\\b(?:https?://|ftp://|www\\.)[^\\s<>\"']{2,2048}"), 0, PhiType.URL,
                0.95));
        d.add(new PatternDetector("url.domain", ci("\\b(?<![@.])[a-z0-9][a-z0-9-]{0,62}(?:\\.[a-z0-9-]{1,63}){0,3}"
                + "\\.(?:com|org|net|edu|gov|info|biz|io|uk|de|fr|es|nl|ru|ca|au|jp|cn|br|ch|se|dk"
                + "|fi|pl|ie|nz|mx|tv|health)\\b(?![@-])(?:/[^\\s<>\"']{0,200})?"), 0, PhiType.URL, 0.8,
                null, 0, PhiEngine::domainShaped));
        d.add(new PatternDetector("ip.v4", Pattern.compile("\\b(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
                + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\b(?!\\.\\d)"), 0, PhiType.IP_ADDRESS, 0.9, null, 0,
                (t, s, e) -> (s == 0 || t.charAt(s - 1) != '/')
                        && !VERSION_BEFORE.matcher(t.substring(Math.max(0, s - 12), s)).find()));
        d.add(new PatternDetector("ip.v6", ci("\\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\\b|\\b(?:[0-9a-f]{1,4}:){1,6}:"
                + "(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}\\b"), 0, PhiType.IP_ADDRESS, 0.85));
        // Numbers with validators
        d.add(new PatternDetector("ssn", Pattern.compile("\\b(?<![\\d-])\\d{3}([- ])\\d{2}\\1\\d{4}\\b(?![\\d-])"),
                0, PhiType.SSN, 0.95, Checksum.SSN, 0.6, null));
        d.add(new PatternDetector("ssn.context", ci("\\b(?:ssn|social\\s+security(?:\\s+(?:number|no\\.?|#))?)"
                + "\\s*[:#]?\\s*(?:is\\s+)?(\\d{9}|\\d{3}[- .]\\d{2}[- .]\\d{4})\\b"), 1, PhiType.SSN, 0.95));
        d.add(new PatternDetector("card.luhn", Pattern.compile("\\b(?<![\\d-])(?:\\d{4}[- ]){3}\\d{1,7}\\b"
                + "|\\b(?<![\\d-])\\d{13,19}\\b(?![\\d-])|\\b(?<![\\d-])\\d{4}[- ]\\d{6}[- ]\\d{5}\\b"), 0,
                PhiType.ACCOUNT_NUMBER, 0.9, Checksum.LUHN, 0.6, null));
        d.add(new PatternDetector("iban", Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?"
                + "\\b"), 0, PhiType.ACCOUNT_NUMBER, 0.85, null, 0,
                (text, s, e) -> text.substring(s, e).chars().filter(Character::isDigit).count() >= 8));
        d.add(new PatternDetector("npi", ci("\\bnpi\\s*(?:number|no\\.?|#)?\\s*[:#]?\\s*(\\d{10})\\b"), 1,
                PhiType.LICENSE_NUMBER, 0.95, Checksum.NPI, 0.8, null));
        d.add(new PatternDetector("dea", Pattern.compile("\\b[A-Z][A-Z9]\\d{7}\\b"), 0, PhiType.LICENSE_NUMBER, 0.9,
                Checksum.DEA, 0.0, null));
        // Phones and faxes
        String phone = "(?<![\\d/.-])(?:(?:\\+?1|001)[-. ]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[-. ])\\d{3}[-. ]\\d{4}"
                + "(?:\\s?(?:x|ext\\.?|extension)\\s?\\d{1,6})?(?![\\d/])";
        d.add(new PatternDetector("phone", ci(phone), 0, PhiType.PHONE, 0.88, null, 0, PhiEngine::notFax));
        d.add(new PatternDetector("fax", ci(phone), 0, PhiType.FAX, 0.9, null, 0, (t, s, e) -> !notFax(t, s, e)));
        d.add(new PatternDetector("phone.intl", Pattern.compile("(?<![\\w+])\\+\\d{1,3}[ -]?(?:\\(\\d{1,4}\\)[ -]?)?"
                + "\\d{2,4}(?:[ -]\\d{2,4}){1,4}\\b"), 0, PhiType.PHONE, 0.8));
        d.add(new PatternDetector("phone.trunk", Pattern.compile("(?<![\\d.,/])(?:\\(\\d{2,4}\\)\\s?|0\\d{1,4}[ -])"
                + "\\d{2,4}(?:[ -]\\d{2,4}){1,3}(?![\\d.,/%])"), 0, PhiType.PHONE, 0.7));
        d.add(new PatternDetector("phone.local", ci("(?<![\\d/.:-])\\d{3}-\\d{4}(?![\\d/-])"), 0, PhiType.PHONE,
                0.65, null, 0, (t, s, e) -> !roundRange(t, s, e)
                && !precededBy(t, s, 16, "(?i).*\\b(?:bp|pain|ml|mg|cc|x|hr|svr|pvr|sbp|map|rate|voiding|uo|u/o"
                + "|output|range|between|from|in\\s+the)\\s*$")));
        d.add(new PatternDetector("phone.paren", Pattern.compile("\\(\\s?(\\d{3}[ -]?\\d{3}[ -]?\\d{4,5})\\s?\\)"),
                1, PhiType.PHONE, 0.75, null, 0, (t, s, e) -> {
                    int digits = 0;
                    for (int k = s; k < e; k++) {
                        digits += Character.isDigit(t.charAt(k)) ? 1 : 0;
                    }
                    return digits == 10 || digits == 11;
                }));
        d.add(new PatternDetector("phone.context", ci("\\b(?:phone|tel|telephone|cell|mobile|pager|beeper|fax|call"
                + "|contact|ph|#)\\s*(?:number|no\\.?|#)?\\s*[:#]?\\s*#?\\s*(\\(?\\d{3}\\)?[-. ]?\\d{3}[-. ]?\\d{4}|\\d{4,5}"
                + "|\\d{3}[-. ]\\d{4})\\b"), 1, PhiType.PHONE, 0.8, null, 0,
                (t, s, e) -> precededBy(t, s, 25, "(?is).*\\b(?:phone|tel|telephone|cell|mobile|pager|beeper|fax"
                        + "|ph)\\b.*")));
        // Record numbers by context word
        d.add(idContext("mrn", PhiType.MRN, "(?:mrn|mr\\s*#|medical\\s+record(?:\\s+(?:number|no\\.?|#))?"
                + "|record\\s*(?:number|no\\.?|#)|chart\\s*(?:number|no\\.?|#)|unit\\s+(?:number|no\\.?)"
                + "|hospital\\s+(?:number|no\\.?|#)|patient\\s+id|pt\\s+id|case\\s+(?:number|no\\.?|#))"));
        d.add(idContext("health-plan", PhiType.HEALTH_PLAN_ID, "(?:member\\s+id|subscriber\\s+id|policy"
                + "(?:\\s+(?:number|no\\.?|#|id))?|insurance\\s+(?:id|number|no\\.?|#)|group\\s+(?:number|no\\.?|#)"
                + "|medicaid(?:\\s+(?:id|number|#))?|medicare(?:\\s+(?:id|number|#))?|plan\\s+(?:id|number|#)"
                + "|beneficiary\\s+(?:id|number|#)|hicn|mbi)"));
        d.add(idContext("account", PhiType.ACCOUNT_NUMBER, "(?:acct|account|iban|billing\\s+(?:id|number|#)"
                + "|invoice\\s+(?:number|no\\.?|#)|claim\\s+(?:number|no\\.?|#|id))(?:\\s+(?:number|no\\.?|#))?"));
        d.add(idContext("license", PhiType.LICENSE_NUMBER, "(?:license|licence|lic\\.?|dl|driver'?s\\s+licen[cs]e"
                + "|certificate|cert\\.?|passport|registration|dea|npi)(?:\\s+(?:number|no\\.?|#|id))?"));
        d.add(idContext("vehicle", PhiType.VEHICLE_ID, "(?:vin|vehicle\\s+id(?:entification)?(?:\\s+number)?"
                + "|license\\s+plate|plate)(?:\\s+(?:number|no\\.?|#))?"));
        d.add(idContext("device", PhiType.DEVICE_ID, "(?:serial|s/n|sn|device\\s+id|udi|imei|model\\s+(?:number|#)"
                + "|lot)(?:\\s+(?:number|no\\.?|#))?"));
        d.add(idContext("biometric", PhiType.BIOMETRIC_ID, "(?:fingerprint|retina(?:l)?\\s+scan|voice\\s*print"
                + "|biometric)(?:\\s+(?:id|number|#|template))?"));
        d.add(idContext("photo", PhiType.PHOTO_REFERENCE, "(?:photo(?:graph)?|image|picture|img)\\s+(?:id|file"
                + "|number|no\\.?|#)"));
        d.add(idContext("other-id", PhiType.OTHER_ID, "(?:id|identifier|ref(?:erence)?|#|no\\.|number|accession)"));
        d.add(new PatternDetector("vin", Pattern.compile("\\b[A-HJ-NPR-Z0-9]{17}\\b"), 0, PhiType.VEHICLE_ID, 0.7,
                null, 0, (t, s, e) -> hasLetterAndDigit(t, s, e)));
        // Dates (never a year alone)
        d.add(new PatternDetector("date.numeric", Pattern.compile("(?<![\\d/.'])(?<!\\d[-:])(?:\\d{1,2}([/.-])\\d{1,2}\\1"
                + "(?:\\d{4}|\\d{2}))(?![\\d/-]|\\s?%)"), 0, PhiType.DATE, 0.95, PhiEngine::validDayMonth, 0,
                PhiEngine::notSetting));
        d.add(new PatternDetector("date.iso", Pattern.compile("(?<![\\d/.-])(?:1[89]|20)\\d{2}[-/.](?:0?[1-9]|1[0-2])"
                + "[-/.](?:0?[1-9]|[12]\\d|3[01])(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?)?(?![\\d/])"), 0, PhiType.DATE,
                0.95));
        d.add(new PatternDetector("date.month-year", Pattern.compile("(?<![\\d/.'])(?<!\\d[-:])(?:0?[1-9]|1[0-2])/"
                + "(?:[4-9]\\d|19\\d{2}|20\\d{2})(?![\\d/]|\\.\\d)"), 0, PhiType.DATE, 0.75, null, 0,
                PhiEngine::notScoreOrRatio));
        d.add(new PatternDetector("date.ordinal", ci("\\b(?:the|on)\\s+(\\d{1,2}(?:st|nd|rd|th))\\b(?=\\s*[.,;)]|\\s*$|\\s+(?:at|and|to|or|in|-)\\s)"), 1, PhiType.DATE, 0.7));
        d.add(new PatternDetector("date.month-day", Pattern.compile("(?<![\\d/.'])(?<!\\d[-:])(?:0?[1-9]|1[0-2])/"
                + "(?:0?[1-9]|[12]\\d|3[01])(?![\\d/]|\\.\\d)"), 0, PhiType.DATE, 0.8, null, 0,
                PhiEngine::notScoreOrRatio));
        d.add(new PatternDetector("date.month-name", ci("\\b" + MONTH + "\\.?\\s{0,3}(?:\\d{1,2}(?:st|nd|rd|th)?"
                + NOT_UNIT + "(?:\\s{0,3},?\\s{0,3}(?:\\d{4}|'\\d{2}))?|,?\\s{0,3}(?:\\d{4}|'\\d{2}))\\b(?!:)"), 0,
                PhiType.DATE, 0.9, null, 0, PhiEngine::monthNameShaped));
        d.add(new PatternDetector("date.day-month", ci("\\b\\d{1,2}(?:st|nd|rd|th)?\\s{0,3}(?:of\\s+)?(?:-\\s?)?"
                + MONTH + "\\b\\.?(?:\\s{0,3},?\\s{0,3}(?:-\\s?)?(?:\\d{4}|'?\\d{2}\\b))?"), 0, PhiType.DATE,
                0.9, null, 0, PhiEngine::monthNameShaped));
        d.add(new PatternDetector("date.holiday", ci("\\b(?:christmas|thanksgiving|easter|new\\s+year'?s(?:\\s+"
                + "(?:day|eve))?|independence\\s+day|labor\\s+day|memorial\\s+day|halloween|valentine'?s\\s+day)\\b"),
                0, PhiType.DATE, 0.6));
        // Ages over 89
        d.add(new PatternDetector("age", ci("\\b(9\\d|1[0-4]\\d)\\s{0,2}(?:-\\s?)?(?:yo\\b|y/o|y\\.o\\.|yr|yrs"
                + "|years?|year-old|years-old)"), 1, PhiType.AGE_OVER_89, 0.9));
        d.add(new PatternDetector("age.context", ci("\\b(?:age[ds]?|aged)\\s*:?\\s*(9\\d|1[0-4]\\d)\\b"), 1,
                PhiType.AGE_OVER_89, 0.9));
        d.add(new PatternDetector("age.nineties", ci("\\b(?:in\\s+(?:her|his|their)\\s+)(?:late\\s+|early\\s+|mid\\s+)?"
                + "(nineties|90s|hundreds)\\b"), 1, PhiType.AGE_OVER_89, 0.8));
        // Geography
        d.add(new PatternDetector("street", ci("\\b\\d{1,6}[A-Z]?(?:\\s{1,2}[A-Z][A-Za-z0-9.'-]{0,30}){1,4}\\s{1,2}"
                + STREET_SUFFIX + "\\b\\.?(?:\\s{0,2},?\\s{0,2}(?:apt|apartment|suite|ste|unit|#|room|rm|floor|fl)"
                + "\\.?\\s{0,2}#?[A-Z0-9-]{1,6})?"), 0, PhiType.STREET_ADDRESS, 0.85, null, 0,
                this::streetShaped));
        d.add(new PatternDetector("street.foreign", Pattern.compile("\\b\\d{1,6}\\s{1,2}\\p{Lu}\\p{Ll}{2,30}"
                + "(?:\\s\\p{Lu}\\p{Ll}{1,30}){0,2}\\s\\d{1,5}[A-Za-z]?(?:\\s{0,2},?\\s{0,2}(?:Apt|Suite|Ste|Unit)"
                + "\\.?\\s{0,2}\\d{1,6})?"), 0, PhiType.STREET_ADDRESS, 0.7, null, 0, this::foreignStreetShaped));
        d.add(new PatternDetector("street.unit", ci("\\b(?:apt|apartment|suite|ste|unit)\\.?\\s{0,2}#?\\d{1,6}"
                + "[A-Z]?\\b"), 0, PhiType.STREET_ADDRESS, 0.6));
        d.add(new PatternDetector("street.pobox", ci("\\bp\\.?\\s?o\\.?\\s{0,2}box\\s{0,2}\\d{1,6}\\b"), 0,
                PhiType.STREET_ADDRESS, 0.9));
        d.add(new PatternDetector("city.state", Pattern.compile("\\b(\\p{Lu}[\\p{L}'-]{1,30}(?:\\s\\p{Lu}[\\p{L}'-]"
                + "{1,30}){0,2}),\\s{0,2}" + US_STATE + "\\b(?=\\s{0,2}(?:\\d{5}|$|[,.\\n]))"), 1, PhiType.CITY,
                0.85, null, 0, this::cityShaped));
        d.add(new PatternDetector("zip.state", Pattern.compile("\\b" + US_STATE + "\\s{1,2}(\\d{5}(?:-\\d{4})?)\\b"),
                1, PhiType.ZIP, 0.9));
        d.add(new PatternDetector("zip.context", ci("\\b(?:zip|zip\\s*code|postal\\s+code|postcode)\\s*[:#]?\\s*"
                + "(\\d{5}(?:-\\d{4})?)\\b"), 1, PhiType.ZIP, 0.9));
        d.add(new PatternDetector("zip.plus4", Pattern.compile("(?<![\\d-])\\d{5}-\\d{4}(?![\\d-])"), 0, PhiType.ZIP,
                0.75));
        d.add(new PatternDetector("zip.address-end", Pattern.compile("(?m)(?<=[\\p{L}.,]\\s{1,3})\\d{5}$"), 0,
                PhiType.ZIP, 0.6));
        return List.copyOf(d);
    }

    /** "voiding 550-1000", "SVR 900-1300": a range of round numbers, not a local phone number. */
    private static boolean roundRange(String text, int start, int end) {
        String v = text.substring(start, end);
        char lastOfFirst = v.charAt(2);
        return v.endsWith("00") && (lastOfFirst == '0' || lastOfFirst == '5');
    }

    /**
     * "Koskikatu 25"-style matches (a postcode or number, a street name, a house number) in charting are a time or
     * decimal before a drug or setting ("@1900 Levophed 3", "2.0 Sats 95", "750 Rate 10"): not after a dot, digit,
     * "@" or colon, and the street name words are not all ordinary or clinical words.
     */
    private boolean foreignStreetShaped(String text, int start, int end) {
        if (start > 0 && ".@:,/".indexOf(text.charAt(start - 1)) >= 0) {
            return false;
        }
        String[] words = text.substring(start, end).split("[\\s,]+");
        for (int i = 1; i < words.length && !words[i].isEmpty() && Character.isLetter(words[i].charAt(0)); i++) {
            String u = words[i].toUpperCase(Locale.ROOT);
            if (!lexicon.isEnglishWord(u) && !lexicon.isClinicalTerm(u) && !lexicon.isFunctionWord(u)) {
                return true;
            }
        }
        return false;
    }

    /** "Springfield, IL": a space after the comma and a first word that is no function word or clinical term. */
    private boolean cityShaped(String text, int start, int end) {
        if (end >= text.length() || text.charAt(end) != ',' || end + 1 >= text.length()
                || !Character.isWhitespace(text.charAt(end + 1))) {
            return false;
        }
        String first = text.substring(start, end).split(" ")[0].toUpperCase(Locale.ROOT);
        return !lexicon.isFunctionWord(first) && !lexicon.isClinicalTerm(first);
    }

    /** "MRN: 12345", "policy # AB-1234-X", "VIN 1HGCM82633A004352": the code after a context word. */
    private static PatternDetector idContext(String name, PhiType type, String keyword) {
        Pattern p = ci("\\b" + keyword + "(?:\\s{0,3}(?:number|no\\.?|#))?\\s{0,3}[:#=]?\\s{0,3}(?:is\\s+)?"
                + "([A-Z0-9][A-Z0-9-]{2,24}[A-Z0-9])\\b");
        double c = type == PhiType.OTHER_ID ? 0.6 : 0.9;
        return new PatternDetector("id." + name, p, 1, type, c, null, 0, PhiEngine::idShaped);
    }

    private static boolean idShaped(String text, int start, int end) {
        int digits = 0;
        for (int i = start; i < end; i++) {
            if (Character.isDigit(text.charAt(i))) {
                digits++;
            }
        }
        // a code needs digits; "MRN pending" or "lot more" are not identifiers, "# 5" is a count
        return digits >= 3 && end - start >= 4;
    }

    private static boolean hasLetterAndDigit(String text, int start, int end) {
        boolean letter = false;
        boolean digit = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return letter && digit;
    }

    private static boolean notFax(String text, int start, int end) {
        return !precededBy(text, start, 20, "(?is).*\\bfax\\b.*");
    }

    private static boolean precededBy(String text, int start, int window, String regex) {
        String before = text.substring(Math.max(0, start - window), start);
        return before.matches(regex);
    }

    /** A domain has a lower-case top-level label and is not a sentence run together ("limits.No"). */
    private static boolean domainShaped(String text, int start, int end) {
        String v = text.substring(start, end);
        int slash = v.indexOf('/');
        String host = slash < 0 ? v : v.substring(0, slash);
        String tld = host.substring(host.lastIndexOf('.') + 1);
        if (!tld.equals(tld.toLowerCase(Locale.ROOT)) || host.matches("[\\d.]+\\.[a-z]+")) {
            return false;
        }
        return !host.matches("(?i)[a-z]{1,3}\\.[a-z]{2}");
    }

    private static final Pattern SETTING_BEFORE = Pattern.compile("(?is).*(?:\\b(?:PAIN|SCALE|RATED|RATES|STRENGTH"
            + "|SCORE|GCS|APGAR|MAE|GRADE|LEVEL|RATIO|MURMUR|BP|MAP|PEEP|I:E|VENT|CPAP|BIPAP|BI-PAP|PAP|PSV|PS|IPS"
            + "|AC|A/C|SIMV|IMV|FLOWBY|FLOW-BY|SETTINGS?|HCT|HGB|ABG|OF|ON\\s+VENT|CI|CO|CO/CI)\\s*[:=]?\\s*|\\d\\s?[xX]\\s?|"
            + "[A-Za-z]/)$");

    /** Ventilator settings ("PSV 10/5", "600x12/5/40%") and scores look like dates but follow a setting word. */
    private static boolean notSetting(String text, int start, int end) {
        String before = text.substring(Math.max(0, start - 24), start);
        if (SETTING_BEFORE.matcher(before).matches()) {
            return false;
        }
        String after = text.substring(end, Math.min(text.length(), end + 10)).toUpperCase(Locale.ROOT);
        return !after.matches("(?s)^\\s?(?:%|PEEP|BIPAP|CPAP|PSV|FIO2|PS\\b|MG|MCG|ML|CC|U\\b|UNITS?|TABS?|MMHG"
                + "|STRENGTH|PAIN|NS\\b|CM|MM\\b|X\\b).*");
    }

    /** Numeric dates need a real month and day, in either order (US m/d/y or d/m/y). */
    private static boolean validDayMonth(String value) {
        String[] parts = value.split("[/.-]");
        if (parts.length != 3) {
            return false;
        }
        int a = Integer.parseInt(parts[0]);
        int b = Integer.parseInt(parts[1]);
        if (value.contains(".") && parts[2].length() == 2 && a <= 12 && b <= 12) {
            // "4.5.6" style version or dose strings are not dates
            return false;
        }
        return a >= 1 && b >= 1 && ((a <= 12 && b <= 31) || (b <= 12 && a <= 31));
    }

    /**
     * "7/22" is a date; "pain 5/10", "strength 4/5", "1/2 tab", "2/2 to" are not. Scores and fractions are
     * recognised by the denominator or the word before.
     */
    private static boolean notScoreOrRatio(String text, int start, int end) {
        String v = text.substring(start, end);
        int slash = v.indexOf('/');
        int num = Integer.parseInt(v.substring(0, slash));
        int den = Integer.parseInt(v.substring(slash + 1));
        boolean fraction = num == 1 && den <= 4 || num == 2 && den == 3 || num == 3 && den == 4
                || num == 2 && den == 2;
        boolean painScore = den == 10 && num <= 10;
        boolean pressureSupport = den == 5 && (num == 5 || num == 8 || num == 10 || num == 12 || num == 15
                || num == 18 || num == 20);
        String before = text.substring(Math.max(0, start - 16), start);
        String wider = text.substring(Math.max(0, start - 30), start);
        boolean cue = DATE_CUE.matcher(before).find() || RANGE_FROM_DATE.matcher(wider).find()
                || PROCEDURE_CUE.matcher(wider).find();
        boolean onCue = ON_CUE.matcher(before).find();
        if (!cue && (fraction || pressureSupport || painScore && !onCue)) {
            // "crackles 1/3 up", "1 1/2 hours", "pain 8/10", "PS 10/5": fractions, scores and vent settings,
            // unless a date word stands right before ("DOB: 1/2/..." is handled by the numeric pattern)
            return false;
        }
        return notSetting(text, start, end);
    }

    /** Month-name dates: "may" and "mar" need a capital or a day to not be the verb/word. */
    private static boolean monthNameShaped(String text, int start, int end) {
        String v = text.substring(start, end).toUpperCase(Locale.ROOT);
        // a bare "may 5"/"mar 3" in lower case is usually a verb or the MAR (medication record)
        if (v.startsWith("MAR ") || v.startsWith("MAR.")) {
            return Character.isUpperCase(text.charAt(start)) && Character.isLowerCase(text.charAt(start + 1));
        }
        if (v.startsWith("MAY")) {
            return Character.isUpperCase(text.charAt(start)) || v.matches(".*\\d{4}.*");
        }
        return true;
    }

    private static final Pattern STRONG_SUFFIX = Pattern.compile("(?i)(?:street|st|avenue|ave|road|rd|boulevard"
            + "|blvd|drive|lane|ln|court|ct|terrace|circle|highway|hwy|parkway|pkwy|pike|place|pl)\\.?");

    /**
     * "12 Oak Street" is an address; "2 peripheral IV's in place", "3 WAY FOLEY IN PLACE" are not: the street
     * name words must be capitalised and be neither function words nor clinical terms, and an ALL-CAPS match
     * needs an unambiguous suffix such as STREET, AVE or RD.
     */
    private boolean streetShaped(String text, int start, int end) {
        String[] words = text.substring(start, end).split("[\\s,]+");
        if (words.length < 3) {
            return false;
        }
        boolean allCaps = true;
        int suffixAt = -1;
        for (int i = 1; i < words.length; i++) {
            String w = words[i].replaceAll("[^\\p{L}0-9]", "");
            if (w.isEmpty()) {
                continue;
            }
            String u = w.toUpperCase(Locale.ROOT);
            if (suffixAt < 0 && i > 1 && STREET_WORD.matcher(w).matches()) {
                suffixAt = i;
            }
            if (suffixAt < 0 && i >= 1) {
                if (lexicon.isFunctionWord(u) || lexicon.isClinicalTerm(u)
                        || Character.isLetter(w.charAt(0)) && !Character.isUpperCase(w.charAt(0))
                        || u.matches("(?:MG|MCG|ML|CC|UNITS?|TABS?|PUFFS?|L|LPM|NC|DAYS?|HOURS?|HRS?|MIN|TIMES|X)")) {
                    return false;
                }
                allCaps &= w.equals(u);
            }
        }
        if (suffixAt < 0) {
            return false;
        }
        return !allCaps || STRONG_SUFFIX.matcher(words[suffixAt]).matches();
    }

    private static final Pattern STREET_WORD = Pattern.compile("(?i)" + STREET_SUFFIX + "\\.?");
}
