package io.medsieve.testsupport.documents;

import java.util.List;

/**
 * Realistic-looking clinical texts about a {@link FakePatient}, used for the committed demo samples and
 * for redaction tests that need PHI in its natural surroundings (letterheads, tables, signatures) rather
 * than in isolation.
 *
 * <p>Every clinic, clinician and value here is invented; each document says so in its footer, so a
 * sample that escapes into the wild cannot be mistaken for a real record. Lines starting with
 * {@code "# "} are rendered as headings.
 */
public final class SampleTexts {

    private static final String NOTICE = "SYNTHETIC TEST DOCUMENT - fictional patient, no real person or clinic.";

    private SampleTexts() {
    }

    /** A two-page GP-to-cardiology referral letter. */
    public static List<String> referralLetter(FakePatient p) {
        String page1 = """
                # Maplewood Family Practice (fictional)
                17 Nowhere Road, Testville, ZZ 00017   Tel (555) 010-2200   Fax (555) 010-2201

                March 4, 2024

                Dr. Imogen Placeholder
                Department of Cardiology, Fictitious General Hospital
                900 Sample Boulevard, Testville, ZZ 00090

                # Re: Referral for cardiology assessment
                Patient: %s
                Date of birth: %s
                MRN: %s
                Phone: %s
                Address: %s
                E-mail: %s

                Dear Dr. Placeholder,

                Thank you for seeing %s, a 65-year-old retired librarian, who presents with a six-week \
                history of exertional chest tightness and breathlessness on climbing two flights of stairs. \
                Symptoms settle within five minutes of rest. There is no syncope, no orthopnoea and no \
                palpitations.

                Past history includes hypertension (diagnosed 2015), type 2 diabetes managed with \
                metformin, and hypercholesterolaemia. She is an ex-smoker (20 pack-years, stopped 2009). \
                Her father had a myocardial infarction at the age of 58.

                On examination her blood pressure was 148/92 mmHg, pulse 78 regular, BMI 29. Heart sounds \
                were normal with no murmurs; chest was clear. A resting ECG in the practice showed sinus \
                rhythm with no acute changes.
                """.formatted(p.name(), p.dobText(), p.mrn(), p.phone(), p.address(), p.email(), p.name());
        String page2 = """
                # Re: %s, DOB %s, MRN %s (page 2)

                # Current medication
                Metformin 1 g twice daily
                Ramipril 5 mg once daily
                Atorvastatin 40 mg at night
                Aspirin 75 mg once daily (started at this consultation)
                GTN spray 400 micrograms as required

                # Recent results
                HbA1c 58 mmol/mol, total cholesterol 5.9 mmol/L, LDL 3.8 mmol/L, eGFR 71, \
                haemoglobin 131 g/L. Thyroid function normal.

                I would be grateful for your assessment and consideration of further investigation, such \
                as CT coronary angiography or a functional test, as you see fit. She has been given advice \
                to call emergency services if the pain occurs at rest or lasts longer than 15 minutes.

                Please contact her on %s to arrange an appointment.

                Yours sincerely,

                Dr. Felix Madeupson
                General Practitioner, Maplewood Family Practice (fictional)

                %s
                """.formatted(p.name(), p.dobText(), p.mrn(), p.phone(), NOTICE);
        return List.of(page1, page2);
    }

    /** A one-page laboratory report laid out in fixed-width columns, as fax gateways print them. */
    public static String labReport(FakePatient p) {
        return """
                # FICTIONAL REFERENCE LABORATORY - RESULTS REPORT
                FAX TO: Maplewood Family Practice   (555) 010-2201
                FROM:   Fictional Reference Lab     (555) 010-3300   PAGE 1 OF 1

                PATIENT: %s
                DOB:     %s        MRN: %s
                PHONE:   %s
                COLLECTED: 02/27/2024 08:15   REPORTED: 02/27/2024 16:40
                ORDERED BY: Dr. Felix Madeupson

                TEST                    RESULT   UNITS      REFERENCE
                Sodium                  139      mmol/L     135-145
                Potassium               4.6      mmol/L     3.5-5.1
                Creatinine              88       umol/L     45-90
                eGFR                    71       mL/min     >60
                HbA1c                   58   H   mmol/mol   20-41
                Total cholesterol       5.9  H   mmol/L     <5.0
                LDL cholesterol         3.8  H   mmol/L     <3.0
                HDL cholesterol         1.1      mmol/L     >1.0
                Haemoglobin             131      g/L        115-165
                TSH                     2.1      mU/L       0.3-4.2

                H = above reference range. Verified by: T. Notarealperson, BMS

                %s
                """.formatted(p.name(), p.dobText(), p.mrn(), p.phone(), NOTICE);
    }

    /** A two-page hospital discharge summary. */
    public static List<String> dischargeSummary(FakePatient p) {
        String page1 = """
                # Fictitious General Hospital - Discharge Summary
                Patient: %s    DOB: %s
                MRN: %s    Ward: Cardiology B
                Admitted: 03/18/2024    Discharged: 03/21/2024
                Consultant: Dr. Imogen Placeholder

                # Diagnosis
                Stable angina; two-vessel coronary artery disease.

                # Procedure
                Coronary angiography 03/19/2024 via right radial artery, followed by
                percutaneous coronary intervention with one drug-eluting stent to the
                proximal left anterior descending artery. No complications.

                # Course
                Uneventful recovery. Mobilised on day 1. Radial site clean and dry.
                """.formatted(p.name(), p.dobText(), p.mrn());
        String page2 = """
                # Discharge Summary (continued) - %s, MRN %s

                # Medication changes
                NEW: Clopidogrel 75 mg once daily for 12 months
                NEW: Bisoprolol 2.5 mg once daily
                CONTINUE: Aspirin, Atorvastatin, Ramipril, Metformin

                # Follow-up
                Cardiac rehabilitation referral made.
                Clinic review in 6 weeks. GP to check renal function in 2 weeks.
                Contact: patient phone %s

                %s
                """.formatted(p.name(), p.mrn(), p.phone(), NOTICE);
        return List.of(page1, page2);
    }

    /** The two pages of a small chart: a typed progress note and a scanned nursing observation sheet. */
    public static List<String> mixedChart(FakePatient p) {
        String typed = """
                # Progress Note - Cardiology Clinic (fictional)
                Patient: %s    DOB: %s    MRN: %s

                Seen six weeks after PCI to the LAD. No further chest pain; walking 3 km daily. Tolerating
                dual antiplatelet therapy without bleeding. BP 132/80, pulse 62.

                Plan: continue current medication; repeat lipid profile in 3 months; discharge to GP care
                after rehabilitation is complete.

                Dr. Imogen Placeholder
                """.formatted(p.name(), p.dobText(), p.mrn());
        String scanned = """
                # Nursing Observations (scanned)
                Patient: %s
                MRN: %s

                Time    BP        Pulse   SpO2   Temp
                08:00   128/78    64      97%%    36.7
                12:00   134/82    70      98%%    36.9
                16:00   130/80    66      97%%    36.8

                Signed: R. Invented, RN

                %s
                """.formatted(p.name(), p.mrn(), NOTICE);
        return List.of(typed, scanned);
    }
}
