package io.medsieve.router.messaging;

/** Redacted texts as the redaction stage produces them, one per routing scenario of the tests. */
final class Samples {

    static final String PSYCHIATRIC_NOTE = """
            PSYCHIATRY FOLLOW-UP NOTE   [DATE_81c2]
            [PERSON_3f9a] seen for recurrent major depressive disorder. Mood low, affect constricted.
            Mental status exam: thought process linear, denies suicidal ideation, insight fair.
            PHQ-9 today 18. Plan: increase sertraline to 100 mg, continue weekly psychotherapy with [PERSON_77c2].
            """;

    static final String REFERRAL = """
            Dear Dr [PERSON_77c2],
            Thank you for seeing [PERSON_3f9a], whom I am referring urgently with exertional chest pain.
            Reason for referral: abnormal ECG on [DATE_81c2]; please assess for unstable angina.
            Kind regards,
            [PERSON_1a2b], Family Medicine
            """;

    static final String CLAIM = """
            EXPLANATION OF BENEFITS - THIS IS NOT A BILL
            Member [PERSON_3f9a]   Claim number [ID_4c4d]   Provider [PERSON_77c2]
            Date of service [DATE_81c2]   CPT 99213 office visit
            Amount billed $180.00   Allowed amount $110.00   Plan paid $88.00   Patient responsibility $22.00
            """;

    private Samples() {
    }
}
