package org.bss.platform.console.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bss.platform.console.ConsoleProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * {@code /console}: the console's page (static files under {@code static/console}) and {@code config.json}, what the
 * page needs to know before it has a credential. Open to anyone: it holds no data, and every call the page makes
 * carries the operator's own credential.
 */
@Controller
class ConsoleController {

    private final ConsoleProperties settings;
    private final String version;

    ConsoleController(ConsoleProperties settings, ObjectProvider<BuildProperties> build) {
        this.settings = settings;
        BuildProperties properties = build.getIfAvailable();
        this.version = properties != null ? properties.getVersion() : "unknown";
    }

    /** The page's relative links (config.json, its modules) need the trailing slash. */
    @GetMapping("/console")
    String redirect() {
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    String page() {
        return "forward:/console/index.html";
    }

    @GetMapping(path = "/console/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("version", version);
        config.put("refreshMillis", settings.refresh().toMillis());
        config.put("windowSeconds", settings.window().toSeconds());
        config.put("tailRows", settings.tailRows());
        return config;
    }
}
