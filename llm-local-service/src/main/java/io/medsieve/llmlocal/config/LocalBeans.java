package io.medsieve.llmlocal.config;

import io.medsieve.events.EventJson;
import io.medsieve.llmlocal.backend.BackendException;
import io.medsieve.llmlocal.backend.BoundedBackend;
import io.medsieve.llmlocal.backend.LlamaCppBackend;
import io.medsieve.llmlocal.backend.ModelBackend;
import io.medsieve.llmlocal.backend.OpenAiCompatibleBackend;
import io.medsieve.llmlocal.service.Analyzer;
import io.medsieve.llmlocal.service.LocalModel;
import io.medsieve.llmlocal.service.ProcessedSet;
import io.medsieve.prompts.PromptCatalog;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/** Chooses and loads the backend once, at start, so a missing model is reported before the first document arrives. */
@Singleton
public class LocalBeans {

    private static final Logger LOG = Logger.getLogger(LocalBeans.class);

    @Produces
    @Singleton
    PromptCatalog promptCatalog() {
        return PromptCatalog.standard();
    }

    @Produces
    @Singleton
    ProcessedSet processedSet(LocalConfig config) {
        return new ProcessedSet(Path.of(config.stateDirectory()));
    }

    /** Loaded at start; the log line says which model serves, or that none does and what that means. */
    @Produces
    @Singleton
    @Startup
    LocalModel localModel(LocalConfig config, PromptCatalog prompts) {
        LocalModel model;
        try {
            model = switch (config.backend()) {
                case NONE -> LocalModel.notConfigured("set medsieve.llm-local.backend to llama-cpp or openai-compatible");
                case LLAMA_CPP -> config.llamaCpp().modelPath()
                        .map(path -> ready(config, prompts, llamaCpp(config, Path.of(path))))
                        .orElseGet(() -> LocalModel.notConfigured("medsieve.llm-local.llama-cpp.model-path is unset"));
                case OPENAI_COMPATIBLE -> config.openaiCompatible().baseUrl().isEmpty()
                        || config.openaiCompatible().model().isEmpty()
                        ? LocalModel.notConfigured("medsieve.llm-local.openai-compatible.base-url and .model are needed")
                        : ready(config, prompts, openAiCompatible(config));
            };
        } catch (BackendException e) {
            model = LocalModel.failed(e.getMessage());
        }
        if (model.state() == LocalModel.State.READY) {
            LOG.infof("llm-local: %s", model.status());
        } else {
            LOG.warnf("llm-local: %s", model.status());
        }
        return model;
    }

    void closeModel(@Disposes LocalModel model) {
        model.close();
    }

    private static LocalModel ready(LocalConfig config, PromptCatalog prompts, ModelBackend backend) {
        LocalConfig.Generation generation = config.generation();
        ModelBackend bounded = new BoundedBackend(backend, generation.maxConcurrent(), generation.queueTimeout());
        return LocalModel.ready(bounded, new Analyzer(bounded, prompts, EventJson.mapper(),
                generation.maxOutputTokens(), config.extraction().citationGuard()));
    }

    private static ModelBackend llamaCpp(LocalConfig config, Path path) {
        LocalConfig.LlamaCpp llama = config.llamaCpp();
        String fileName = path.getFileName().toString();
        return new LlamaCppBackend(path, llama.modelId().orElse(fileName.replaceFirst("\\.gguf$", "")),
                llama.contextSize(), config.generation().maxConcurrent(), llama.threads(), llama.gpuLayers(),
                config.generation().timeout(), config.generation().temperature());
    }

    private static ModelBackend openAiCompatible(LocalConfig config) {
        LocalConfig.OpenAiCompatible server = config.openaiCompatible();
        return new OpenAiCompatibleBackend(server.baseUrl().orElseThrow(), server.model().orElseThrow(),
                server.apiKey(), server.contextSize(), server.charsPerToken(), config.generation().timeout(),
                config.generation().temperature());
    }
}
