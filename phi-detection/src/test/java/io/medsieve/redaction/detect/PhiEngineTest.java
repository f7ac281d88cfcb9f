package io.medsieve.redaction.detect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The engine per identifier type: what must be redacted and, as important, the clinical text that must stay.
 * Plain JUnit: the engine has no framework dependency.
 */
class PhiEngineTest {

    private static final PhiEngine ENGINE = new PhiEngine(EngineConfig.defaults());

    /** Asserts a span of the given type overlaps the first occurrence of {@code fragment}. */
    private static void redacted(String text, String fragment, PhiType type) {
        int at = text.indexOf(fragment);
        assertTrue(at >= 0, "test fragment missing");
        for (PhiSpan s : ENGINE.detect(text)) {
            if (s.start() < at + fragment.length() && at < s.end()) {
                assertEquals(type, s.type(), "wrong type for [" + fragment + "] in [" + text + "]");
                return;
            }
        }
        fail("not redacted: [" + fragment + "] in [" + text + "]");
    }

    /** Asserts no span touches {@code fragment}. */
    private static void kept(String text, String fragment) {
        int at = text.indexOf(fragment);
        assertTrue(at >= 0, "test fragment missing");
        for (PhiSpan s : ENGINE.detect(text)) {
            if (s.start() < at + fragment.length() && at < s.end()) {
                fail("wrongly redacted [" + text.substring(s.start(), s.end()) + "] as " + s.type() + " by "
                        + s.detector() + " in [" + text + "]");
            }
        }
    }

    @Test
    void aNameFoundOnOnePageIsRedactedOnEveryPageOfTheDocument() {
        // Page 2 of a referral letter repeats the patient in its heading, with nothing there marking it as a name.
        List<String> pages = List.of("Patient: Snorbqua Zorprbwick-xk2htt\nDate of birth: 03/14/1958",
                "Re: Snorbqua Zorprbwick-xk2htt, DOB 03/14/1958 (page 2)\nAtorvastatin 40 mg at night");
        List<List<PhiSpan>> spans = ENGINE.propagateAcrossPages(pages,
                pages.stream().map(ENGINE::detect).toList());

        String page2 = pages.get(1);
        for (String word : List.of("Snorbqua", "Zorprbwick")) {
            int at = page2.indexOf(word);
            assertTrue(spans.get(1).stream().anyMatch(s -> s.type() == PhiType.NAME && s.start() <= at
                    && at + word.length() <= s.end()), "not redacted on page 2: " + word);
        }
        int drug = page2.indexOf("Atorvastatin");
        assertTrue(spans.get(1).stream().noneMatch(s -> s.start() < drug + 12 && drug < s.end()),
                "clinical text must stay");
        assertThrows(IllegalArgumentException.class, () -> ENGINE.propagateAcrossPages(pages, List.of()));
    }

    @Test
    void namesWithTitlesInAnyCase() {
        redacted("Seen by Dr. Smith this morning.", "Smith", PhiType.NAME);
        redacted("DR. SMITH AWARE OF K 3.2", "SMITH", PhiType.NAME);
        redacted("discussed with dr healey, will follow", "healey", PhiType.NAME);
        redacted("Mrs. Kowalczyk is a 67 year old woman", "Kowalczyk", PhiType.NAME);
        kept("DR. SMITH AWARE OF K 3.2", "AWARE");
    }

    @Test
    void patientLabelsAndRelatives() {
        redacted("Pt: JOHN DOE\nADMITTED FOR CHF", "JOHN", PhiType.NAME);
        redacted("Pt: JOHN DOE\nADMITTED FOR CHF", "DOE", PhiType.NAME);
        redacted("Patient: Maria Gonzalez, 54F", "Gonzalez", PhiType.NAME);
        redacted("Pt visited by his wife Mary this afternoon.", "Mary", PhiType.NAME);
        redacted("SOCIAL: DAUGHTER LINDA CALLED FOR UPDATE", "LINDA", PhiType.NAME);
        redacted("husband named Zbigniew at bedside", "Zbigniew", PhiType.NAME);
        kept("Pt visited by his wife this afternoon.", "wife");
        kept("SON AND HUSBAND VISITED, UPDATED ON PLAN", "VISITED");
    }

    @Test
    void dictionaryNamesInCapsAndMixedCase() {
        redacted("SPOKE WITH PATRICIA ABOUT DISCHARGE PLANS", "PATRICIA", PhiType.NAME);
        redacted("Called Jennifer Okafor regarding results.", "Jennifer", PhiType.NAME);
        redacted("Called Jennifer Okafor regarding results.", "Okafor", PhiType.NAME);
        redacted("V. Finn, RRT", "Finn", PhiType.NAME);
        redacted("NOTE BY DAN A. FORMAN-LYONS, RRT", "FORMAN-LYONS", PhiType.NAME);
        // ordinary English words that are also given names stay without context
        kept("WILL MARK THE SITE AND BILL THE VISIT", "MARK");
        kept("WILL MARK THE SITE AND BILL THE VISIT", "BILL");
    }

    @Test
    void clinicalEponymsAndTermsAreNotNames() {
        kept("History of Parkinson's disease, on carbidopa.", "Parkinson");
        kept("FOLEY CATHETER DRAINING CLEAR YELLOW URINE", "FOLEY");
        kept("Foley catheter in place", "Foley");
        kept("Right-sided Bell's palsy since March.", "Bell");
        kept("Hodgkin lymphoma in remission", "Hodgkin");
        kept("Glasgow Coma Scale 15, Apgar 9 at birth", "Glasgow");
        kept("Glasgow Coma Scale 15, Apgar 9 at birth", "Apgar");
        kept("Addison disease and Crohn's, Cushing syndrome excluded", "Addison");
        kept("Addison disease and Crohn's, Cushing syndrome excluded", "Crohn");
        kept("SWAN GANZ PLACED, JACKSON PRATT DRAIN TO BULB", "JACKSON");
        // a strong title overrides the stop-list
        redacted("Mr. Foley was admitted overnight.", "Foley", PhiType.NAME);
        redacted("Referred by Dr. Parkinson for tremor.", "Parkinson", PhiType.NAME);
    }

    @Test
    void labValuesVitalsAndDosesAreKept() {
        String note = "K 4.5, NA 138, BP 120/80, HR 88, RR 18. GIVEN LASIX 40 MG IV. Tylenol 5 mg q6h prn. "
                + "PAIN 5/10. PSV 10/5 WITH FIO2 40%. STRENGTH 4/5.";
        assertTrue(ENGINE.detect(note).isEmpty(), () -> "unexpected spans " + ENGINE.detect(note));
    }

    @Test
    void datesInAllFormsButNotAYearAlone() {
        redacted("7/22 FOUND BY HUSBAND ON FLOOR", "7/22", PhiType.DATE);
        redacted("Admitted 07/22/1998.", "07/22/1998", PhiType.DATE);
        redacted("CT on 2019-03-04 showed no bleed", "2019-03-04", PhiType.DATE);
        redacted("Seen on March 4th for follow up", "March 4th", PhiType.DATE);
        redacted("Seen 4 Mar 2019 in clinic", "4 Mar 2019", PhiType.DATE);
        redacted("Last colonoscopy Jan '92.", "Jan '92", PhiType.DATE);
        redacted("ECHO 8/87 SHOWED EF 20%", "8/87", PhiType.DATE);
        redacted("cultures drawn on the 11th.", "11th", PhiType.DATE);
        kept("Diagnosed in 2019 and treated.", "2019");
        kept("S/P MI 1992; CABG", "1992");
        kept("Patient may need more fluids", "may");
    }

    @Test
    void agesOverEightyNineOnly() {
        redacted("92 yo woman with CHF", "92", PhiType.AGE_OVER_89);
        redacted("Age: 104", "104", PhiType.AGE_OVER_89);
        kept("58 YEAR OLD FEMALE", "58");
        kept("89 year old man", "89");
    }

    @Test
    void phonesAndFaxes() {
        redacted("Call (617) 555-0123 x45 with questions", "555-0123", PhiType.PHONE);
        redacted("cell# 410-322-1419", "410-322-1419", PhiType.PHONE);
        redacted("Fax: 617.555.0199", "617.555.0199", PhiType.FAX);
        redacted("Pager: #54321", "54321", PhiType.PHONE);
        redacted("Call 07700 063 966 after six", "07700 063 966", PhiType.PHONE);
        redacted("Office (37) 788-063 weekdays", "788-063", PhiType.PHONE);
        kept("ABG 7.35/66/55, UOP 30 40 35 CC/HR", "30 40 35");
        kept("BP 120/80, HR 88", "120/80");
    }

    @Test
    void emailUrlIp() {
        redacted("Reach me at jane.doe@example.org today", "jane.doe@example.org", PhiType.EMAIL);
        redacted("Portal: https://portal.example.com/u/123", "https://portal.example.com/u/123", PhiType.URL);
        redacted("See www.mychart-example.net for results", "www.mychart-example.net", PhiType.URL);
        redacted("Logged in from 192.168.10.25", "192.168.10.25", PhiType.IP_ADDRESS);
        kept("ABG 7.39.No vent changes", "7.39.No");
        kept("PT COMFORTABLE TODAY.NO DISTRESS", "TODAY.NO");
        kept("Pump software version 1.2.3.4 installed", "1.2.3.4");
        kept("ABG 7.35/66/55 ON BIPAP", "7.35/66/55");
    }

    @Test
    void ssnWithRangesAndContext() {
        redacted("SSN 123-45-6789 on file", "123-45-6789", PhiType.SSN);
        redacted("social security number: 078051120", "078051120", PhiType.SSN);
        kept("Glucose 123 45 mg", "123 45");
    }

    @Test
    void recordAccountPlanLicenceVehicleDeviceNumbers() {
        redacted("MRN: 00123456", "00123456", PhiType.MRN);
        redacted("Medical record # A-99812", "A-99812", PhiType.MRN);
        redacted("Member ID XJH448812345", "XJH448812345", PhiType.HEALTH_PLAN_ID);
        redacted("acct 4417-0092", "4417-0092", PhiType.ACCOUNT_NUMBER);
        redacted("Card 4111 1111 1111 1111 declined", "4111 1111 1111 1111", PhiType.ACCOUNT_NUMBER);
        redacted("IBAN DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00", PhiType.ACCOUNT_NUMBER);
        redacted("Driver's license number D1234567", "D1234567", PhiType.LICENSE_NUMBER);
        redacted("Prescriber NPI 1234567893", "1234567893", PhiType.LICENSE_NUMBER);
        redacted("DEA AB1234563", "AB1234563", PhiType.LICENSE_NUMBER);
        redacted("VIN 1HGCM82633A004352 towed", "1HGCM82633A004352", PhiType.VEHICLE_ID);
        redacted("Pacemaker serial number PJN123456", "PJN123456", PhiType.DEVICE_ID);
        redacted("Fingerprint ID 88412-ZA on file", "88412-ZA", PhiType.BIOMETRIC_ID);
        redacted("Photo file IMG20190304 attached", "IMG20190304", PhiType.PHOTO_REFERENCE);
        kept("MRN pending from registration", "pending");
        kept("TRIPLE LUMEN # 7 FR PLACED", "7");
        kept("AC 600X12/5/40% TOLERATING", "600X12/5/40%");
    }

    @Test
    void addressesCitiesZipCodes() {
        String addr = "Lives at 1234 Oak Street, Apt 5, Springfield, IL 62704 with her son.";
        redacted(addr, "1234 Oak Street", PhiType.STREET_ADDRESS);
        redacted(addr, "Springfield", PhiType.CITY);
        redacted(addr, "62704", PhiType.ZIP);
        redacted("Mail to PO Box 882, Boston, MA 02114-2696", "02114-2696", PhiType.ZIP);
        redacted("Zip code: 21201", "21201", PhiType.ZIP);
        kept("3 WAY FOLEY IN PLACE", "3 WAY");
        kept("2 peripheral IV's in place", "2 peripheral");
        kept("URINE OUTPUT 12345 ML OVER 24H", "12345");
    }

    @Test
    void hospitalsAndPlaces() {
        redacted("ADMITTED IN TRANSFER FROM CALVERT HOSPITAL FOR MENTAL STATUS CHANGES", "CALVERT", PhiType.LOCATION);
        redacted("pt taken to kernan hosp.", "kernan", PhiType.LOCATION);
        redacted("Accepted by St. Agnes for rehab", "Agnes", PhiType.LOCATION);
        redacted("Sister called from Seattle today", "Seattle", PhiType.LOCATION);
        redacted("Will go to Sacred Heart Memorial tomorrow", "Sacred", PhiType.LOCATION);
        kept("TRANSFERRED TO MICU FOR CLOSER MONITORING", "MICU");
        kept("RETURNED FROM CATH LAB", "CATH");
        kept("Outside hospital records requested", "Outside");
    }

    @Test
    void rolesSignaturesAndListedNamesAfterRelatives() {
        redacted("TUBE MANIPULATED PER NP CAROL. GI: OGT", "CAROL", PhiType.NAME);
        redacted("social: son bill called for update", "bill", PhiType.NAME);
        redacted("ALL IS WELL AT THIS TIME. Q. LANDER RRT\n", "LANDER", PhiType.NAME);
        redacted("mr masci had an uneventful night", "masci", PhiType.NAME);
        redacted("NSICU team called and Drs Ferullo and Saeed in to see pt.", "Saeed", PhiType.NAME);
        kept("MILD MR AND TR ON ECHO", "MR");
        kept("MS: Pleasant elderly female", "Pleasant");
        kept("NP AWARE OF LOW UOP", "AWARE");
    }

    @Test
    void saintsAndHospitalAcronyms() {
        redacted("TO GO TO ST. MARY ON TUESDAY", "MARY", PhiType.LOCATION);
        redacted("PT SENT TO ED AT GH.", "GH", PhiType.LOCATION);
        kept("FOR TRACH TO MECH VENT", "TRACH");
        kept("CONVERTED TO SVT, THEN BACK TO NSR", "SVT");
    }

    @Test
    void aConfidentNameIsRedactedWhereverItRecurs() {
        String note = "Dr. Quillfeather notified of K 3.1. Plan per Quillfeather: replete.";
        List<PhiSpan> spans = ENGINE.detect(note);
        assertEquals(2, spans.stream().filter(s -> s.type() == PhiType.NAME).count(), spans.toString());
    }

    @Test
    void townsFromTheGazetteer() {
        redacted("FAMILY DROVE IN FROM HAGERSTOWN THIS AM", "HAGERSTOWN", PhiType.LOCATION);
        redacted("HAGERSTOWN EMS BROUGHT PT TO ED", "HAGERSTOWN", PhiType.LOCATION);
        redacted("Sister from Ellicott City visited today", "Ellicott City", PhiType.LOCATION);
        redacted("Her niece Anna of Catonsville called", "Catonsville", PhiType.LOCATION);
        redacted("Pt lives alone in Frederick since May", "Frederick", PhiType.LOCATION);
        redacted("Lives alone in FREDERICK, MARYLAND", "FREDERICK", PhiType.LOCATION);
        redacted("D/C planned to Westminster Rehab", "Westminster", PhiType.LOCATION);
        redacted("daughter lives near Annapolis", "Annapolis", PhiType.LOCATION);
        // town names that are clinical words, ordinary words or short abbreviations stay
        kept("REMAINS ON NITRO GTT AT 2 MCG", "NITRO");
        kept("S/P CABG X3, LIMA TO LAD", "LIMA");
        kept("USING INCENTIVE SPIRO Q2H", "SPIRO");
        kept("Pt left AMA last night", "AMA");
        kept("Weaned to Cool Neb this AM", "Cool");
        kept("Pt in Ward 3 since Monday", "Ward");
        kept("There is Hope for recovery", "Hope");
        kept("TOLERATING PO WELL, NORMAL SALINE AT KVO", "NORMAL");
    }

    @Test
    void universitiesNamedAfterPlaces() {
        redacted("insulin drip per U Michigan protocol", "U Michigan", PhiType.LOCATION);
        redacted("FOLLOWED AT UNIVERSITY OF IOWA CLINIC", "UNIVERSITY OF IOWA", PhiType.LOCATION);
        kept("given 10 U insulin sc", "U insulin");
        kept("TRANSFUSED 2 U FFP", "U FFP");
    }

    @Test
    void chartAbbreviationsAreNotNames() {
        kept("MONITOR SHOWS NSR WITH OCC PAC'S", "OCC");
        kept("DC/D PER MD EPI WIRES INTACT", "EPI");
        kept("DIET ADVANCED AS TOL", "TOL");
    }

    @Test
    void givenNameWithSurnameEvenWhenOrdinaryWords() {
        redacted("spoke with martin carey from ethics", "carey", PhiType.NAME);
        redacted("spoke with martin carey from ethics", "martin", PhiType.NAME);
        redacted("Daughter-in-law Rita Hickey visited", "Hickey", PhiType.NAME);
        // two ordinary words stay, and so does a given name before a clinical term
        kept("WILL MARK THE SITE, MAY BROWN THE EDGES", "BROWN");
        kept("pt has grace period for bill payment", "grace");
    }

    @Test
    void givenNameBeforeAVisitVerb() {
        redacted("social: bob visited during the evening", "bob", PhiType.NAME);
        redacted("SOCIAL: BILL CALLED AT 0400", "BILL", PhiType.NAME);
        kept("pt will called out to RN", "will");
        kept("Insurance will bill. Family called", "bill");
    }

    @Test
    void inLawRelativesAndRelativesNotNames() {
        redacted("son-in-law Zbigniew here today", "Zbigniew", PhiType.NAME);
        kept("DAUGHTER, HER HUSBAND & SON IN TO VISIT", "SON");
        kept("social: wife called overnoc for an update", "overnoc");
    }

    @Test
    void namesBeforeRelationAndContactLabels() {
        redacted("Please page Dorota Wieczorek (daughter) with changes", "Wieczorek", PhiType.NAME);
        redacted("Contacts: Ilse Brandtner cell# 410-555-0142", "Brandtner", PhiType.NAME);
        kept("Encouraged use of incentive spirometer (son) at bedside", "spirometer");
        kept("Left message on Home phone 555-0100", "Left");
    }

    @Test
    void namesListedWithANameAlreadyFound() {
        redacted("Both Suzette and Hank are his proxies", "Hank", PhiType.NAME);
        redacted("Sons Xavier, Quigley and Ormsby visited", "Quigley", PhiType.NAME);
        kept("Spoke with Dr Ronayne and hydralazine held", "hydralazine");
        kept("DR RONAYNE AND HYDRALAZINE ON HOLD", "HYDRALAZINE");
        kept("Seen by Dr. Quillfeather, Lasix given", "Lasix");
    }

    @Test
    void titlesStopAtOrdinaryCompoundsAndDrugNames() {
        redacted("DR. KNIGHT AWARE-ORDER FOR LOPRESSOR", "KNIGHT", PhiType.NAME);
        kept("DR. KNIGHT AWARE-ORDER FOR LOPRESSOR", "AWARE-ORDER");
        kept("PT TO BE STARTED ON NIPRIDE, MD'S AWARE", "NIPRIDE");
        kept("Clear but diminished on the R. Spo2>95%", "Spo");
    }

    @Test
    void datesAfterRangesAndProcedures() {
        redacted("ceftaz given 8/2 - 8/10, now on levo", "8/10", PhiType.DATE);
        redacted("going to the OR 6/10 for CABG", "6/10", PhiType.DATE);
        redacted("PT IS S/P CABG X3 10/5. NEURO: A&O", "10/5", PhiType.DATE);
        kept("pain 8/10, given morphine", "8/10");
        kept("RESP: PSV 10/5, FIO2 40%", "10/5");
        kept("Remained on 5/5, 40% till 4PM", "5/5");
    }

    @Test
    void scoreRangesAndBloodGasesAreNotDates() {
        kept("headache over eye area 3-4/10 received tylenol", "3-4/10");
        kept("bp 120-140'2/70's. no am labs", "2/70");
        kept("HR UP TO 120'S. CO/CI 5/3 FICK", "5/3");
        kept("abg on these settings: 80/48/7.45.34.7. suctioned", "7.45.34.7");
        redacted("Seen 03/14/2021 in clinic", "03/14/2021", PhiType.DATE);
        redacted("DOB 3-4-1950", "3-4-1950", PhiType.DATE);
    }

    @Test
    void localPhonesButNotRangesAndParenthesisedNumbers() {
        redacted("son dave (240444-1243) was in", "240444-1243", PhiType.PHONE);
        redacted("both visited today (301 273 45166) and met", "301 273 45166", PhiType.PHONE);
        redacted("Call back at 555-0142 today", "555-0142", PhiType.PHONE);
        kept("Pt voiding 550-1000 cc/hr", "550-1000");
        kept("SVR is in the 900-1300 range", "900-1300");
        kept("WITH HR 100-112. EKG DONE", "100-112");
        kept("weight (70 kg) and height (170 cm)", "170");
    }

    @Test
    void chartingNumbersAreNotForeignStreetsAndNotCities() {
        kept("PULM: NC 2.0 Sats 95%. Pt denies SOB", "Sats");
        kept("Vent settings A/C 750 Rate 10 Peep 7.5", "Rate");
        kept("BP labile. @2140 Levophed 0.28mcg/kg/min", "Levophed");
        kept("ABD SOFT, ROUND, NT,ND. HAS BRUISING", "NT");
        kept("PT GIVEN MG,CA, AND K", "GIVEN");
        redacted("Address: 10117 Friedrichstrasse 12", "Friedrichstrasse", PhiType.STREET_ADDRESS);
        redacted("Her sister lives in Springfield, IL.", "Springfield", PhiType.CITY);
    }

    @Test
    void placeRulesKeepSettingsUnitsAndRhythms() {
        redacted("MAY BE W/U BY GBMC FOR TRANSPLANT", "GBMC", PhiType.LOCATION);
        kept("PEEP DECREASED TO 7.5 CMH2O THIS AM", "CMH");
        kept("READY FOR 1ST CASE CABG", "CASE");
        kept("going into ARF s/p cath", "ARF");
        kept("RETURNED TO AV PACED 75", "AV");
        kept("Accepted in transfer from Holy Cross Hospital today", "Hospital");
        redacted("Accepted in transfer from Holy Cross Hospital today", "Holy Cross", PhiType.LOCATION);
        kept("living facility was @ before admit. hospice care to follow", "admit");
    }

    @Test
    void titleCaseSurnameAfterAGivenNameInALowerCaseNote() {
        String note = "social-> pt's dtr-in-law Rita Hickey was in to visit last noc and updated on plan. "
                + "lungs coarse, sx for thick secretions, afebrile, uo adequate, will continue to monitor closely";
        redacted(note, "Hickey", PhiType.NAME);
        kept("social-> pt's wife Rose Visited last noc. lungs coarse, sx for thick secretions, afebrile, "
                + "uo adequate, will continue to monitor closely", "Visited");
        kept("social: son Bill in, Foley cath draining well. lungs coarse, sx for thick secretions, afebrile, "
                + "uo adequate, will continue to monitor closely", "Foley");
    }
}
