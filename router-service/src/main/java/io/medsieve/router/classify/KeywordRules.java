package io.medsieve.router.classify;

import io.medsieve.router.domain.DocumentClass;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.medsieve.router.domain.DocumentClass.BILLING_CLAIM;
import static io.medsieve.router.domain.DocumentClass.DISCHARGE_SUMMARY;
import static io.medsieve.router.domain.DocumentClass.ENCOUNTER_SUMMARY;
import static io.medsieve.router.domain.DocumentClass.FULL_CHART;
import static io.medsieve.router.domain.DocumentClass.IDENTITY_DOCUMENT;
import static io.medsieve.router.domain.DocumentClass.IMAGING_REPORT;
import static io.medsieve.router.domain.DocumentClass.INSURANCE_CARD;
import static io.medsieve.router.domain.DocumentClass.LAB_REPORT;
import static io.medsieve.router.domain.DocumentClass.MEDICATION_LIST;
import static io.medsieve.router.domain.DocumentClass.PSYCHIATRIC_NOTE;
import static io.medsieve.router.domain.DocumentClass.REFERRAL_LETTER;

/**
 * Section headings, form fields and vocabulary that identify a document type on their own ("Explanation of
 * Benefits", "Reference range", "Mental status exam"). Each cue counts once per document with its weight; the
 * strongest cues weigh 2. They complement the embedding, which is good at tone and topic but blind to layout cues.
 */
public final class KeywordRules {

    private record Cue(DocumentClass documentClass, Pattern pattern, double weight) {
    }

    private static final List<Cue> CUES = List.of(
            cue(IDENTITY_DOCUMENT, 2, "driver'?s? licen[cs]e|passport|identification card|\\bid card\\b|state id"),
            cue(IDENTITY_DOCUMENT, 1, "date of issue|\\bissued\\b|\\bexp(ires|iration|iry)?\\b[: ]"),
            cue(IDENTITY_DOCUMENT, 1, "\\bsex\\b|\\bhgt\\b|\\bheight\\b|\\beyes\\b|nationality|place of birth"),
            cue(IDENTITY_DOCUMENT, 1, "restrictions|endorsements|\\bdl ?(no|#)|document (no|number)"),

            cue(INSURANCE_CARD, 2, "member (id|#|no)|subscriber|\\brx ?(bin|pcn|grp)\\b"),
            cue(INSURANCE_CARD, 1, "group (no|number|#)|payer id|\\bplan\\b|\\bppo\\b|\\bhmo\\b|\\bepo\\b"),
            cue(INSURANCE_CARD, 1, "co-?pay|customer service|member services|in-network|providers? call"),

            cue(BILLING_CLAIM, 2, "explanation of benefits|\\beob\\b|cms-?1500|ub-?04|\\bhcfa\\b"),
            cue(BILLING_CLAIM, 1, "\\bcpt\\b|\\bhcpcs\\b|procedure code|revenue code"),
            cue(BILLING_CLAIM, 1, "amount billed|billed amount|total charges|\\bcharges?\\b|balance due|invoice"),
            cue(BILLING_CLAIM, 1, "allowed amount|patient responsibility|you (may )?owe|deductible|coinsurance"),
            cue(BILLING_CLAIM, 1, "claim (number|#|no|id|status)|date of service|\\bdos\\b|remittance|paid"),

            cue(REFERRAL_LETTER, 2, "dear dr|reason for referral|referral (letter|request|to)"),
            cue(REFERRAL_LETTER, 1, "referr(ing|ed)|thank you for (seeing|your|evaluating|kindly)"),
            cue(REFERRAL_LETTER, 1, "please (see|evaluate|assess)|would be grateful|kind regards|sincerely|yours"),
            cue(REFERRAL_LETTER, 1, "consult(ation)? request|opinion (on|regarding)|specialist"),

            cue(DISCHARGE_SUMMARY, 2, "discharge summary|hospital course|condition (at|on) discharge"),
            cue(DISCHARGE_SUMMARY, 1, "date of (admission|discharge)|admission date|discharge date|admitted"),
            cue(DISCHARGE_SUMMARY, 1, "discharge (diagnos[ie]s|medications|instructions|disposition)|discharged"),
            cue(DISCHARGE_SUMMARY, 1, "length of stay|inpatient|attending"),

            cue(ENCOUNTER_SUMMARY, 2, "chief complaint|history of present illness|\\bhpi\\b"),
            cue(ENCOUNTER_SUMMARY, 1, "review of systems|\\bros\\b|physical exam|\\bexam:"),
            cue(ENCOUNTER_SUMMARY, 1, "assessment (and|&|/) ?plan|\\ba/p\\b|\\bplan:"),
            cue(ENCOUNTER_SUMMARY, 1, "office visit|clinic visit|progress note|visit summary|follow[- ]up visit"),
            cue(ENCOUNTER_SUMMARY, 1, "\\bsubjective\\b|\\bobjective\\b|vital signs|\\bvitals\\b"),

            cue(LAB_REPORT, 2, "reference (range|interval)|\\bref\\.? range\\b|laboratory report|lab report"),
            cue(LAB_REPORT, 1, "specimen|collected|\\breceived\\b|accession"),
            cue(LAB_REPORT, 1, "mg/dl|mmol/l|g/dl|\\bu/l\\b|x10\\^?\\d|\\bmeq/l\\b|miu/l|ng/ml"),
            cue(LAB_REPORT, 1, "hemoglobin|\\bwbc\\b|platelet|creatinine|sodium|potassium|glucose|\\btsh\\b|hba1c"),
            cue(LAB_REPORT, 1, "\\bcbc\\b|\\bcmp\\b|\\bbmp\\b|lipid panel|urinalysis|culture|pathology"),

            cue(MEDICATION_LIST, 2, "medication (list|reconciliation)|current medications|active medications"),
            cue(MEDICATION_LIST, 1, "\\bsig\\b|\\b(qd|bid|tid|qid|prn|qhs)\\b|(once|twice) (daily|a day)"),
            cue(MEDICATION_LIST, 1, "\\b(tablet|capsule|tab|cap|inhaler|patch)s?\\b"),
            cue(MEDICATION_LIST, 1, "refills?|pharmacy|prescriber|\\bdose\\b|\\bdosage\\b"),

            cue(PSYCHIATRIC_NOTE, 2, "psychiatr(y|ic)|mental status exam|\\bmse\\b"),
            cue(PSYCHIATRIC_NOTE, 1, "\\bmood\\b|\\baffect\\b|thought (process|content)|insight|judg(e)?ment"),
            cue(PSYCHIATRIC_NOTE, 1, "suicid|homicid|self-harm|safety plan|hallucinat|delusion"),
            cue(PSYCHIATRIC_NOTE, 1, "depress|anxiety|bipolar|schizo|ptsd|phq-9|gad-7|panic"),
            cue(PSYCHIATRIC_NOTE, 1, "psychotherap|\\btherapy session\\b|counsel(l)?ing|\\bssri\\b"),

            cue(IMAGING_REPORT, 2, "\\bimpression\\b|radiolog(y|ist)"),
            cue(IMAGING_REPORT, 1, "\\bfindings\\b|\\btechnique\\b|\\bcomparison\\b|contrast"),
            cue(IMAGING_REPORT, 1, "\\b(ct|mri|x-?ray|radiograph|ultrasound|sonogra|mammogra|pet|dexa)"),
            cue(IMAGING_REPORT, 1, "\\b(axial|sagittal|coronal|views?|pa and lateral)\\b"),

            cue(FULL_CHART, 2, "complete (medical )?record|medical records? (release|request|copy)|chart (export|copy)"),
            cue(FULL_CHART, 1, "table of contents|records? release|continuity of care"));

    private KeywordRules() {
    }

    /** Sum of matched cue weights per class (each cue once). */
    public static Map<DocumentClass, Double> scores(String text) {
        Map<DocumentClass, Double> scores = new EnumMap<>(DocumentClass.class);
        for (Cue cue : CUES) {
            if (cue.pattern().matcher(text).find()) {
                scores.merge(cue.documentClass(), cue.weight(), Double::sum);
            }
        }
        return scores;
    }

    private static Cue cue(DocumentClass documentClass, double weight, String regex) {
        return new Cue(documentClass, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                weight);
    }
}
