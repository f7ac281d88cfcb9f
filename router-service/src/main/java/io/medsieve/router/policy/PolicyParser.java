package io.medsieve.router.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.medsieve.events.Route;
import io.medsieve.router.domain.DocumentClass;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a policy from YAML and validates all of it. Every field is required and unknown fields are errors: a typo
 * in a safety rule must be refused, not silently ignored into a default. See the README for the format.
 */
public final class PolicyParser {

    /** Policies are short; anything larger is a mistake or an attack on the parser. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final Pattern POLICY_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9*][a-z0-9._-]{0,63}");
    private static final Set<String> TOP = Set.of("policyId", "version", "classification", "classes", "tiers", "ocr",
            "cloud");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PolicyParser() {
    }

    /**
     * Parses and validates a policy.
     *
     * @param versionRequired whether the document must carry its own {@code version} (the bundled default does;
     *                        tenant uploads are numbered by the server and may not)
     * @throws InvalidPolicyException listing every problem
     */
    public static TierPolicy parse(String yaml, boolean versionRequired) {
        List<String> errors = new ArrayList<>();
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidPolicyException(List.of("the policy is empty"));
        }
        if (yaml.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidPolicyException(List.of("the policy exceeds " + MAX_BYTES + " bytes"));
        }
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new InvalidPolicyException(List.of("the policy is not valid YAML" + where));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPolicyException(List.of("the policy must be a YAML mapping"));
        }
        unknownKeys(root, TOP, "", errors);

        String policyId = text(root, "policyId", errors);
        if (policyId != null && !POLICY_ID.matcher(policyId).matches()) {
            errors.add("policyId must be 1-64 characters of a-z, 0-9, '.', '_' or '-'");
        }
        String version = null;
        if (root.has("version")) {
            version = root.get("version").asText();
            if (version.isBlank() || version.length() > 64) {
                errors.add("version must be 1-64 characters");
            }
        } else if (versionRequired) {
            errors.add("version is required");
        }

        TierPolicy.ClassificationRules classification = classification(object(root, "classification", errors),
                errors);
        Map<DocumentClass, Integer> classes = classes(object(root, "classes", errors), errors);
        Map<Integer, TierPolicy.TierRules> tiers = tiers(object(root, "tiers", errors), errors);
        TierPolicy.OcrRules ocr = ocr(object(root, "ocr", errors), errors);
        TierPolicy.CloudRules cloud = cloud(object(root, "cloud", errors), errors);
        if (classes != null && tiers != null) {
            classes.forEach((documentClass, tier) -> {
                if (!tiers.containsKey(tier)) {
                    errors.add("classes." + documentClass + " names tier " + tier + ", which tiers does not define");
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return new TierPolicy(policyId, version, classification, classes, tiers, ocr, cloud);
    }

    private static TierPolicy.ClassificationRules classification(JsonNode node, List<String> errors) {
        if (node == null) {
            return null;
        }
        unknownKeys(node, Set.of("minConfidence", "lowConfidenceRoute"), "classification.", errors);
        double min = number(node, "minConfidence", "classification.", 0, 1, errors);
        Route route = route(node, "lowConfidenceRoute", "classification.", errors);
        if (route != null && route != Route.HUMAN_ONLY && route != Route.LOCAL) {
            errors.add("classification.lowConfidenceRoute must be HUMAN_ONLY or LOCAL");
        }
        return new TierPolicy.ClassificationRules(min, route);
    }

    private static Map<DocumentClass, Integer> classes(JsonNode node, List<String> errors) {
        if (node == null) {
            return null;
        }
        Map<DocumentClass, Integer> classes = new EnumMap<>(DocumentClass.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            DocumentClass documentClass;
            try {
                documentClass = DocumentClass.valueOf(entry.getKey());
            } catch (IllegalArgumentException e) {
                errors.add("classes: unknown document class '" + clip(entry.getKey()) + "'");
                continue;
            }
            if (documentClass == DocumentClass.OTHER) {
                errors.add("classes: OTHER is the unknown class and cannot be given a tier");
                continue;
            }
            JsonNode tier = entry.getValue();
            if (!tier.isInt() || tier.asInt() < 1 || tier.asInt() > 3) {
                errors.add("classes." + documentClass + " must be a tier 1, 2 or 3");
                continue;
            }
            classes.put(documentClass, tier.asInt());
        }
        return Map.copyOf(classes);
    }

    private static Map<Integer, TierPolicy.TierRules> tiers(JsonNode node, List<String> errors) {
        if (node == null) {
            return null;
        }
        Map<Integer, TierPolicy.TierRules> tiers = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            int tier;
            try {
                tier = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                tier = 0;
            }
            if (tier < 1 || tier > 3) {
                errors.add("tiers: '" + clip(entry.getKey()) + "' is not a tier 1, 2 or 3");
                continue;
            }
            String prefix = "tiers." + tier + ".";
            JsonNode rules = entry.getValue();
            if (!rules.isObject()) {
                errors.add(prefix.substring(0, prefix.length() - 1) + " must be a mapping");
                continue;
            }
            unknownKeys(rules, Set.of("routes", "humanReview"), prefix, errors);
            Set<Route> routes = EnumSet.noneOf(Route.class);
            JsonNode list = rules.get("routes");
            if (list == null || !list.isArray() || list.isEmpty()) {
                errors.add(prefix + "routes must be a non-empty list");
            } else {
                for (JsonNode item : list) {
                    try {
                        routes.add(Route.valueOf(item.asText()));
                    } catch (IllegalArgumentException e) {
                        errors.add(prefix + "routes: unknown route '" + clip(item.asText()) + "'");
                    }
                }
                if (!routes.contains(Route.HUMAN_ONLY)) {
                    // Every fail-closed path ends in HUMAN_ONLY; a tier without it could leave nowhere to go.
                    errors.add(prefix + "routes must include HUMAN_ONLY");
                }
            }
            JsonNode review = rules.get("humanReview");
            if (review == null || !review.isBoolean()) {
                errors.add(prefix + "humanReview must be true or false");
            }
            tiers.put(tier, new TierPolicy.TierRules(Set.copyOf(routes), review != null && review.asBoolean()));
        }
        if (tiers.isEmpty()) {
            errors.add("tiers must define at least one tier");
        }
        return Map.copyOf(tiers);
    }

    private static TierPolicy.OcrRules ocr(JsonNode node, List<String> errors) {
        if (node == null) {
            return null;
        }
        unknownKeys(node, Set.of("minMeanConfidence", "maxLowConfidencePages", "action"), "ocr.", errors);
        double min = number(node, "minMeanConfidence", "ocr.", 0, 100, errors);
        double pages = number(node, "maxLowConfidencePages", "ocr.", 0, 100_000, errors);
        if (pages != Math.rint(pages)) {
            errors.add("ocr.maxLowConfidencePages must be a whole number");
        }
        TierPolicy.LowOcrAction action = null;
        JsonNode value = node.get("action");
        if (value == null) {
            errors.add("ocr.action is required");
        } else {
            try {
                action = TierPolicy.LowOcrAction.valueOf(value.asText());
            } catch (IllegalArgumentException e) {
                errors.add("ocr.action must be REVIEW or HUMAN_ONLY");
            }
        }
        return new TierPolicy.OcrRules(min, (int) pages, action);
    }

    private static TierPolicy.CloudRules cloud(JsonNode node, List<String> errors) {
        if (node == null) {
            return null;
        }
        unknownKeys(node, Set.of("providers", "regions", "maxSyncBytes", "maxBatchBytes"), "cloud.", errors);
        List<String> providers = names(node, "providers", errors);
        List<String> regions = names(node, "regions", errors);
        long sync = (long) number(node, "maxSyncBytes", "cloud.", 0, Long.MAX_VALUE, errors);
        long batch = (long) number(node, "maxBatchBytes", "cloud.", 0, Long.MAX_VALUE, errors);
        return new TierPolicy.CloudRules(providers, regions, sync, batch);
    }

    private static List<String> names(JsonNode node, String field, List<String> errors) {
        JsonNode list = node.get(field);
        if (list == null || !list.isArray()) {
            errors.add("cloud." + field + " must be a list (empty to allow none)");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : list) {
            String name = item.asText().toLowerCase(Locale.ROOT);
            if (!NAME.matcher(name).matches()) {
                errors.add("cloud." + field + ": '" + clip(item.asText()) + "' is not a valid name");
            } else {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static JsonNode object(JsonNode root, String field, List<String> errors) {
        JsonNode node = root.get(field);
        if (node == null || !node.isObject()) {
            errors.add(field + " is required and must be a mapping");
            return null;
        }
        return node;
    }

    private static String text(JsonNode root, String field, List<String> errors) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            errors.add(field + " is required");
            return null;
        }
        return node.asText();
    }

    private static double number(JsonNode node, String field, String prefix, double min, double max,
                                 List<String> errors) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            errors.add(prefix + field + " is required and must be a number");
            return 0;
        }
        double number = value.asDouble();
        if (number < min || number > max) {
            errors.add(prefix + field + " must be between " + format(min) + " and " + format(max));
        }
        return number;
    }

    private static Route route(JsonNode node, String field, String prefix, List<String> errors) {
        JsonNode value = node.get(field);
        if (value == null) {
            errors.add(prefix + field + " is required");
            return null;
        }
        try {
            return Route.valueOf(value.asText());
        } catch (IllegalArgumentException e) {
            errors.add(prefix + field + ": unknown route '" + clip(value.asText()) + "'");
            return null;
        }
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String prefix, List<String> errors) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.add("unknown field " + prefix + clip(name));
            }
        });
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static String clip(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
