package io.medsieve.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Offline validation of manifests. Kubernetes core objects and Strimzi's KafkaTopic/KafkaUser are read into the
 * typed models of fabric8's kubernetes-model (generated from the Kubernetes OpenAPI) and Strimzi's api module (from
 * which Strimzi generates its CRDs), with every leniency switched off: those models keep unknown fields in an
 * "additional properties" map, which is removed here, so a misspelt or misplaced field fails as
 * {@code kubectl apply --validate=strict} would; scalars are not coerced (a quoted port or an unquoted ConfigMap
 * value fails). KEDA resources are checked against the bundled hand-written schema (schemas/README.md).
 */
final class StrictModels {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new SimpleModule("no-additional-properties").setDeserializerModifier(
                    new BeanDeserializerModifier() {
                        @Override
                        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config,
                                BeanDescription description, BeanDeserializerBuilder builder) {
                            builder.setAnySetter(null);
                            return builder;
                        }
                    }))
            .withCoercionConfig(LogicalType.Textual, coercion -> coercion
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            // Write back every property, defaults included, so that the round trip below compares like with like.
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public JsonInclude.Value findPropertyInclusion(Annotated annotated) {
                    return JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
                }
            })
            .build();

    /** apiVersion/kind to the typed model that validates it. */
    private static final Map<String, Class<?>> MODELS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class,
            "kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class);

    private static final Set<String> KEDA = Set.of("keda.sh/v1alpha1/ScaledObject",
            "keda.sh/v1alpha1/TriggerAuthentication");

    private static final JsonSchema KEDA_SCHEMA = schema("schemas/keda-v2.schema.json");

    private StrictModels() {
    }

    /** Problems found in one object; empty when it is valid. */
    static List<String> problems(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String name = type + " " + object.path("metadata").path("name").asText("<no name>");
        try {
            if (KEDA.contains(type)) {
                List<String> problems = KEDA_SCHEMA.validate(object).stream().map(ValidationMessage::getMessage)
                        .map(message -> name + ": " + message).collect(Collectors.toList());
                STRICT.treeToValue(object.path("metadata"), ObjectMeta.class);
                return problems;
            }
            Class<?> model = MODELS.get(type);
            if (model == null) {
                return List.of(name + ": no model for this apiVersion/kind (known: " + MODELS.keySet() + " "
                        + KEDA + ")");
            }
            Object typed = STRICT.treeToValue(object, model);
            // Read back what the model holds: a value it dropped or replaced (an enum constant it does not know
            // becomes null, for instance) shows up as a difference.
            String lost = lostInRoundTrip("", object, STRICT.valueToTree(typed));
            if (lost != null) {
                return List.of(name + ": " + lost + " is not understood by the model");
            }
            if (object.path("metadata").path("name").asText().isBlank()) {
                return List.of(name + ": metadata.name is required");
            }
            return List.of();
        } catch (Exception e) {
            return List.of(name + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
        }
    }

    /** The first path in {@code written} that {@code read} does not hold with the same value, or null. */
    static String lostInRoundTrip(String path, JsonNode written, JsonNode read) {
        if (read == null || read.isNull() && !written.isNull()) {
            return path.isEmpty() ? "/" : path;
        }
        if (written.isObject()) {
            for (var fields = written.fields(); fields.hasNext(); ) {
                var field = fields.next();
                String lost = lostInRoundTrip(path + "/" + field.getKey(), field.getValue(), read.get(field.getKey()));
                if (lost != null) {
                    return lost;
                }
            }
            return null;
        }
        if (written.isArray()) {
            if (!read.isArray() || read.size() != written.size()) {
                return path;
            }
            for (int i = 0; i < written.size(); i++) {
                String lost = lostInRoundTrip(path + "/" + i, written.get(i), read.get(i));
                if (lost != null) {
                    return lost;
                }
            }
            return null;
        }
        if (written.isNumber() && read.isNumber()) {
            return written.decimalValue().compareTo(read.decimalValue()) == 0 ? null : path;
        }
        return written.equals(read) ? null : path;
    }

    /** Reads an object into its typed model, for tests that assert on typed fields. */
    static <T> T read(JsonNode object, Class<T> model) {
        try {
            return STRICT.treeToValue(object, model);
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static JsonSchema schema(String resource) {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("classpath:" + resource));
        schema.initializeValidators();
        return schema;
    }
}
